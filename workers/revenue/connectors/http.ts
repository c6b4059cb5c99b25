import { addDays } from "../../../shared/time";
import { ConnectorError, type ConnectorOffer } from "./types";

const TIMEOUT_MS = 20_000;

/** Per-offer request timeout (config.timeoutMs, 1–60 s by its schema), default 20 s. */
export function timeoutOf(offer: ConnectorOffer): number {
  return offer.config.timeoutMs ?? TIMEOUT_MS;
}

/** fetch with a timeout and uniform mapping of transport-level failures to ConnectorError. */
export async function fetchText(
  fetcher: typeof fetch,
  url: string,
  init: RequestInit = {},
  timeoutMs = TIMEOUT_MS,
): Promise<{ status: number; text: string; headers: Headers }> {
  let res: Response | null = null;
  // A pooled keep-alive connection the platform closed while we were storing the previous window
  // fails at once ("Network connection lost"): one immediate retry on a fresh connection. Timeouts
  // are not retried here (the queue backs off instead).
  for (let attempt = 1; res === null; attempt++) {
    try {
      res = await fetcher(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const name = (err as Error).name;
      // A private or internal target (lib/outbound.ts): a setup mistake, not worth a retry.
      if (name === "BlockedTargetError") throw new ConnectorError("config", (err as Error).message);
      // Its DNS check could not be made (resolver down, SERVFAIL): refused now, retried later like a platform outage.
      if (name === "TargetCheckError") throw new ConnectorError("server", (err as Error).message);
      if (name === "TimeoutError" || name === "AbortError") throw new ConnectorError("timeout", `no answer within ${timeoutMs / 1000}s`);
      if (attempt >= 2) throw new ConnectorError("server", `request failed: ${String((err as Error).message ?? err)}`);
    }
  }
  const text = await res.text();
  if (res.status === 429) {
    const ra = Number(res.headers.get("retry-after"));
    throw new ConnectorError("rate_limited", "rate limited (429)", 429, Number.isFinite(ra) && ra > 0 ? ra : 60, text);
  }
  if (res.status === 401 || res.status === 403) {
    throw new ConnectorError("auth", `the platform refused the credentials (${res.status})`, res.status, null, text);
  }
  if (res.status >= 500) throw new ConnectorError("server", `platform error ${res.status}`, res.status, null, text);
  if (res.status >= 400) throw new ConnectorError("config", `platform answered ${res.status}`, res.status, null, text);
  return { status: res.status, text, headers: res.headers };
}

export function splitWindows(from: string, to: string, maxDays: number, sameMonth: boolean): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  let start = from;
  while (start <= to) {
    let end = addDays(start, maxDays - 1);
    if (sameMonth) {
      const monthEnd = lastDayOfMonth(start);
      if (end > monthEnd) end = monthEnd;
    }
    if (end > to) end = to;
    out.push({ from: start, to: end });
    start = addDays(end, 1);
  }
  return out;
}

function lastDayOfMonth(date: string): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** Raw responses kept for a sync run's traceability are capped: a 100k-row pull must not hold 100 MB of text. */
export const RAW_KEEP_BYTES = 64 * 1024;

export function pushRaw(raws: string[], text: string): void {
  const used = raws.reduce((a, r) => a + r.length, 0);
  if (used >= RAW_KEEP_BYTES) return;
  raws.push(text.length + used > RAW_KEEP_BYTES ? `${text.slice(0, RAW_KEEP_BYTES - used)}…[truncated]` : text);
}
