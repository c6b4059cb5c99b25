/**
 * The three fact queries behind the Site Report and Site Overview, grouped in SQL by the asked
 * dimensions: tracked clicks, tracked conversions (per event and currency), operator revenue (per
 * platform day and currency, for FX and day states). Each reads either the daily rollups or the
 * raw rows ("raw": a zone whose rollup is still building, sub-id breakdowns, and the dev-only naive
 * figure of the benchmark). Both give the same answer; the property test holds them to it.
 */
import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { NONE_VALUE, type ReportDimension } from "../../shared/site-report";
import { localRangeToUtc } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { campaigns, casinoEntries, clicks, conversions, revenueRows, rollupClicks, rollupConversions, rollupRevenue } from "../db/schema";
import { countedStatus } from "../rollups/tracked";
import { localDayExpr, segmentsForDays } from "../rollups/zones";
import { countedForSite } from "./click-flags";

export type FactSource = "rollup" | "raw";

export interface FactFilters {
  siteId: string | null;
  /**
   * Which revenue rows by placement, in the all-sites scope (siteId null; one site's scope is its own rows):
   * "placed" on a site by a click id or tag route; "all", the unassigned ones too; "unassigned" only (the
   * stated part of a total); "direct", the unassigned players with no click id and no tag (raw revenue
   * rows only: the rollups do not keep placement).
   */
  placement: "placed" | "all" | "unassigned" | "direct";
  campaignId?: string[] | undefined;
  offerId?: string[] | undefined;
  sourceId?: string[] | undefined;
  casinoEntryId?: string[] | undefined;
  market?: string[] | undefined;
  subId?: { key: string; value: string } | undefined;
}

export interface FactQuery {
  workspaceId: string;
  tz: string;
  from: string;
  to: string;
  /** The grouping keys, at most three: k1, k2, k3 of each fact ('' where not asked). */
  dims: ReportDimension[];
  subIdKey: string;
  filters: FactFilters;
  source: FactSource;
  /**
   * Conversions only: keep groups whose counts net to zero. A caller that regroups facts in memory
   * applies the "net zero makes no group" rule itself, after regrouping (see keepNonZero).
   */
  keepZero?: boolean | undefined;
}

interface Cols {
  day: SQL;
  site: SQL;
  campaign: SQL;
  offer: SQL;
  market: SQL;
  /** The row's sub-id JSON (raw rows only). */
  subIds: SQL | null;
}

/** The key columns of a rollup table (every rollup carries the same ones). */
function rollupCols(t: typeof rollupClicks | typeof rollupConversions | typeof rollupRevenue): Cols {
  return {
    day: sql`${t.day}`,
    site: sql`${t.siteId}`,
    campaign: sql`${t.campaignId}`,
    offer: sql`${t.offerId}`,
    market: sql`${t.market}`,
    subIds: null,
  };
}

const orNone = (x: SQL) => sql`coalesce(nullif(${x}, ''), ${NONE_VALUE})`;

function dimExpr(d: ReportDimension, c: Cols, subIdKey: string): SQL {
  switch (d) {
    case "day":
      return c.day;
    case "week":
      // The Monday on or before the day.
      return sql`date(${c.day}, '-6 days', 'weekday 1')`;
    case "month":
      return sql`substr(${c.day}, 1, 7)`;
    case "site":
      return orNone(c.site);
    case "campaign":
      return orNone(c.campaign);
    case "offer":
      return orNone(c.offer);
    case "market":
      return orNone(c.market);
    case "source":
      return orNone(sql`(SELECT ${campaigns.trafficSourceId} FROM ${campaigns} WHERE ${campaigns.id} = ${c.campaign})`);
    case "casinoEntry":
      return orNone(sql`(SELECT ${casinoEntries.id} FROM ${casinoEntries} WHERE ${casinoEntries.offerId} = ${c.offer})`);
    case "subId":
      if (!c.subIds) throw new Error("sub-id breakdowns read raw rows");
      return orNone(sql`json_extract(${c.subIds}, ${`$."${subIdKey}"`})`);
  }
}

function filterExpr(q: FactQuery, c: Cols, revenue: boolean): SQL {
  const f = q.filters;
  const parts: SQL[] = [];
  if (f.siteId !== null) parts.push(sql`${c.site} = ${f.siteId}`);
  else if (revenue && f.placement === "unassigned") parts.push(sql`${c.site} = ''`);
  else if (revenue && f.placement === "placed") parts.push(sql`${c.site} <> ''`);
  if (f.campaignId?.length) parts.push(inList(c.campaign, f.campaignId));
  if (f.offerId?.length) parts.push(inList(c.offer, f.offerId));
  if (f.market?.length) parts.push(inList(orNone(c.market), f.market));
  if (f.sourceId?.length)
    parts.push(inList(sql`(SELECT ${campaigns.trafficSourceId} FROM ${campaigns} WHERE ${campaigns.id} = ${c.campaign})`, f.sourceId));
  if (f.casinoEntryId?.length)
    parts.push(
      inList(sql`(SELECT ${casinoEntries.id} FROM ${casinoEntries} WHERE ${casinoEntries.offerId} = ${c.offer})`, f.casinoEntryId),
    );
  if (f.subId) {
    if (!c.subIds) throw new Error("sub-id filters read raw rows");
    parts.push(sql`json_extract(${c.subIds}, ${`$."${f.subId.key}"`}) = ${f.subId.value}`);
  }
  if (f.placement === "direct") {
    if (!revenue || q.source !== "raw") throw new Error("direct players are read from raw revenue rows");
    parts.push(sql`${revenueRows.placement} = 'unassigned' AND ${revenueRows.clickId} IS NULL AND ${revenueRows.tagValue} IS NULL`);
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`1`;
}

/** k1, k2, k3: the asked grouping keys ('' where fewer are asked); GROUP BY 1, 2, 3 groups by them. */
function keys(q: FactQuery, c: Cols): SQL {
  if (q.dims.length > 3) throw new Error("at most three grouping keys");
  const k = (i: number) => {
    const d = q.dims[i];
    return d ? dimExpr(d, c, q.subIdKey) : sql`''`;
  };
  return sql`${k(0)} AS k1, ${k(1)} AS k2, ${k(2)} AS k3`;
}

export interface TrackedFact {
  k1: string;
  k2: string;
  k3: string;
  clicks: number;
  uniqueClicks: number;
}
export interface ConversionFact {
  k1: string;
  k2: string;
  k3: string;
  eventType: string;
  currency: string;
  n: number;
  amountMicros: number;
}
/** The operator's metrics a revenue fact can carry; each comes with its count of reporting rows (`…N`). */
export const REVENUE_METRICS = [
  "registrations",
  "ftds",
  "qftds",
  "depositsMicros",
  "ngrMicros",
  "commissionMicros",
  "commissionReportingMicros",
] as const;
export type RevenueMetric = (typeof REVENUE_METRICS)[number];
/** depositsMicros → depositsN: how many rows reported the metric (0 = not reported, never a zero). */
type CountOf<M extends string> = `${M extends `${infer B}Micros` ? B : M}N`;
export const countOf = <M extends RevenueMetric>(m: M) => `${m.replace(/Micros$/, "")}N` as CountOf<M>;

/** Revenue facts carrying the metrics `M` (and their row counts) per key, platform day and currency. */
export type RevenueFactOf<M extends RevenueMetric> = { k1: string; k2: string; k3: string; day: string; currency: string } & {
  [K in M]: number;
} & { [K in M as CountOf<K>]: number };
export type RevenueFact = RevenueFactOf<RevenueMetric>;

export async function trackedFacts(db: DB, q: FactQuery): Promise<TrackedFact[]> {
  if (q.source === "rollup") {
    const t = rollupClicks;
    const c = rollupCols(t);
    return db.all<TrackedFact>(sql`SELECT ${keys(q, c)}, sum(${t.clicks}) AS clicks, sum(${t.uniqueClicks}) AS uniqueClicks
      FROM ${t} WHERE ${t.workspaceId} = ${q.workspaceId} AND ${t.tz} = ${q.tz} AND ${t.day} >= ${q.from} AND ${t.day} <= ${q.to}
        AND ${countedForSite(sql`${t.siteId}`, sql`${t.flag}`)} AND ${filterExpr(q, c, false)}
      GROUP BY 1, 2, 3`);
  }
  const day = localDayExpr(sql`${clicks.ts}`, segmentsForDays(q.tz, q.from, q.to));
  const c: Cols = {
    day,
    site: sql`${clicks.siteId}`,
    campaign: sql`coalesce(${clicks.campaignId}, '')`,
    offer: sql`${clicks.offerId}`,
    market: sql`coalesce(${clicks.country}, '')`,
    subIds: sql`${clicks.subIds}`,
  };
  const [start, end] = utcBounds(q);
  return db.all<TrackedFact>(sql`SELECT ${keys(q, c)}, count(*) AS clicks, sum(${clicks.isUnique}) AS uniqueClicks
    FROM ${clicks} WHERE ${clicks.workspaceId} = ${q.workspaceId}
      AND ${countedForSite(sql`${clicks.siteId}`, sql`coalesce(${clicks.flag}, '')`)}
      AND ${clicks.ts} >= ${start} AND ${clicks.ts} < ${end} AND ${filterExpr(q, c, false)}
    GROUP BY 1, 2, 3`);
}

export async function conversionFacts(db: DB, q: FactQuery): Promise<ConversionFact[]> {
  if (q.source === "rollup") {
    const t = rollupConversions;
    const c = rollupCols(t);
    return db.all<ConversionFact>(sql`SELECT ${keys(q, c)}, ${t.eventType} AS eventType, ${t.currency} AS currency,
        sum(${t.n}) AS n, sum(${t.amountMicros}) AS amountMicros
      FROM ${t} WHERE ${t.workspaceId} = ${q.workspaceId} AND ${t.tz} = ${q.tz} AND ${t.day} >= ${q.from} AND ${t.day} <= ${q.to}
        AND ${filterExpr(q, c, false)}
      GROUP BY 1, 2, 3, 4, 5 ${q.keepZero ? sql`` : sql`HAVING sum(${t.n}) <> 0`}`);
  }
  const day = localDayExpr(sql`cv.occurred_at`, segmentsForDays(q.tz, q.from, q.to));
  const c: Cols = {
    day,
    site: sql`cv.site_id`,
    campaign: sql`coalesce(cv.campaign_id, '')`,
    offer: sql`coalesce(cv.offer_id, '')`,
    market: sql`coalesce(k.country, '')`,
    subIds: sql`k.sub_ids`,
  };
  const [start, end] = utcBounds(q);
  return db.all<ConversionFact>(sql`SELECT ${keys(q, c)}, cv.event_type AS eventType, coalesce(cv.currency, '') AS currency,
      count(*) AS n, sum(coalesce(cv.amount_micros, 0)) AS amountMicros
    FROM ${conversions} AS cv LEFT JOIN ${clicks} AS k ON k.id = cv.click_id
    WHERE cv.workspace_id = ${q.workspaceId} AND cv.site_id IS NOT NULL AND ${countedStatus(sql`cv.status`)} = 1
      AND cv.occurred_at >= ${start} AND cv.occurred_at < ${end} AND ${filterExpr(q, c, false)}
    GROUP BY 1, 2, 3, 4, 5`);
}

/** Operator revenue facts with every metric (`metrics` narrows the columns read, e.g. for Site Overview). */
export async function revenueFacts(db: DB, q: FactQuery): Promise<RevenueFact[]>;
export async function revenueFacts<M extends RevenueMetric>(db: DB, q: FactQuery, metrics: readonly M[]): Promise<RevenueFactOf<M>[]>;
export async function revenueFacts(
  db: DB,
  q: FactQuery,
  metrics: readonly RevenueMetric[] = REVENUE_METRICS,
): Promise<RevenueFactOf<never>[]> {
  if (q.source === "rollup") {
    const t = rollupRevenue;
    const c = rollupCols(t);
    const cols: Record<RevenueMetric, [SQLiteColumn, SQLiteColumn]> = {
      registrations: [t.registrations, t.registrationsN],
      ftds: [t.ftds, t.ftdsN],
      qftds: [t.qftds, t.qftdsN],
      depositsMicros: [t.depositsMicros, t.depositsN],
      ngrMicros: [t.ngrMicros, t.ngrN],
      commissionMicros: [t.commissionMicros, t.commissionN],
      commissionReportingMicros: [t.commissionReportingMicros, t.commissionReportingN],
    };
    const sums = metrics.map((m) => {
      const [v, n] = cols[m];
      return sql`sum(${v}) AS ${sql.identifier(m)}, sum(${n}) AS ${sql.identifier(countOf(m))}`;
    });
    return db.all(sql`SELECT ${keys(q, c)}, ${t.day} AS day, ${t.currency} AS currency, ${sql.join(sums, sql`, `)}
      FROM ${t} WHERE ${t.workspaceId} = ${q.workspaceId} AND ${t.day} >= ${q.from} AND ${t.day} <= ${q.to}
        AND ${filterExpr(q, c, true)}
      GROUP BY 1, 2, 3, 4, 5`);
  }
  const r = revenueRows;
  const c: Cols = {
    day: sql`${r.reportDate}`,
    site: sql`coalesce(${r.siteId}, '')`,
    campaign: sql`coalesce(${r.campaignId}, '')`,
    offer: sql`${r.offerId}`,
    market: sql`coalesce(${r.country}, '')`,
    subIds: sql`${r.subIds}`,
  };
  const cols: Record<RevenueMetric, SQLiteColumn> = {
    registrations: r.registrations,
    ftds: r.ftdCount,
    qftds: r.qftdCount,
    depositsMicros: r.depositsMicros,
    ngrMicros: r.ngrMicros,
    commissionMicros: r.commissionTotalMicros,
    commissionReportingMicros: r.commissionReportingMicros,
  };
  const sums = metrics.map(
    (m) => sql`coalesce(sum(${cols[m]}), 0) AS ${sql.identifier(m)}, count(${cols[m]}) AS ${sql.identifier(countOf(m))}`,
  );
  return db.all(sql`SELECT ${keys(q, c)}, ${r.reportDate} AS day, ${r.currency} AS currency, ${sql.join(sums, sql`, `)}
    FROM ${r} WHERE ${r.workspaceId} = ${q.workspaceId} AND ${r.state} = 'active' AND ${r.granularity} = 'day'
      AND ${r.reportDate} >= ${q.from} AND ${r.reportDate} <= ${q.to} AND ${filterExpr(q, c, true)}
    GROUP BY 1, 2, 3, 4, 5`);
}

/** [start, end) UTC instants of the local dates [from, to] in the query's zone. */
function utcBounds(q: FactQuery): [number, number] {
  return localRangeToUtc(q.from, q.to, q.tz);
}
