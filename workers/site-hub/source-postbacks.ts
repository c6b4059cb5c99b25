import { formatMicros } from "../../shared/money";
import { ulid } from "../lib/ids";
import type { Sql } from "./types";

/**
 * Outgoing postbacks to a campaign's traffic source ("S2S back to the ad network"): queued in the
 * hub when a conversion is accepted, delivered by the hub's alarm with exponential backoff, and
 * copied to D1 (source_postbacks) so the dashboard shows each delivery's status.
 */
export const SOURCE_POSTBACKS_DDL = [
  `CREATE TABLE IF NOT EXISTS campaign_sources (campaign_id TEXT PRIMARY KEY, template TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, conversion_id TEXT NOT NULL, event_type TEXT NOT NULL,
    url TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_http_status INTEGER,
    last_error TEXT, next_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    batch INTEGER NOT NULL DEFAULT 0
  )`,
  "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_at)",
  "CREATE INDEX IF NOT EXISTS outbox_batch ON outbox (batch)",
];

/** Delays after attempt n (1-based): 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, then give up. */
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000];
const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
const TIMEOUT_MS = 5_000;

const knownByHub = new WeakMap<Sql, Map<string, string>>();

/** Remembers the campaign's traffic-source URL template (only written when it changes). */
export function rememberTemplate(sql: Sql, campaignId: string, template: string | null): void {
  let known = knownByHub.get(sql);
  if (!known) {
    known = new Map();
    knownByHub.set(sql, known);
  }
  if (!template || known.get(campaignId) === template) return;
  sql.exec("INSERT OR REPLACE INTO campaign_sources (campaign_id, template) VALUES (?, ?)", campaignId, template);
  known.set(campaignId, template);
}

export interface ConversionForSource {
  conversionId: string;
  campaignId: string | null;
  clickId: string;
  sourceClickId: string | null;
  eventType: string;
  amountMicros: number | null;
  currency: string | null;
  txid: string | null;
}

/** Queues a delivery when the click came from a traffic source with a postback URL. */
export function enqueueSourcePostback(sql: Sql, c: ConversionForSource, now: number): boolean {
  if (!c.campaignId || !c.sourceClickId) return false;
  const template = sql
    .exec<{ template: string }>("SELECT template FROM campaign_sources WHERE campaign_id = ?", c.campaignId)
    .toArray()[0]?.template;
  if (!template) return false;
  const url = fillTemplate(template, {
    source_click_id: c.sourceClickId,
    click_id: c.clickId,
    event: c.eventType,
    amount: c.amountMicros === null ? "" : formatMicros(c.amountMicros),
    payout: c.amountMicros === null ? "" : formatMicros(c.amountMicros),
    currency: c.currency ?? "",
    txid: c.txid ?? c.conversionId,
    conversion_id: c.conversionId,
  });
  if (!url) return false;
  sql.exec(
    `INSERT INTO outbox (id, campaign_id, conversion_id, event_type, url, status, next_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    `sp_${ulid(now)}`,
    c.campaignId,
    c.conversionId,
    c.eventType,
    url,
    now,
    now,
    now,
  );
  return true;
}

/** Replaces {macro} with URL-encoded values; returns null when the result is not an http(s) URL. */
export function fillTemplate(template: string, values: Record<string, string>): string | null {
  const out = template.replace(/\{([a-z_]+)\}/g, (m, name: string) => (name in values ? encodeURIComponent(values[name] ?? "") : m));
  try {
    const u = new URL(out);
    return u.protocol === "https:" || u.protocol === "http:" ? out : null;
  } catch {
    return null;
  }
}

/** Next time the outbox needs the alarm, or null. */
export function nextDue(sql: Sql): number | null {
  return sql.exec<{ t: number | null }>("SELECT min(next_at) AS t FROM outbox WHERE status = 'pending'").one().t ?? null;
}

/** Sends every due delivery once; failures are rescheduled with backoff. */
export async function deliverDue(sql: Sql, now: number, fetcher: typeof fetch = fetch): Promise<number> {
  const due = sql
    .exec<{ id: string; url: string; attempts: number }>(
      "SELECT id, url, attempts FROM outbox WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT 50",
      now,
    )
    .toArray();
  await Promise.all(
    due.map(async (d) => {
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetcher(d.url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "follow" });
        status = res.status;
        await res.body?.cancel();
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000}s` : String((err as Error).message ?? err);
      }
      const attempts = d.attempts + 1;
      const done = error === null;
      const giveUp = !done && attempts >= MAX_ATTEMPTS;
      sql.exec(
        "UPDATE outbox SET status = ?, attempts = ?, last_http_status = ?, last_error = ?, next_at = ?, updated_at = ?, batch = 0 WHERE id = ?",
        done ? "delivered" : giveUp ? "failed" : "pending",
        attempts,
        status,
        error,
        done || giveUp ? null : now + (BACKOFF_MS[attempts - 1] ?? 3_600_000),
        now,
        d.id,
      );
    }),
  );
  return due.length;
}

export function pruneOutbox(sql: Sql, now: number): void {
  sql.exec("DELETE FROM outbox WHERE status != 'pending' AND batch = -1 AND updated_at < ?", now - 7 * 86_400_000);
}
