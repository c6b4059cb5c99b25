import { localDate } from "../../shared/time";
import type { CounterBatch } from "./counters";
import { visitorHash } from "./identity";
import { rememberTemplate } from "./source-postbacks";
import type { ClickInput, HubSite, Sql } from "./types";

/**
 * Clicks live in the hub (for attribution of postbacks without touching D1) and are copied to
 * D1 by the flush. `batch`: 0 = waiting for a flush, >0 = in flush batch n, -1 = in D1.
 */
export const CLICKS_DDL = [
  `CREATE TABLE IF NOT EXISTS clicks (
    id TEXT PRIMARY KEY, ts INTEGER NOT NULL, day TEXT NOT NULL, link_id TEXT NOT NULL,
    campaign_id TEXT, offer_id TEXT NOT NULL, visitor_hash TEXT NOT NULL, is_unique INTEGER NOT NULL,
    flag TEXT, country TEXT, sub_ids TEXT NOT NULL, placement TEXT, referrer TEXT,
    batch INTEGER NOT NULL DEFAULT 0, source_click_id TEXT
  )`,
  "CREATE INDEX IF NOT EXISTS clicks_batch ON clicks (batch)",
  "CREATE INDEX IF NOT EXISTS clicks_ts ON clicks (ts)",
  `CREATE TABLE IF NOT EXISTS click_visitors (
    visitor_hash TEXT NOT NULL, link_id TEXT NOT NULL, ts INTEGER NOT NULL,
    PRIMARY KEY (visitor_hash, link_id)
  )`,
];

const UNIQUE_WINDOW_MS = 60 * 60 * 1000;

export interface StoredClick {
  id: string;
  campaign_id: string | null;
  offer_id: string;
  flag: string | null;
  source_click_id: string | null;
}

/**
 * Writes one click (synchronous; run inside the hub's group-commit transaction). Idempotent on the
 * click id: a retried call (the edge retries in the background when a call fails, and the first
 * attempt may have been written after all) counts nothing twice.
 */
export function applyClick(sql: Sql, site: HubSite, input: ClickInput, counters: CounterBatch): { unique: boolean } {
  const day = localDate(input.ts, site.timezone);
  const hash = visitorHash(sql, day, site.siteId ?? "", input.identity);
  const seen = (key: string) =>
    sql.exec<{ ts: number }>("SELECT ts FROM click_visitors WHERE visitor_hash = ? AND link_id = ?", hash, key).toArray()[0];
  const fresh = (prev: { ts: number } | undefined) => !prev || input.ts - prev.ts >= UNIQUE_WINDOW_MS;
  // A flagged click stores whether it would be unique if its reason were counted (a site may count
  // it later: reports decide when read): no counted click of the visitor within the hour, and no
  // click with the same flag either (a bot's 50 hits are one unique click, not 50). It is remembered
  // under its own reason only, so it never hides a counted click.
  const visitorKey = input.flag ? `${input.linkId}#${input.flag}` : input.linkId;
  const unique = fresh(seen(input.linkId)) && (!input.flag || fresh(seen(visitorKey)));
  const written = sql.exec(
    `INSERT OR IGNORE INTO clicks (id, ts, day, link_id, campaign_id, offer_id, visitor_hash, is_unique, flag, country, sub_ids, placement, referrer, source_click_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    input.clickId,
    input.ts,
    day,
    input.linkId,
    input.campaignId,
    input.offerId,
    hash,
    unique ? 1 : 0,
    input.flag,
    input.country,
    JSON.stringify(input.subIds),
    input.placement,
    input.referrer,
    input.sourceClickId,
  ).rowsWritten;
  if (written === 0) {
    // A retry of a click already stored: answer as the first time, count nothing.
    const stored = sql.exec<{ is_unique: number }>("SELECT is_unique FROM clicks WHERE id = ?", input.clickId).toArray()[0];
    return { unique: !input.flag && stored?.is_unique === 1 };
  }
  if (unique) {
    sql.exec("INSERT OR REPLACE INTO click_visitors (visitor_hash, link_id, ts) VALUES (?, ?, ?)", hash, visitorKey, input.ts);
  }
  if (input.campaignId) rememberTemplate(sql, input.campaignId, input.sourceTemplate);
  if (input.flag) {
    counters.add(day, input.campaignId, input.offerId, "flagged_clicks", 1);
    counters.add(day, input.campaignId, input.offerId, `flagged_${input.flag}`, 1);
  } else {
    counters.add(day, input.campaignId, input.offerId, "clicks", 1);
    if (unique) counters.add(day, input.campaignId, input.offerId, "unique_clicks", 1);
  }
  return { unique: unique && !input.flag };
}

export function findClick(sql: Sql, clickId: string): StoredClick | null {
  return (
    sql
      .exec<StoredClick & Record<string, SqlStorageValue>>(
        "SELECT id, campaign_id, offer_id, flag, source_click_id FROM clicks WHERE id = ?",
        clickId,
      )
      .toArray()[0] ?? null
  );
}

/** Keeps flushed clicks for attribution for `retentionDays`; D1 keeps them for reporting. */
export function pruneClicks(sql: Sql, now: number, retentionDays: number): void {
  sql.exec("DELETE FROM clicks WHERE batch = -1 AND ts < ?", now - retentionDays * 86_400_000);
  sql.exec("DELETE FROM click_visitors WHERE ts < ?", now - UNIQUE_WINDOW_MS);
}
