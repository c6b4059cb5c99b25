import type { HubSite } from "../site-hub/types";

/**
 * Coalescing of hub calls across the concurrent requests of one isolate: every item for the same
 * site that arrives before the next turn of the event loop goes to the site's hub in ONE RPC, and
 * the hub writes them in one group commit. Fewer Durable Object requests means less CPU per event
 * and a lower bill (DO requests are billed one by one); see docs/decisions.md.
 *
 * Fire and forget: the caller answers at once (a redirect, a 204 after validation); the request
 * that opened the batch sends it right after and keeps its own context alive with waitUntil until
 * the hub has answered. The others never wait on it: a request
 * waiting on another request's promise, with no I/O of its own, is canceled by the runtime as hung.
 */
const MAX_ITEMS = 250;
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
    add(site: Site, item: I): { batch: Batch<I>; opener: boolean } {
      let batch = open.get(site.siteId);
      const opener = !batch;
      if (!batch) {
        batch = { site, items: [] };
        open.set(site.siteId, batch);
      }
      batch.items.push(item);
      // A full batch is closed now; the next call opens a new one.
      if (batch.items.length >= MAX_ITEMS) open.delete(site.siteId);
      return { batch, opener };
    },
    /** Called when the batch is sent: later items start a new one. */
    close(batch: Batch<I>): void {
      if (open.get(batch.site.siteId) === batch) open.delete(batch.site.siteId);
    },
  };
}

const nextTurn = () => new Promise<void>((r) => setTimeout(r, 0));
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `enqueue` returns at once; the batch reaches the hub right after the current turn. With `retry`
 * (only for items the hub recognises when they come again, like click ids) a failed write is sent
 * once more; without, a failed batch is logged and dropped, never risked twice.
 */
export function hubQueue<I, O>(send: HubSend<I, O>, what: string, opts: { retry: boolean }) {
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
          if (!opts.retry) {
            console.error(`${what}: ${batch.items.length} not recorded, hub write failed`, String(err));
            return;
          }
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
