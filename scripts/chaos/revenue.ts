import { createHash } from "node:crypto";
import { splitWindows } from "../../workers/revenue/connectors/http";
import { queryLocalD1 } from "../lib/local-d1";
import type { ApiClient } from "./client";

/**
 * The revenue side of the chaos run: one offer's partitions (its connector's windows) hashed from
 * D1, a re-sync started through the dashboard's API and awaited through its progress route.
 */
export interface RevenueTarget {
  offerId: string;
  from: string;
  to: string;
  /** The connector's window length (Affilka: 7 days): a pull replaces one window at a time. */
  windowDays: number;
}

export function windowsOf(t: RevenueTarget) {
  return splitWindows(t.from, t.to, t.windowDays, false);
}

/** sha256 of each window's active rows (natural key + value hash), from local D1. */
export function partitionHashes(persistDir: string, t: RevenueTarget): Map<string, string> {
  if (!/^[\w-]+$/.test(t.offerId)) throw new Error("bad offer id");
  const rows = queryLocalD1<{ natural_key: string; report_date: string; row_hash: string }>(
    persistDir,
    `SELECT natural_key, report_date, row_hash FROM revenue_rows WHERE offer_id = '${t.offerId}' AND state = 'active' ORDER BY natural_key`,
  );
  const out = new Map<string, string>();
  for (const w of windowsOf(t)) {
    const h = createHash("sha256");
    for (const r of rows) if (r.report_date >= w.from && r.report_date <= w.to) h.update(`${r.natural_key}|${r.row_hash}\n`);
    out.set(`${w.from}..${w.to}`, h.digest("hex").slice(0, 16));
  }
  return out;
}

export async function startResync(api: ApiClient, t: RevenueTarget): Promise<string | null> {
  const res = await api
    .post<{ handle?: { requestId: string } }>(`/api/offers/${t.offerId}/resync`, { from: t.from, to: t.to })
    .catch(() => null);
  if (res?.status !== 202) console.error(`[chaos] re-sync not started: ${res?.status} ${JSON.stringify(res?.body)}`);
  return res?.status === 202 ? (res.body.handle?.requestId ?? null) : null;
}

export async function awaitResync(api: ApiClient, t: RevenueTarget, requestId: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = (await api.get<{ progress: { status: string } }>(`/api/offers/${t.offerId}/resync/${requestId}`).catch(() => null))?.progress;
    if (p && p.status !== "queued" && p.status !== "running") return p.status;
    if (Date.now() > deadline) return p?.status ?? "unknown";
    await new Promise((r) => setTimeout(r, 300));
  }
}
