import { localDate } from "../../shared/time";
import type { Outcome } from "../db/schema";
import { sha256Hex, ulid } from "../lib/ids";
import { findClick } from "./clicks";
import type { CounterBatch, Metric } from "./counters";
import { enqueueSourcePostback } from "./source-postbacks";
import type { HubSite, ParsedPostback, PostbackInput, PostbackResult, Sql } from "./types";

/**
 * Postbacks: every request is logged (`pb_log`); a conversion is counted once per dedupe key.
 * Dedupe key: the platform's transaction id when sent; otherwise one registration / FTD /
 * qualification per click (or player), and for deposits a hash of the whole request (a retry is
 * byte-identical, a real second deposit differs in its txid or time parameter).
 */
export const POSTBACKS_DDL = [
  `CREATE TABLE IF NOT EXISTS conversions (
    id TEXT PRIMARY KEY, dedupe_key TEXT NOT NULL UNIQUE, click_id TEXT, campaign_id TEXT, offer_id TEXT,
    attributed INTEGER NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, amount_micros INTEGER,
    currency TEXT, player_id TEXT, txid TEXT, occurred_at INTEGER NOT NULL, day TEXT NOT NULL,
    updated_at INTEGER NOT NULL, batch INTEGER NOT NULL DEFAULT 0
  )`,
  "CREATE INDEX IF NOT EXISTS conversions_batch ON conversions (batch)",
  "CREATE INDEX IF NOT EXISTS conversions_click ON conversions (click_id, event_type)",
  `CREATE TABLE IF NOT EXISTS pb_log (
    id TEXT PRIMARY KEY, click_id TEXT, campaign_id TEXT, offer_id TEXT, event_type TEXT, outcome TEXT NOT NULL,
    reason TEXT, conversion_id TEXT, received_at INTEGER NOT NULL, day TEXT NOT NULL, method TEXT NOT NULL,
    raw_query TEXT NOT NULL, raw_body TEXT, remote_ip TEXT, batch INTEGER NOT NULL DEFAULT 0
  )`,
  "CREATE INDEX IF NOT EXISTS pb_log_batch ON pb_log (batch)",
  // A status change that arrives before its conversion waits here and is applied when it lands.
  "CREATE TABLE IF NOT EXISTS pending_status (k TEXT PRIMARY KEY, status TEXT NOT NULL, received_at INTEGER NOT NULL)",
];

const EVENT_METRIC: Record<string, Metric | null> = {
  registration: "registrations",
  ftd: "ftds",
  qualified: "qualified",
  deposit: "deposits",
  status_change: null,
};

interface ExistingConversion {
  id: string;
  status: string;
  event_type: string;
  campaign_id: string | null;
  offer_id: string | null;
  day: string;
  amount_micros: number | null;
  currency: string | null;
}

function contentHash(input: PostbackInput): string {
  return sha256Hex(`${input.method}|${input.rawQuery}|${input.rawBody ?? ""}`, 16);
}

function dedupeKey(p: ParsedPostback, scope: string, hash: string): string {
  if (p.txid) return `tx:${scope}:${p.txid}`;
  const subject = p.clickId ?? (p.playerId ? `player:${p.playerId}` : null);
  if (p.eventType !== "deposit" && subject) return `ev:${scope}:${subject}:${p.eventType}`;
  return `h:${scope}:${hash}`;
}

/** Dedupe, attribute, store, count (synchronous; run inside the hub's group-commit transaction). */
export function applyPostback(sql: Sql, site: HubSite, input: PostbackInput, counters: CounterBatch): PostbackResult {
  const hash = contentHash(input);
  const day = localDate(input.receivedAt, site.timezone);
  const log = (
    outcome: Outcome,
    reason: string | null,
    conversionId: string | null,
    campaignId: string | null,
    offerId: string | null,
  ): PostbackResult => {
    sql.exec(
      `INSERT OR IGNORE INTO pb_log (id, click_id, campaign_id, offer_id, event_type, outcome, reason, conversion_id, received_at, day, method, raw_query, raw_body, remote_ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.id,
      input.parsed?.clickId ?? null,
      campaignId,
      offerId,
      input.parsed?.eventType ?? null,
      outcome,
      reason,
      conversionId,
      input.receivedAt,
      day,
      input.method,
      input.rawQuery,
      input.rawBody,
      input.remoteIp,
    );
    counters.add(day, campaignId, offerId, `pb_${outcome}`, 1);
    return { id: input.id, outcome, reason, conversionId };
  };

  const p = input.parsed;
  if (!p || input.rejectReason) {
    return log("rejected", input.rejectReason ?? "unparseable postback", null, input.keyCampaignId, input.keyOfferId);
  }

  // Attribution: the click lives in this hub (written just after its redirect), so no D1 read is needed.
  const click = p.clickId ? findClick(sql, p.clickId) : null;
  if (click && input.keyOfferIds.length > 0 && !input.keyOfferIds.includes(click.offer_id)) {
    return log(
      "rejected",
      `click ${p.clickId} belongs to another offer than this postback key`,
      null,
      input.keyCampaignId,
      input.keyOfferId,
    );
  }
  const campaignId = click?.campaign_id ?? input.keyCampaignId;
  const offerId = click?.offer_id ?? input.keyOfferId;
  const scope = offerId ?? input.keyCampaignId ?? "ws";

  const existing = findExisting(sql, p, scope);
  const key = dedupeKey(p, scope, hash);

  // A status change (explicit, or a known conversion arriving with a new status) updates in place.
  if (existing && (p.eventType === "status_change" || (p.status && p.status !== existing.status))) {
    if (!p.status || p.status === existing.status) {
      return log("duplicate", "status unchanged", existing.id, existing.campaign_id, existing.offer_id);
    }
    applyStatusChange(sql, counters, existing, p.status, input.receivedAt);
    return log("accepted", `status ${existing.status} → ${p.status}`, existing.id, existing.campaign_id, existing.offer_id);
  }
  if (p.eventType === "status_change") {
    if (!p.status) return log("rejected", "status change without a status", null, campaignId, offerId);
    const k = p.txid ? `tx:${scope}:${p.txid}` : p.clickId ? `click:${p.clickId}` : null;
    if (!k) return log("rejected", "status change names no conversion (send txid or click_id)", null, campaignId, offerId);
    sql.exec("INSERT OR REPLACE INTO pending_status (k, status, received_at) VALUES (?, ?, ?)", k, p.status, input.receivedAt);
    return log("accepted", `status ${p.status} held until its conversion arrives`, null, campaignId, offerId);
  }

  const dup = sql.exec<{ id: string }>("SELECT id FROM conversions WHERE dedupe_key = ?", key).toArray()[0];
  if (dup) return log("duplicate", "already counted", dup.id, campaignId, offerId);

  const attributed = click !== null && !click.flag;
  const conversionId = `cv_${ulid(input.receivedAt)}`;
  const held = takePendingStatus(sql, p, scope);
  const status = held ?? p.status ?? "approved";
  sql.exec(
    `INSERT INTO conversions (id, dedupe_key, click_id, campaign_id, offer_id, attributed, event_type, status, amount_micros, currency, player_id, txid, occurred_at, day, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    conversionId,
    key,
    p.clickId,
    campaignId,
    offerId,
    attributed ? 1 : 0,
    p.eventType,
    status,
    p.amountMicros,
    p.currency,
    p.playerId,
    p.txid,
    input.receivedAt,
    day,
    input.receivedAt,
  );
  const counted = status !== "rejected" && status !== "chargeback";
  if (counted) countConversion(counters, day, campaignId, offerId, p, 1);
  if (attributed && counted && click && p.clickId) {
    enqueueSourcePostback(
      sql,
      {
        conversionId,
        campaignId,
        clickId: p.clickId,
        sourceClickId: click.source_click_id,
        eventType: p.eventType,
        amountMicros: p.amountMicros,
        currency: p.currency,
        txid: p.txid,
      },
      input.receivedAt,
    );
  }
  if (!attributed) {
    const why = !p.clickId ? "no click id" : click?.flag ? `click flagged (${click.flag})` : `unknown click id ${p.clickId}`;
    return log("unattributed", why, conversionId, campaignId, offerId);
  }
  return log("accepted", null, conversionId, campaignId, offerId);
}

/** A status change seen before this conversion (by txid, else by click for non-deposits). */
function takePendingStatus(sql: Sql, p: ParsedPostback, scope: string): string | null {
  const keys = [p.txid ? `tx:${scope}:${p.txid}` : null, p.clickId && p.eventType !== "deposit" ? `click:${p.clickId}` : null];
  for (const k of keys) {
    if (!k) continue;
    const row = sql.exec<{ status: string }>("DELETE FROM pending_status WHERE k = ? RETURNING status", k).toArray()[0];
    if (row) return row.status;
  }
  return null;
}

function findExisting(sql: Sql, p: ParsedPostback, scope: string): ExistingConversion | null {
  const cols = "id, status, event_type, campaign_id, offer_id, day, amount_micros, currency";
  if (p.txid) {
    return (
      sql
        .exec<ExistingConversion & Record<string, SqlStorageValue>>(
          `SELECT ${cols} FROM conversions WHERE dedupe_key = ?`,
          `tx:${scope}:${p.txid}`,
        )
        .toArray()[0] ?? null
    );
  }
  if (!p.clickId) return null;
  // Without a txid, a status change targets the click's FTD first, then its qualification, then registration.
  const types = p.eventType === "status_change" ? ["ftd", "qualified", "registration", "deposit"] : [p.eventType];
  for (const t of types) {
    const row = sql
      .exec<ExistingConversion & Record<string, SqlStorageValue>>(
        `SELECT ${cols} FROM conversions WHERE click_id = ? AND event_type = ? ORDER BY occurred_at DESC LIMIT 1`,
        p.clickId,
        t,
      )
      .toArray()[0];
    if (row) return row;
  }
  return null;
}

function countConversion(
  counters: CounterBatch,
  day: string,
  campaignId: string | null,
  offerId: string | null,
  p: Pick<ParsedPostback, "eventType" | "amountMicros" | "currency">,
  sign: 1 | -1,
): void {
  const metric = EVENT_METRIC[p.eventType];
  if (!metric) return;
  counters.add(day, campaignId, offerId, metric, sign);
  if (p.eventType === "deposit" && p.amountMicros !== null && p.currency) {
    counters.add(day, campaignId, offerId, "deposit_amount", sign * p.amountMicros, p.currency);
  }
}

function applyStatusChange(sql: Sql, counters: CounterBatch, existing: ExistingConversion, status: string, at: number): void {
  const wasCounted = existing.status !== "rejected" && existing.status !== "chargeback";
  const nowCounted = status !== "rejected" && status !== "chargeback";
  // Re-queue for flush (batch = 0) so D1 receives the new status.
  sql.exec("UPDATE conversions SET status = ?, updated_at = ?, batch = 0 WHERE id = ?", status, at, existing.id);
  if (wasCounted !== nowCounted) {
    countConversion(
      counters,
      existing.day,
      existing.campaign_id,
      existing.offer_id,
      {
        eventType: existing.event_type as ParsedPostback["eventType"],
        amountMicros: existing.amount_micros,
        currency: existing.currency,
      },
      nowCounted ? 1 : -1,
    );
  }
}
