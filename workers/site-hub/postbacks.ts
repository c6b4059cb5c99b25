import { eventNameKey, type PostbackEventType } from "../../shared/postback-events";
import { localDate } from "../../shared/time";
import type { Outcome } from "../db/schema";
import { truncateBytes } from "../lib/bytes";
import { sha256Hex, ulid } from "../lib/ids";
import { findClick, type StoredClick } from "./clicks";
import { CounterBatch, type Metric } from "./counters";
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
  "CREATE INDEX IF NOT EXISTS conversions_player ON conversions (player_id, event_type)",
  `CREATE TABLE IF NOT EXISTS pb_log (
    id TEXT PRIMARY KEY, click_id TEXT, campaign_id TEXT, offer_id TEXT, event_type TEXT, outcome TEXT NOT NULL,
    reason TEXT, conversion_id TEXT, received_at INTEGER NOT NULL, day TEXT NOT NULL, method TEXT NOT NULL,
    raw_query TEXT NOT NULL, raw_body TEXT, remote_ip TEXT, batch INTEGER NOT NULL DEFAULT 0, event_name TEXT
  )`,
  "CREATE INDEX IF NOT EXISTS pb_log_batch ON pb_log (batch)",
  // A status change that arrives before its conversion waits here and is applied when it lands.
  "CREATE TABLE IF NOT EXISTS pending_status (k TEXT PRIMARY KEY, status TEXT NOT NULL, received_at INTEGER NOT NULL)",
  // Postbacks whose event name the offer did not map, kept whole so mapping the name re-applies them once.
  `CREATE TABLE IF NOT EXISTS unmapped (
    id TEXT PRIMARY KEY, event_name TEXT NOT NULL, offer_id TEXT, campaign_id TEXT, input TEXT NOT NULL, received_at INTEGER NOT NULL
  )`,
  "CREATE INDEX IF NOT EXISTS unmapped_offer ON unmapped (offer_id, event_name)",
  // The offer's latest mapping as last handed to this hub: closes the window in which an edge isolate
  // still holds the route from before the mapping (cached up to 30 s) and would keep a mapped name aside.
  "CREATE TABLE IF NOT EXISTS event_maps (offer_id TEXT PRIMARY KEY, map TEXT NOT NULL)",
];

/** Stored reasons are capped (a sender can make a reason long by sending long values). */
const MAX_REASON_BYTES = 500;

const EVENT_METRIC: Record<PostbackEventType, Metric | null> = {
  registration: "registrations",
  ftd: "ftds",
  qualified: "qualified",
  deposit: "deposits",
  chargeback: null,
  status_change: null,
};

/** A postback whose event type is known (resolved for the offer it landed on). */
type Resolved = ParsedPostback & { eventType: PostbackEventType };
type Log = (
  outcome: Outcome,
  reason: string | null,
  conversionId: string | null,
  campaignId: string | null,
  offerId: string | null,
) => PostbackResult;

/** Columns of a stored conversion that dedupe, status changes and reversals read. */
const EXISTING_COLS = "id, status, event_type, campaign_id, offer_id, day, amount_micros, currency, attributed";

interface ExistingConversion {
  /** 1 when the conversion counts for its site; 0 when kept as unattributed (stored, never counted). */
  attributed: number;
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

function dedupeKey(p: Resolved, scope: string, hash: string): string {
  if (p.txid) return `tx:${scope}:${p.txid}`;
  const subject = p.clickId ?? (p.playerId ? `player:${p.playerId}` : null);
  if (p.eventType !== "deposit" && subject) return `ev:${scope}:${subject}:${p.eventType}`;
  return `h:${scope}:${hash}`;
}

/**
 * Dedupe, attribute, store, count (synchronous; run inside the hub's group-commit transaction).
 * `replayNote` is set when a postback kept as unmapped is re-applied after its event was mapped:
 * its log entry is rewritten under the same id. `knownClick`: the postback's click, when the hub
 * already read it for this postback (stored clicks never change).
 */
export function applyPostback(
  sql: Sql,
  site: HubSite,
  input: PostbackInput,
  counters: CounterBatch,
  replayNote: string | null = null,
  knownClick?: StoredClick,
): PostbackResult {
  const hash = contentHash(input);
  const day = localDate(input.receivedAt, site.timezone);
  let loggedType: PostbackEventType | null = input.parsed?.eventType ?? null;
  const log: Log = (outcome, reason, conversionId, campaignId, offerId) => {
    const text = [replayNote, reason].filter((x) => x).join("; ");
    const why = text ? truncateBytes(text, MAX_REASON_BYTES) : null;
    // REPLACE: a re-applied entry supersedes its "unmapped" line (flushed again, upserted in D1).
    sql.exec(
      `INSERT OR REPLACE INTO pb_log (id, click_id, campaign_id, offer_id, event_type, event_name, outcome, reason, conversion_id, received_at, day, method, raw_query, raw_body, remote_ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.id,
      input.parsed?.clickId ?? input.aside?.clickId ?? null,
      campaignId,
      offerId,
      loggedType,
      input.eventName,
      outcome,
      why,
      conversionId,
      input.receivedAt,
      day,
      input.method,
      input.rawQuery,
      input.rawBody,
      input.remoteIp,
    );
    counters.add(day, campaignId, offerId, `pb_${outcome}`, 1);
    return { id: input.id, outcome, reason: why, conversionId };
  };

  const parsed = input.parsed;
  if (!parsed || input.aside) {
    // Nothing is counted, but the entry is filed under the click it names (when that click is one of the key's
    // offers') and under its event's type, so the log's campaign filter and the Discrepancies report see it.
    const aside = input.aside;
    const stored = aside?.clickId ? (knownClick ?? findClick(sql, aside.clickId)) : null;
    const ref = stored ? { campaignId: stored.campaign_id, offerId: stored.offer_id } : (input.clickLink ?? null);
    const own = ref !== null && (input.keyOfferIds.length === 0 || input.keyOfferIds.includes(ref.offerId));
    const offerId = own ? ref.offerId : input.keyOfferId;
    loggedType = (aside?.eventByOffer ? (offerId ? (aside.eventByOffer[offerId] ?? null) : null) : aside?.eventType) ?? null;
    return log(
      aside?.outcome ?? "rejected",
      aside?.reason ?? "unparseable postback",
      null,
      own ? ref.campaignId : input.keyCampaignId,
      offerId,
    );
  }

  // Attribution: the click lives in this hub (written just after its redirect), so no D1 read is needed.
  const click = parsed.clickId ? (knownClick ?? findClick(sql, parsed.clickId)) : null;
  if (click && input.keyOfferIds.length > 0 && !input.keyOfferIds.includes(click.offer_id)) {
    return log(
      "rejected",
      `click ${parsed.clickId} belongs to another offer than this postback key`,
      null,
      input.keyCampaignId,
      input.keyOfferId,
    );
  }
  // A click lost before its write (or pruned) is known by the link its id names (lost-clicks.ts).
  const link = click ? null : (input.clickLink ?? null);
  if (link && input.keyOfferIds.length > 0 && !input.keyOfferIds.includes(link.offerId)) {
    return log(
      "rejected",
      `click ${parsed.clickId} belongs to another offer than this postback key`,
      null,
      input.keyCampaignId,
      input.keyOfferId,
    );
  }
  const campaignId = click?.campaign_id ?? link?.campaignId ?? input.keyCampaignId;
  const offerId = click?.offer_id ?? link?.offerId ?? input.keyOfferId;
  const scope = offerId ?? input.keyCampaignId ?? "ws";

  // A campaign key's offers may map a name differently: the click's offer decides.
  const eventType =
    (parsed.eventByOffer ? (offerId ? (parsed.eventByOffer[offerId] ?? null) : null) : parsed.eventType) ??
    (offerId && parsed.eventName ? mappedHere(sql, offerId, parsed.eventName) : null);
  loggedType = eventType;
  if (!eventType) {
    const name = parsed.eventName ?? "";
    sql.exec(
      "INSERT OR IGNORE INTO unmapped (id, event_name, offer_id, campaign_id, input, received_at) VALUES (?, ?, ?, ?, ?, ?)",
      input.id,
      eventNameKey(name),
      offerId,
      campaignId,
      JSON.stringify(input),
      input.receivedAt,
    );
    const why =
      parsed.eventByOffer && !offerId
        ? `event "${name}" is mapped differently on this campaign's offers and the postback names no click of one of them`
        : `unknown event "${name}": not mapped for this offer (map it to count it)`;
    return log("unmapped", why, null, campaignId, offerId);
  }
  const p: Resolved = { ...parsed, eventType };
  const reversal = eventType === "chargeback" || p.status === "chargeback" || p.status === "rejected";
  if (p.amountMicros !== null && p.amountMicros < 0 && !reversal) {
    return log("rejected", "amount must not be negative (only a chargeback or reversal may be)", null, campaignId, offerId);
  }
  if (eventType === "chargeback") return applyReversal(sql, counters, p, scope, offerId, campaignId, input.receivedAt, log);

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

  // With a txid the dedupe key is the one findExisting just read (nothing written since): no second read.
  const dup = p.txid ? existing : sql.exec<{ id: string }>("SELECT id FROM conversions WHERE dedupe_key = ?", key).toArray()[0];
  if (dup) return log("duplicate", "already counted", dup.id, campaignId, offerId);
  // A player registers, deposits first and qualifies once: another such postback on the same click
  // (or player) under a new txid is a re-fire, kept aside in the log, never a second FTD.
  const prior = ONCE_PER_PLAYER.has(p.eventType) ? countedOnce(sql, p, offerId) : null;
  if (prior) {
    const named = prior.txid ? `${prior.id}, txid ${prior.txid}` : prior.id;
    const who = p.clickId ? `click ${p.clickId}` : `player ${p.playerId}`;
    return log(
      "duplicate",
      `${who} already has a counted ${p.eventType} (${named}): it counts once per player`,
      prior.id,
      campaignId,
      offerId,
    );
  }

  // A click over a rate limit was a real redirect; a conversion on it proves a real player, so it attributes.
  // A lost click (its hub write died with the isolate) attributes through the link its id carries.
  const attributed = (click !== null && (!click.flag || click.flag === "rate_limited")) || link !== null;
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
  // Live counters count what the site's reports count: an unattributed conversion is in the log, not the figures.
  if (counted && attributed) countConversion(counters, day, campaignId, offerId, p, 1);
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
  const heldNote =
    held === "chargeback" ? "reversed by a chargeback received before it" : held ? `status ${held} received before it` : null;
  if (!attributed) {
    const why = !p.clickId
      ? (p.clickIdNote ?? "no click id")
      : click?.flag
        ? `click flagged (${click.flag})`
        : `unknown click id ${p.clickId}`;
    return log("unattributed", [why, heldNote].filter((x) => x).join("; "), conversionId, campaignId, offerId);
  }
  const linkNote = link
    ? `click ${p.clickId} not in the hub (lost before its write, or pruned): attributed to link ${link.linkId} from its click id`
    : null;
  return log("accepted", [linkNote, heldNote].filter((x) => x).join("; ") || null, conversionId, campaignId, offerId);
}

/**
 * A chargeback or reversal: the conversion it names (by txid; else the click's or player's FTD)
 * stops counting, once. One that arrives before its conversion is held like a status change.
 */
function applyReversal(
  sql: Sql,
  counters: CounterBatch,
  p: Resolved,
  scope: string,
  offerId: string | null,
  campaignId: string | null,
  at: number,
  log: Log,
): PostbackResult {
  const target = findReversalTarget(sql, p, scope, offerId);
  if (target) {
    if (target.status === "chargeback") {
      return log("duplicate", `already reversed (${target.event_type} ${target.id})`, target.id, target.campaign_id, target.offer_id);
    }
    applyStatusChange(sql, counters, target, "chargeback", at);
    return log(
      "accepted",
      `reversed ${target.event_type} ${target.id} (${target.status} → chargeback)`,
      target.id,
      target.campaign_id,
      target.offer_id,
    );
  }
  const k = p.txid
    ? `tx:${scope}:${p.txid}`
    : p.clickId
      ? `ftd:click:${p.clickId}`
      : p.playerId
        ? `ftd:player:${scope}:${p.playerId}`
        : null;
  if (!k) return log("rejected", "chargeback names no conversion (send txid, click_id or player_id)", null, campaignId, offerId);
  sql.exec("INSERT OR REPLACE INTO pending_status (k, status, received_at) VALUES (?, 'chargeback', ?)", k, at);
  const what = p.txid ? `conversion ${p.txid}` : "its FTD";
  return log("accepted", `chargeback held until ${what} arrives`, null, campaignId, offerId);
}

function findReversalTarget(sql: Sql, p: Resolved, scope: string, offerId: string | null): ExistingConversion | null {
  const cols = EXISTING_COLS;
  type Row = ExistingConversion & Record<string, SqlStorageValue>;
  // A txid names one conversion exactly; without one, a chargeback reverses the FTD (a deposit needs its txid).
  if (p.txid) return sql.exec<Row>(`SELECT ${cols} FROM conversions WHERE dedupe_key = ?`, `tx:${scope}:${p.txid}`).toArray()[0] ?? null;
  if (p.clickId) {
    return (
      sql
        .exec<Row>(`SELECT ${cols} FROM conversions WHERE click_id = ? AND event_type = 'ftd' ORDER BY occurred_at DESC LIMIT 1`, p.clickId)
        .toArray()[0] ?? null
    );
  }
  if (p.playerId) {
    return (
      sql
        .exec<Row>(
          `SELECT ${cols} FROM conversions WHERE player_id = ? AND event_type = 'ftd' AND coalesce(offer_id, '') = ? ORDER BY occurred_at DESC LIMIT 1`,
          p.playerId,
          offerId ?? "",
        )
        .toArray()[0] ?? null
    );
  }
  return null;
}

/**
 * Re-applies the postbacks kept as unmapped for `offerId` whose event name is now mapped — each
 * once: its row leaves `unmapped` in the same transaction that applies it.
 */
export function replayUnmapped(sql: Sql, site: HubSite, offerId: string, names: Record<string, PostbackEventType>): number {
  sql.exec("INSERT OR REPLACE INTO event_maps (offer_id, map) VALUES (?, ?)", offerId, JSON.stringify(names));
  const rows = sql
    .exec<{ id: string; event_name: string; campaign_id: string | null; input: string }>(
      "SELECT id, event_name, campaign_id, input FROM unmapped WHERE offer_id = ? ORDER BY received_at, id",
      offerId,
    )
    .toArray()
    .filter((r) => Object.hasOwn(names, r.event_name));
  if (rows.length === 0) return 0;
  const counters = new CounterBatch(sql);
  for (const r of rows) {
    sql.exec("DELETE FROM unmapped WHERE id = ?", r.id);
    const input = JSON.parse(r.input) as PostbackInput;
    const type = names[r.event_name];
    if (!input.parsed || !type) continue;
    input.parsed = { ...input.parsed, eventType: type, eventByOffer: null };
    counters.add(localDate(input.receivedAt, site.timezone), r.campaign_id, offerId, "pb_unmapped", -1);
    applyPostback(sql, site, input, counters, `re-applied after "${input.parsed.eventName ?? r.event_name}" was mapped to ${type}`);
  }
  counters.end();
  return rows.length;
}

function mappedHere(sql: Sql, offerId: string, name: string): PostbackEventType | null {
  const row = sql.exec<{ map: string }>("SELECT map FROM event_maps WHERE offer_id = ?", offerId).toArray()[0];
  if (!row) return null;
  const map = JSON.parse(row.map) as Record<string, PostbackEventType>;
  const key = eventNameKey(name);
  return Object.hasOwn(map, key) ? (map[key] ?? null) : null;
}

export function pruneUnmapped(sql: Sql, now: number, retentionDays: number): void {
  sql.exec("DELETE FROM unmapped WHERE received_at < ?", now - retentionDays * 86_400_000);
}

/** A status change seen before this conversion (by txid, else by click for non-deposits). */
function takePendingStatus(sql: Sql, p: Resolved, scope: string): string | null {
  const keys = [
    p.txid ? `tx:${scope}:${p.txid}` : null,
    // A chargeback held without a txid waits for the click's / player's FTD only.
    p.eventType === "ftd" && p.clickId ? `ftd:click:${p.clickId}` : null,
    p.eventType === "ftd" && p.playerId ? `ftd:player:${scope}:${p.playerId}` : null,
    p.clickId && p.eventType !== "deposit" ? `click:${p.clickId}` : null,
  ];
  for (const k of keys) {
    if (!k) continue;
    const row = sql.exec<{ status: string }>("DELETE FROM pending_status WHERE k = ? RETURNING status", k).toArray()[0];
    if (row) return row.status;
  }
  return null;
}

/** Events a player has at most once; deposits repeat. */
const ONCE_PER_PLAYER = new Set<PostbackEventType>(["registration", "ftd", "qualified"]);

/**
 * The counted conversion of the same once-per-player event on this click (else this player of the
 * offer), if any. Two different player ids on one click are two players (a shared device): both count.
 */
function countedOnce(sql: Sql, p: Resolved, offerId: string | null): { id: string; txid: string | null } | null {
  type Row = { id: string; txid: string | null; player_id: string | null };
  const rows = p.clickId
    ? sql
        .exec<Row>(
          "SELECT id, txid, player_id FROM conversions WHERE click_id = ? AND event_type = ? AND status NOT IN ('rejected', 'chargeback')",
          p.clickId,
          p.eventType,
        )
        .toArray()
    : p.playerId
      ? sql
          .exec<Row>(
            "SELECT id, txid, player_id FROM conversions WHERE player_id = ? AND event_type = ? AND offer_id IS ? AND status NOT IN ('rejected', 'chargeback')",
            p.playerId,
            p.eventType,
            offerId,
          )
          .toArray()
      : [];
  return rows.find((r) => !(p.playerId && r.player_id && r.player_id !== p.playerId)) ?? null;
}

function findExisting(sql: Sql, p: Resolved, scope: string): ExistingConversion | null {
  const cols = EXISTING_COLS;
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
  p: Pick<Resolved, "eventType" | "amountMicros" | "currency">,
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
  if (wasCounted !== nowCounted && existing.attributed === 1) {
    countConversion(
      counters,
      existing.day,
      existing.campaign_id,
      existing.offer_id,
      {
        eventType: existing.event_type as PostbackEventType,
        amountMicros: existing.amount_micros,
        currency: existing.currency,
      },
      nowCounted ? 1 : -1,
    );
  }
}
