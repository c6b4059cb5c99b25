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
type HubSend<I, O> = (env: Env, site: Site, items: I[]) => Promise<O[]>;

const nextTurn = () => new Promise<void>((r) => setTimeout(r, 0));
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `enqueue` returns at once; the batch reaches the hub right after the current turn. With `retry`
 * (only for items the hub recognises when they come again, like click ids) a failed write is sent
 * once more; without, a failed batch is logged and dropped, never risked twice.
 */
export function hubQueue<I, O>(send: HubSend<I, O>, what: string, opts: { retry: boolean }) {
  // The batch still open for each site; it closes when sent or full, and later items start a new one.
  const open = new Map<string, I[]>();
  return function enqueue(env: Env, ctx: Ctx, site: Site, item: I): void {
    const joined = open.get(site.siteId);
    if (joined) {
      joined.push(item);
      if (joined.length >= MAX_ITEMS) open.delete(site.siteId);
      return;
    }
    const items = [item];
    open.set(site.siteId, items);
    ctx.waitUntil(
      nextTurn().then(async () => {
        if (open.get(site.siteId) === items) open.delete(site.siteId);
        try {
          await send(env, site, items);
        } catch (err) {
          if (!opts.retry) {
            console.error(`${what}: ${items.length} not recorded, hub write failed`, String(err));
            return;
          }
          console.error(`${what}: hub write failed, retrying`, String(err));
          await pause(RETRY_AFTER_MS);
          await send(env, site, items).catch((e) => console.error(`${what}: ${items.length} not recorded after a retry`, String(e)));
        }
      }),
    );
  };
}
