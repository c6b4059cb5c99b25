/**
 * Group commit: items that reach the hub together are applied in ONE storage transaction, so the
 * commit (and the output gate that holds every reply until it is durable) is paid once per batch
 * instead of once per request. Each caller still gets its answer only after its own item is written.
 *
 * A batch may carry state (`begin`): increments summed in memory while its items are applied and
 * written once by `end()` before the transaction commits (live counters, analytics rollups).
 */
export interface BatchState {
  end(): void;
}

export class GroupCommit<I, O, S extends BatchState> {
  private queue: { item: I; done: (o: O) => void; fail: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly storage: DurableObjectStorage,
    /** Synchronous writes, run inside the batch's transaction, in arrival order. */
    private readonly apply: (item: I, batch: S) => O,
    private readonly begin: () => S,
    private readonly maxBatch = 500,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((done, fail) => {
      this.queue.push({ item, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let the requests already waiting at the object's door join this batch.
        setTimeout(() => void this.drain(), 0);
      }
    });
  }

  private drain(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setTimeout(() => void this.drain(), 0);
    }
    try {
      const out = this.storage.transactionSync(() => {
        const state = this.begin();
        const results = batch.map((b) => this.apply(b.item, state));
        state.end();
        return results;
      });
      batch.forEach((b, i) => {
        b.done(out[i] as O);
      });
    } catch (err) {
      for (const b of batch) b.fail(err);
    }
  }
}
