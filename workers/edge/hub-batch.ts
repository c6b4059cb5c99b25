import { AppError } from "../lib/errors";
import type { HubSite } from "../site-hub/types";

/**
 * Coalescing of hub calls across the concurrent requests of one isolate: every item for the same
 * site that arrives before the next turn of the event loop goes to the site's hub in ONE RPC, and
 * the hub writes them in one group commit. Fewer Durable Object requests means less CPU per event
 * and a lower bill (DO requests are billed one by one); see docs/decisions.md.
 *
 * The request that opens a batch sends it, and keeps its own context alive with waitUntil until
 * the hub has answered. Two ways to use it:
 *  - hubQueue: fire and forget (clicks). The caller answers at once; the batch is written right
 *    after, retried once, and the hub ignores an item it already has (so the retry is safe).
 *  - hubBatcher: each caller waits for its own item's answer (beacons), after the write.
 */
const MAX_ITEMS = 250;
const WAIT_LIMIT_MS = 10_000;
const RETRY_AFTER_MS = 250;

type Site = HubSite & { siteId: string };
type Ctx = Pick<ExecutionContext, "waitUntil">;
export type HubSend<I, O> = (env: Env, site: Site, items: I[]) => Promise<O[]>;

interface Batch<I> {
  site: Site;
  items: I[];
}

/** Open batches per site; `add` says whether this call opened one (and so must send it). */
function collector<I>() {
  const open = new Map<string, Batch<I>>();
  return {
    add(site: Site, item: I): { batch: Batch<I>; index: number; opener: boolean } {
      let batch = open.get(site.siteId);
      const opener = !batch;
      if (!batch) {
        batch = { site, items: [] };
        open.set(site.siteId, batch);
      }
      const index = batch.items.push(item) - 1;
      // A full batch is closed now; the next call opens a new one.
      if (batch.items.length >= MAX_ITEMS) open.delete(site.siteId);
      return { batch, index, opener };
    },
    /** Called when the batch is sent: later items start a new one. */
    close(batch: Batch<I>): void {
      if (open.get(batch.site.siteId) === batch) open.delete(batch.site.siteId);
    },
  };
}

const nextTurn = () => new Promise<void>((r) => setTimeout(r, 0));
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fire and forget: `enqueue` returns at once; the batch reaches the hub right after (one retry). */
export function hubQueue<I, O>(send: HubSend<I, O>, what: string) {
  const batches = collector<I>();
  return function enqueue(env: Env, ctx: Ctx, site: Site, item: I): void {
    const { batch, opener } = batches.add(site, item);
    if (!opener) return;
    ctx.waitUntil(
      nextTurn().then(async () => {
        batches.close(batch);
        try {
          await send(env, batch.site, batch.items);
        } catch (err) {
          console.error(`${what}: hub write failed, retrying`, String(err));
          await pause(RETRY_AFTER_MS);
          await send(env, batch.site, batch.items).catch((e) =>
            console.error(`${what}: ${batch.items.length} not recorded after a retry`, String(e)),
          );
        }
      }),
    );
  };
}

/** Each caller gets its own item's answer, after the hub's write. */
export function hubBatcher<I, O>(send: HubSend<I, O>) {
  const batches = collector<I>();
  const waiters = new WeakMap<Batch<I>, { resolve: (o: O) => void; reject: (e: unknown) => void }[]>();

  return function call(env: Env, ctx: Ctx, site: Site, item: I): Promise<O> {
    const { batch, index, opener } = batches.add(site, item);
    let list = waiters.get(batch);
    if (!list) {
      list = [];
      waiters.set(batch, list);
    }
    const mine = list;
    // The deadline timer is also what keeps a waiting request "alive" for the runtime: without
    // pending I/O of its own, a request waiting on another request's batch looks hung and is canceled.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = new Promise<O>((resolve, reject) => {
      mine[index] = { resolve, reject };
      timer = setTimeout(() => reject(new AppError(503, "hub_timeout", "The site's hub did not answer in time")), WAIT_LIMIT_MS);
    }).finally(() => clearTimeout(timer));

    if (opener) {
      ctx.waitUntil(
        nextTurn().then(async () => {
          batches.close(batch);
          try {
            const out = await send(env, batch.site, batch.items);
            if (out.length !== batch.items.length) throw new Error(`hub answered ${out.length} of ${batch.items.length} items`);
            mine.forEach((w, i) => {
              w.resolve(out[i] as O);
            });
          } catch (err) {
            for (const w of mine) w.reject(err);
          }
        }),
      );
    }
    return answer;
  };
}
