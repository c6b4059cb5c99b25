/**
 * Tracked-layer rollups (clicks, postback conversions) per reporting timezone in use, maintained
 * by the site hub's D1 flush in the same atomic batch as the raw rows. Each delta is computed in
 * SQL against what D1 already holds, so it is exact whatever the hub sends again:
 * - a click counts once: only ids not yet in `clicks` add to the rollup (the statement runs before
 *   the click insert of the same batch);
 * - a conversion adds (counted now) − (counted as stored), so a duplicate adds 0 and a chargeback
 *   or rejection of a stored conversion subtracts it.
 * Counted = attributed to a site, status neither rejected nor chargeback (as Site Overview always counted).
 */
import { type SQL, sql } from "drizzle-orm";
import { localDate } from "../../shared/time";
import { clicks, conversions, flushLog, rollupClicks, rollupConversions, rollupZones } from "../db/schema";

export interface ClickFact {
  id: string;
  siteId: string;
  campaignId: string | null;
  offerId: string;
  ts: number;
  flag: string | null;
  isUnique: boolean;
  country: string | null;
}

export interface ConversionFact {
  dedupeKey: string;
  siteId: string | null;
  campaignId: string | null;
  offerId: string | null;
  clickId: string | null;
  /** The click's country as the hub knows it (the D1 click wins when present). */
  hubCountry: string | null;
  eventType: string;
  status: string;
  amountMicros: number | null;
  currency: string | null;
  occurredAt: number;
}

const j = (path: string) => sql`json_extract(value, ${`$.${path}`})`;

/** SQL: 1 when a conversions row (alias c) counts, else 0. */
export const countedStatus = (status: SQL) => sql`(CASE WHEN ${status} IN ('rejected', 'chargeback') THEN 0 ELSE 1 END)`;

/** Statements to put in the flush batch BEFORE the raw click insert (clicks) and conversion upsert. */
export function clickRollupStatement(workspaceId: string, zones: string[], rows: ClickFact[]): SQL | null {
  // Flagged clicks too, under their reason ("" = clean): each site's counted flags apply when read.
  const payload = rows.flatMap((r) =>
    zones.map((tz) => ({
      id: r.id,
      tz,
      day: localDate(r.ts, tz),
      site: r.siteId,
      campaign: r.campaignId ?? "",
      offer: r.offerId,
      market: r.country ?? "",
      flag: r.flag ?? "",
      uniq: r.isUnique ? 1 : 0,
    })),
  );
  if (payload.length === 0) return null;
  const t = rollupClicks;
  return sql`INSERT INTO ${t} (workspace_id, tz, day, site_id, campaign_id, offer_id, market, flag, clicks, unique_clicks)
    SELECT ${workspaceId}, tz, day, site, campaign, offer, market, flag, count(*), sum(uniq) FROM (
      SELECT ${j("id")} AS id, ${j("tz")} AS tz, ${j("day")} AS day, ${j("site")} AS site, ${j("campaign")} AS campaign,
        ${j("offer")} AS offer, ${j("market")} AS market, ${j("flag")} AS flag, ${j("uniq")} AS uniq
      FROM json_each(${JSON.stringify(payload)})
    ) AS f
    WHERE NOT EXISTS (SELECT 1 FROM ${clicks} WHERE ${clicks.id} = f.id)
    GROUP BY tz, day, site, campaign, offer, market, flag
    ON CONFLICT (workspace_id, tz, day, site_id, campaign_id, offer_id, market, flag)
    DO UPDATE SET clicks = clicks + excluded.clicks, unique_clicks = unique_clicks + excluded.unique_clicks`;
}

export function conversionRollupStatement(workspaceId: string, zones: string[], rows: ConversionFact[]): SQL | null {
  const payload = rows
    .filter((r) => r.siteId !== null)
    .flatMap((r) =>
      zones.map((tz) => ({
        key: r.dedupeKey,
        tz,
        day: localDate(r.occurredAt, tz),
        site: r.siteId,
        campaign: r.campaignId ?? "",
        offer: r.offerId ?? "",
        click: r.clickId,
        hubCountry: r.hubCountry,
        ev: r.eventType,
        cur: r.currency ?? "",
        amount: r.amountMicros ?? 0,
        counted: r.status === "rejected" || r.status === "chargeback" ? 0 : 1,
      })),
    );
  if (payload.length === 0) return null;
  const t = rollupConversions;
  // What the stored row counts now: 0 when there is none (a NULL status would fall to the CASE's ELSE).
  const stored = sql`(CASE WHEN c.dedupe_key IS NULL THEN 0 ELSE ${countedStatus(sql`c.status`)} END)`;
  // The stored row (if any) keeps its first day/site/campaign/offer (the upsert only replaces status),
  // so the delta lands on the same key the original count did.
  return sql`INSERT INTO ${t} (workspace_id, tz, day, site_id, campaign_id, offer_id, market, event_type, currency, n, amount_micros)
    SELECT ${workspaceId}, f.tz, f.day, f.site, f.campaign, f.offer, coalesce(k.country, f.hub_country, ''), f.ev, f.cur,
      sum(f.counted - ${stored}),
      sum((f.counted - ${stored}) * f.amount)
    FROM (
      SELECT ${j("key")} AS key, ${j("tz")} AS tz, ${j("day")} AS day, ${j("site")} AS site, ${j("campaign")} AS campaign,
        ${j("offer")} AS offer, ${j("click")} AS click, ${j("hubCountry")} AS hub_country, ${j("ev")} AS ev, ${j("cur")} AS cur,
        ${j("amount")} AS amount, ${j("counted")} AS counted
      FROM json_each(${JSON.stringify(payload)})
    ) AS f
    LEFT JOIN ${conversions} AS c ON c.workspace_id = ${workspaceId} AND c.dedupe_key = f.key
    LEFT JOIN ${clicks} AS k ON k.id = f.click
    WHERE true
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    HAVING sum(f.counted - ${stored}) != 0
    ON CONFLICT (workspace_id, tz, day, site_id, campaign_id, offer_id, market, event_type, currency)
    DO UPDATE SET n = n + excluded.n, amount_micros = amount_micros + excluded.amount_micros`;
}

/**
 * The flush ledger insert, guarded: it fails (NOT NULL) when the workspace's zone list is no longer
 * the one the batch was built for, so the whole batch rolls back and the hub retries with the new
 * list. Without it a flush racing a new zone's rebuild could leave that zone short.
 */
export function guardedLedger(workspaceId: string, zones: string[], hubId: string, seq: number, now: number): SQL {
  const z = rollupZones;
  return sql`INSERT INTO ${flushLog} (hub_id, seq, applied_at)
    SELECT ${hubId}, ${seq}, CASE WHEN coalesce((SELECT group_concat(tz, '|') FROM (SELECT ${z.tz} AS tz FROM ${z} WHERE ${z.workspaceId} = ${workspaceId} ORDER BY ${z.tz})), '') = ${zones.join("|")} THEN ${now} ELSE NULL END`;
}
