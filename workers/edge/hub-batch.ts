import type { HubSite } from "../site-hub/types";
import { hubStub } from "./resolve";

/**
 * Coalescing of hub calls across the concurrent requests of one isolate: every item for the same
 * site that arrives within BATCH_WINDOW_MS of the batch's first goes to the site's hub in ONE RPC,
 * and the hub writes them in one group commit. Fewer Durable Object requests means less CPU per event
 * and a lower bill (DO requests are billed one by one); see docs/decisions.md.
 *
 * Fire and forget: the caller answers at once (a redirect, a 204 after validation); the request
 * that opened the batch sends it right after and keeps its own context alive with waitUntil until
 * the hub has answered. The others never wait on it: a request
 * waiting on another request's promise, with no I/O of its own, is canceled by the runtime as hung.
 *
 * At least once, never twice: a failed RPC (the hub reset, overloaded, unreachable) is sent again
 * with backoff inside the same waitUntil; the hub ignores what it already holds when it comes again
 * (each click by its click id, a beacon batch by the batch id minted here: a batch is sent whole and
 * written in one transaction), so a retry of a batch that was written after all counts nothing twice.
 * What the hub still has not confirmed is logged with the stable code `hub_write_lost` and counted in
 * its live counters (`lost_clicks`, `lost_beacons`; edge-losses.ts) — never dropped silently.
 */
const MAX_ITEMS = 250;
/**
 * How long a batch stays open after its first item. Until the next turn (0 ms) made batches of a few
 * items under load, and the RPC and the hub transaction per batch were a measured share of a click;
 * 10 ms cut the Worker's CPU per click and beacon by ≈ 0.04–0.12 ms (docs/performance.md, session 9).
 * Nobody waits on it (the redirect or 204 is already sent); the cost is that a crashed runtime loses
 * what its open batches held (docs/decisions.md, "Edge batches stay open 10 ms").
 */
const BATCH_WINDOW_MS = 10;
/** Pauses before the 2nd, 3rd and 4th attempt (± jitter). */
const RETRY_PAUSES_MS = [100, 500, 2_000];
/**
 * An attempt still unanswered after this counts as failed (the retry is deduped if the first one lands
 * after all): 4 attempts, the pauses and the loss count stay inside waitUntil's 30 s after the response,
 * so a hanging hub cannot make a batch vanish uncounted with its request.
 */
const ATTEMPT_TIMEOUT_MS = 5_000;

export type LostKind = "clicks" | "beacons";
type Site = HubSite & { siteId: string };
type Ctx = Pick<ExecutionContext, "waitUntil">;
type HubSend<I, O> = (env: Env, site: Site, items: I[], batchId: string) => Promise<O[]>;
/** The ids the hub checks to count a batch as lost (click ids, or the batch's id). */
type LostIds<I> = (items: I[], batchId: string) => string[];

const batchWindow = () => new Promise<void>((r) => setTimeout(r, BATCH_WINDOW_MS));
// Jitter spreads the retries of many isolates after one hub reset.
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms * (0.75 + Math.random() / 2)));
function timeLimit<T>(p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no answer in ${ATTEMPT_TIMEOUT_MS} ms`)), ATTEMPT_TIMEOUT_MS);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** `enqueue` returns at once; the batch reaches the hub when its window closes (retried, see above). */
export function hubQueue<I, O>(send: HubSend<I, O>, what: LostKind, lostIds: LostIds<I>) {
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
      batchWindow().then(async () => {
        if (open.get(site.siteId) === items) open.delete(site.siteId);
        await sendWithRetries(env, site, items, crypto.randomUUID(), send, what, lostIds);
      }),
    );
  };
}

async function sendWithRetries<I, O>(
  env: Env,
  site: Site,
  items: I[],
  batchId: string,
  send: HubSend<I, O>,
  what: LostKind,
  lostIds: LostIds<I>,
): Promise<void> {
  let last: unknown;
  for (const [attempt, ms] of [0, ...RETRY_PAUSES_MS].entries()) {
    if (ms > 0) await pause(ms);
    try {
      // A new stub each time (hubStub): a stub that saw its object reset stays broken.
      await timeLimit(send(env, site, items, batchId));
      return;
    } catch (err) {
      last = err;
      console.warn(`hub_write_retry: ${items.length} ${what} of site ${site.siteId}, attempt ${attempt + 1} failed`, String(err));
    }
  }
  console.error(`hub_write_lost: ${items.length} ${what} of site ${site.siteId} not confirmed after retries`, String(last));
  // Counted where the site's live snapshot shows it; when the hub is still unreachable, the log line is the record.
  await timeLimit(hubStub(env, site.siteId).noteLost(site, what, lostIds(items, batchId), items.length)).catch((e) =>
    console.error(`hub_write_lost: the loss of ${items.length} ${what} of site ${site.siteId} not counted`, String(e)),
  );
}
