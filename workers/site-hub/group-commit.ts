/**
 * Group commit: items that reach the hub together are applied in ONE storage transaction, so the
 * commit (and the output gate that holds every reply until it is durable) is paid once per batch
 * instead of once per request. Each caller still gets its answer only after its own item is written.
 */
export class GroupCommit<I, P, O> {
  private queue: { item: I; done: (o: O) => void; fail: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly storage: DurableObjectStorage,
    /** Async work that must happen outside the transaction (hashing). */
    private readonly prepare: (item: I) => Promise<P>,
    /** Synchronous writes, run inside the batch's transaction. */
    private readonly apply: (item: I, prepared: P) => O,
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

  private async drain(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setTimeout(() => void this.drain(), 0);
    }
    try {
      const prepared = await Promise.all(batch.map((b) => this.prepare(b.item)));
      const out = this.storage.transactionSync(() => batch.map((b, i) => this.apply(b.item, prepared[i] as P)));
      batch.forEach((b, i) => {
        b.done(out[i] as O);
      });
    } catch (err) {
      for (const b of batch) b.fail(err);
    }
  }
}
