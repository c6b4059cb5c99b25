import type { SQL } from "drizzle-orm";
import { runBatch } from "../db/batch";
import { insertJsonRows, onConflictUpdate } from "../db/bulk-insert";
import { chunk, getDb } from "../db/client";
import { analyticsHourly, clicks, conversions, postbacks, sourcePostbacks } from "../db/schema";
import { clickRollupStatement, conversionRollupStatement, guardedLedger } from "../rollups/tracked";
import { workspaceZones } from "../rollups/zones";
import type { HubSite, Sql } from "./types";

/**
 * Durable Object → D1 flush. Rows are first assigned to a numbered batch in the hub's storage;
 * the batch goes to D1 in one transaction that also inserts (hub, seq) into flush_log. If that
 * insert conflicts, the batch was applied before (the hub died before marking it) and is only
 * marked here — so a retried flush never counts anything twice, and nothing is dropped.
 */
const MAX_ROWS_PER_TABLE = 400;

export interface FlushOutcome {
  seq: number | null;
  rows: number;
  alreadyApplied: boolean;
  more: boolean;
}

function meta(sql: Sql, k: string): string | null {
  return sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = ?", k).toArray()[0]?.v ?? null;
}
function setMeta(sql: Sql, k: string, v: string | null): void {
  if (v === null) sql.exec("DELETE FROM meta WHERE k = ?", k);
  else sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", k, v);
}

export const TABLES = ["clicks", "conversions", "pb_log", "analytics_delta", "outbox"] as const;

/** Whether any row waits for a flush: the first one found is enough (a count walked every waiting row, three times per alarm). */
function anyWaiting(sql: Sql): boolean {
  return TABLES.some((t) => sql.exec<{ y: number }>(`SELECT EXISTS (SELECT 1 FROM ${t} WHERE batch = 0) AS y`).one().y === 1);
}

export function hasPending(sql: Sql): boolean {
  return anyWaiting(sql) || meta(sql, "inflight_seq") !== null;
}

/** Assigns waiting rows to the open batch (or opens one). Synchronous: no interleaving. */
function openBatch(sql: Sql): number | null {
  const inflight = meta(sql, "inflight_seq");
  if (inflight !== null) return Number(inflight);
  if (!anyWaiting(sql)) return null;
  const seq = Number(meta(sql, "next_seq") ?? "1");
  for (const t of TABLES) {
    sql.exec(`UPDATE ${t} SET batch = ? WHERE rowid IN (SELECT rowid FROM ${t} WHERE batch = 0 LIMIT ?)`, seq, MAX_ROWS_PER_TABLE);
  }
  setMeta(sql, "next_seq", String(seq + 1));
  setMeta(sql, "inflight_seq", String(seq));
  return seq;
}

function closeBatch(sql: Sql, seq: number): void {
  sql.exec("UPDATE clicks SET batch = -1 WHERE batch = ?", seq);
  sql.exec("UPDATE conversions SET batch = -1 WHERE batch = ?", seq);
  sql.exec("UPDATE outbox SET batch = -1 WHERE batch = ?", seq);
  // The log and rollup deltas live on in D1 only.
  sql.exec("DELETE FROM pb_log WHERE batch = ?", seq);
  sql.exec("DELETE FROM analytics_delta WHERE batch = ?", seq);
  // Two flushes can share a batch (the alarm and flushAll): the later one must not close the batch
  // the first has opened since, or that batch's rows, if its write then fails, would wait forever.
  if (meta(sql, "inflight_seq") === String(seq)) setMeta(sql, "inflight_seq", null);
}

export async function flushOnce(
  sql: Sql,
  storage: DurableObjectStorage,
  d1: D1Database,
  site: HubSite,
  hubId: string,
): Promise<FlushOutcome> {
  const seq = storage.transactionSync(() => openBatch(sql));
  if (seq === null) return { seq: null, rows: 0, alreadyApplied: false, more: false };
  const db = getDb(d1);
  const ws = site.workspaceId;

  const clickRows = sql.exec<Record<string, SqlStorageValue>>("SELECT * FROM clicks WHERE batch = ?", seq).toArray();
  const convRows = sql.exec<Record<string, SqlStorageValue>>("SELECT * FROM conversions WHERE batch = ?", seq).toArray();
  const logRows = sql.exec<Record<string, SqlStorageValue>>("SELECT * FROM pb_log WHERE batch = ?", seq).toArray();
  const deltaRows = sql.exec<Record<string, SqlStorageValue>>("SELECT * FROM analytics_delta WHERE batch = ?", seq).toArray();
  const outboxRows = sql.exec<Record<string, SqlStorageValue>>("SELECT * FROM outbox WHERE batch = ?", seq).toArray();

  // Daily rollups ride in the same batch, before the raw rows they are computed against (rollups/tracked.ts).
  const zones = (await workspaceZones(db, ws)).map((z) => z.tz);

  // One JSON-parameter statement per table and chunk (db/bulk-insert.ts): building hundreds of
  // drizzle multi-row inserts here was the hub's single largest CPU cost under load.
  const items: SQL[] = [];
  for (const part of chunk(clickRows, 250)) {
    const rows = part.map((r) => ({
      id: String(r.id),
      workspaceId: ws,
      siteId: site.siteId ?? "",
      linkId: String(r.link_id),
      campaignId: (r.campaign_id as string | null) ?? null,
      offerId: String(r.offer_id),
      ts: Number(r.ts),
      day: String(r.day),
      visitorHash: String(r.visitor_hash),
      isUnique: Number(r.is_unique) === 1,
      flag: (r.flag as string | null) ?? null,
      country: (r.country as string | null) ?? null,
      subIds: JSON.parse(String(r.sub_ids)) as Record<string, string>,
      placement: (r.placement as string | null) ?? null,
      referrer: (r.referrer as string | null) ?? null,
    }));
    const rollup = clickRollupStatement(ws, zones, rows);
    if (rollup) items.push(rollup);
    items.push(insertJsonRows(clicks, rows, { orIgnore: true }));
  }
  for (const part of chunk(convRows, 400)) {
    const rows = part.map((r) => ({
      id: String(r.id),
      workspaceId: ws,
      siteId: Number(r.attributed) === 1 ? site.siteId : null,
      offerId: (r.offer_id as string | null) ?? null,
      campaignId: (r.campaign_id as string | null) ?? null,
      clickId: (r.click_id as string | null) ?? null,
      attributed: Number(r.attributed) === 1,
      eventType: String(r.event_type) as (typeof conversions.$inferInsert)["eventType"],
      status: String(r.status) as (typeof conversions.$inferInsert)["status"],
      amountMicros: (r.amount_micros as number | null) ?? null,
      currency: (r.currency as string | null) ?? null,
      playerId: (r.player_id as string | null) ?? null,
      txid: (r.txid as string | null) ?? null,
      dedupeKey: String(r.dedupe_key),
      occurredAt: Number(r.occurred_at),
      day: String(r.day),
      updatedAt: Number(r.updated_at),
    }));
    const rollup = conversionRollupStatement(
      ws,
      zones,
      rows.map((r) => ({
        ...r,
        hubCountry: r.clickId
          ? (sql.exec<{ country: string | null }>("SELECT country FROM clicks WHERE id = ?", r.clickId).toArray()[0]?.country ?? null)
          : null,
      })),
    );
    if (rollup) items.push(rollup);
    items.push(
      insertJsonRows(conversions, rows, {
        onConflict: onConflictUpdate([conversions.workspaceId, conversions.dedupeKey], {
          replace: [conversions.status, conversions.updatedAt],
        }),
      }),
    );
  }
  // Raw postback requests can be up to ~12 KB each: fewer per statement keeps the bound JSON small.
  for (const part of chunk(logRows, 100)) {
    const rows = part.map((r) => ({
      id: String(r.id),
      workspaceId: ws,
      siteId: site.siteId,
      offerId: (r.offer_id as string | null) ?? null,
      campaignId: (r.campaign_id as string | null) ?? null,
      clickId: (r.click_id as string | null) ?? null,
      eventType: (r.event_type as string | null) ?? null,
      eventName: (r.event_name as string | null) ?? null,
      outcome: String(r.outcome) as (typeof postbacks.$inferInsert)["outcome"],
      reason: (r.reason as string | null) ?? null,
      conversionId: (r.conversion_id as string | null) ?? null,
      receivedAt: Number(r.received_at),
      day: String(r.day),
      method: String(r.method),
      rawQuery: String(r.raw_query),
      rawBody: (r.raw_body as string | null) ?? null,
      remoteIp: (r.remote_ip as string | null) ?? null,
    }));
    const pb = postbacks;
    // An entry kept as unmapped is rewritten under its id once its event is mapped and re-applied.
    items.push(
      insertJsonRows(pb, rows, {
        onConflict: onConflictUpdate([pb.id], {
          replace: [pb.outcome, pb.reason, pb.conversionId, pb.eventType, pb.offerId, pb.campaignId],
        }),
      }),
    );
  }
  for (const part of chunk(deltaRows, 400)) {
    const rows = part.map((r) => ({
      workspaceId: ws,
      siteId: site.siteId ?? "",
      hour: Number(r.hour),
      dim: String(r.dim),
      value: String(r.value),
      pageviews: Number(r.pageviews),
      visitors: Number(r.visitors),
      visits: Number(r.visits),
      bounces: Number(r.bounces),
      engagedMs: Number(r.engaged_ms),
      offerClicks: Number(r.offer_clicks),
      clickVisits: Number(r.click_visits ?? 0),
    }));
    const h = analyticsHourly;
    items.push(
      insertJsonRows(h, rows, {
        onConflict: onConflictUpdate([h.siteId, h.hour, h.dim, h.value], {
          add: [h.pageviews, h.visitors, h.visits, h.bounces, h.engagedMs, h.offerClicks, h.clickVisits],
        }),
      }),
    );
  }
  for (const part of chunk(outboxRows, 200)) {
    const rows = part.map((r) => ({
      id: String(r.id),
      workspaceId: ws,
      siteId: site.siteId ?? "",
      campaignId: String(r.campaign_id),
      conversionId: String(r.conversion_id),
      eventType: String(r.event_type),
      url: String(r.url),
      status: String(r.status) as (typeof sourcePostbacks.$inferInsert)["status"],
      attempts: Number(r.attempts),
      lastHttpStatus: (r.last_http_status as number | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
      nextAttemptAt: (r.next_at as number | null) ?? null,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
    const sp = sourcePostbacks;
    items.push(
      insertJsonRows(sp, rows, {
        onConflict: onConflictUpdate([sp.id], {
          replace: [sp.status, sp.attempts, sp.lastHttpStatus, sp.lastError, sp.nextAttemptAt, sp.updatedAt],
        }),
      }),
    );
  }

  const rows = clickRows.length + convRows.length + logRows.length + deltaRows.length + outboxRows.length;
  const ledger = guardedLedger(ws, zones, hubId, seq, Date.now());
  let alreadyApplied = false;
  try {
    await runBatch(db, [ledger, ...items]);
  } catch (err) {
    if (!/UNIQUE constraint failed: flush_log/i.test(String(err))) throw err;
    alreadyApplied = true;
  }
  storage.transactionSync(() => closeBatch(sql, seq));
  return { seq, rows, alreadyApplied, more: anyWaiting(sql) };
}
