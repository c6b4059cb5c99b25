import { and, asc, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  ANALYTICS_DIMENSIONS,
  type AnalyticsDimension,
  type AnalyticsMetrics,
  type AnalyticsPoint,
  type AnalyticsRow,
  type RealtimeVisitors,
  type SiteAnalyticsResponse,
} from "../../shared/report-types";
import { addDays, daysBetween, localDate, localRangeToUtc } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { analyticsHourly, offers, sites } from "../db/schema";
import { notFound } from "../lib/errors";

/**
 * Site Analytics from D1's hourly rollups (analytics_hourly), which the site's hub fills within
 * seconds. Ranges are local dates in the site's timezone: rollup hours are local hours, so a day's
 * hours are exactly [start of day, start of next day). Visitors are unique per day (the visitor
 * hash changes daily), so a range's visitors are the sum of its days'.
 */
export const DIMENSIONS: readonly AnalyticsDimension[] = ANALYTICS_DIMENSIONS;

export interface AnalyticsQuery {
  workspaceId: string;
  siteId: string;
  from: string;
  to: string;
  compare: boolean;
  limit: number;
}

interface Sums {
  pageviews: number;
  visitors: number;
  visits: number;
  bounces: number;
  engagedMs: number;
  offerClicks: number;
  clickVisits: number;
}

const h = analyticsHourly;
const total = (col: SQLiteColumn) => sql<number>`coalesce(sum(${col}), 0)`.mapWith(Number);
const sums = () => ({
  pageviews: total(h.pageviews),
  visitors: total(h.visitors),
  visits: total(h.visits),
  bounces: total(h.bounces),
  engagedMs: total(h.engagedMs),
  offerClicks: total(h.offerClicks),
  clickVisits: total(h.clickVisits),
});
const ZERO: Sums = { pageviews: 0, visitors: 0, visits: 0, bounces: 0, engagedMs: 0, offerClicks: 0, clickVisits: 0 };

/** The metric a breakdown is ranked by. */
function rankBy(dim: AnalyticsDimension): SQLiteColumn {
  if (dim === "path") return h.pageviews;
  if (dim === "entry") return h.visits;
  if (dim === "offer") return h.offerClicks;
  return h.visitors;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function metrics(s: Sums): AnalyticsMetrics {
  return {
    ...s,
    bounceRate: ratio(s.bounces, s.visits),
    visitDurationMs: s.visits > 0 ? Math.round(s.engagedMs / s.visits) : null,
    timeOnPageMs: s.pageviews > 0 ? Math.round(s.engagedMs / s.pageviews) : null,
    pagesPerVisit: ratio(s.pageviews, s.visits),
    ctr: ratio(s.offerClicks, s.pageviews),
    visitCtr: ratio(s.clickVisits, s.visits),
  };
}

function scope(q: { workspaceId: string; siteId: string }, dim: string, startMs: number, endMs: number): SQL | undefined {
  return and(eq(h.workspaceId, q.workspaceId), eq(h.siteId, q.siteId), eq(h.dim, dim), gte(h.hour, startMs), lt(h.hour, endMs));
}

async function siteOf(db: DB, workspaceId: string, siteId: string) {
  const site = (
    await db
      .select()
      .from(sites)
      .where(and(eq(sites.id, siteId), eq(sites.workspaceId, workspaceId)))
  )[0];
  if (!site) throw notFound("site");
  return site;
}

/** Site totals per local hour of [from, to]. */
async function hourlyTotals(db: DB, q: AnalyticsQuery, tz: string, from: string, to: string) {
  const [startMs, endMs] = localRangeToUtc(from, to, tz);
  return db
    .select({ hour: h.hour, ...sums() })
    .from(h)
    .where(scope(q, "total", startMs, endMs))
    .groupBy(h.hour)
    .orderBy(asc(h.hour));
}

function series(rows: (Sums & { hour: number })[], tz: string, from: string, to: string, hourly: boolean): AnalyticsPoint[] {
  const buckets = new Map<string, AnalyticsPoint>();
  if (hourly) {
    const [startMs, endMs] = localRangeToUtc(from, to, tz);
    for (let t = startMs; t < endMs; t += 3_600_000) {
      buckets.set(String(t), { t, label: hourLabel(t, tz), pageviews: 0, visitors: 0, visits: 0, offerClicks: 0 });
    }
  } else {
    for (let d = from; d <= to; d = addDays(d, 1)) {
      buckets.set(d, { t: localRangeToUtc(d, d, tz)[0], label: d, pageviews: 0, visitors: 0, visits: 0, offerClicks: 0 });
    }
  }
  for (const r of rows) {
    const p = buckets.get(hourly ? String(r.hour) : localDate(r.hour, tz));
    if (!p) continue;
    p.pageviews += r.pageviews;
    p.visitors += r.visitors;
    p.visits += r.visits;
    p.offerClicks += r.offerClicks;
  }
  return [...buckets.values()];
}

function hourLabel(t: number, tz: string): string {
  const hh = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", hourCycle: "h23" }).format(new Date(t));
  return `${localDate(t, tz)} ${hh}:00`;
}

function sumRows(rows: Sums[]): Sums {
  const out = { ...ZERO };
  for (const r of rows) for (const k of Object.keys(out) as (keyof Sums)[]) out[k] += r[k];
  return out;
}

/** One dimension's top values over [from, to], ranked by its main metric. */
export async function breakdown(
  db: DB,
  q: AnalyticsQuery,
  tz: string,
  dim: AnalyticsDimension,
  range: { from: string; to: string },
  previous: { from: string; to: string } | null,
): Promise<AnalyticsRow[]> {
  const [startMs, endMs] = localRangeToUtc(range.from, range.to, tz);
  const rank = rankBy(dim);
  const rows = await db
    .select({ value: h.value, ...sums() })
    .from(h)
    .where(scope(q, dim, startMs, endMs))
    .groupBy(h.value)
    .orderBy(desc(total(rank)), desc(total(h.pageviews)), asc(h.value))
    .limit(q.limit);

  const prev = new Map<string, Sums>();
  if (previous && rows.length > 0) {
    const [ps, pe] = localRangeToUtc(previous.from, previous.to, tz);
    // One query for the whole page: inList binds the values as one parameter.
    const prevRows = await db
      .select({ value: h.value, ...sums() })
      .from(h)
      .where(
        and(
          scope(q, dim, ps, pe),
          inList(
            h.value,
            rows.map((r) => r.value),
          ),
        ),
      )
      .groupBy(h.value);
    for (const r of prevRows) prev.set(r.value, r);
  }
  const labels = dim === "offer" ? await offerLabels(db, q.workspaceId) : null;
  return rows.map((r) => ({
    value: r.value,
    label: labels?.get(r.value) ?? (r.value.startsWith("host:") && dim === "offer" ? r.value.slice(5) : r.value),
    ...metrics(r),
    previous: previous ? metrics(prev.get(r.value) ?? ZERO) : null,
  }));
}

async function offerLabels(db: DB, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: offers.id, name: offers.name }).from(offers).where(eq(offers.workspaceId, workspaceId));
  return new Map(rows.map((o) => [o.id, o.name]));
}

/** The period of the same length just before [from, to]. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

export async function siteAnalytics(
  db: DB,
  q: AnalyticsQuery,
  realtime: RealtimeVisitors,
  now = Date.now(),
): Promise<SiteAnalyticsResponse> {
  const site = await siteOf(db, q.workspaceId, q.siteId);
  const tz = site.timezone;
  const hourly = q.from === q.to;
  const previous = q.compare ? previousPeriod(q.from, q.to) : null;

  const [cur, prev, ...tables] = await Promise.all([
    hourlyTotals(db, q, tz, q.from, q.to),
    previous ? hourlyTotals(db, q, tz, previous.from, previous.to) : Promise.resolve(null),
    ...DIMENSIONS.map((dim) => breakdown(db, q, tz, dim, q, previous)),
  ]);
  const breakdowns = Object.fromEntries(DIMENSIONS.map((dim, i) => [dim, tables[i] ?? []])) as Record<AnalyticsDimension, AnalyticsRow[]>;

  return {
    site: { id: site.id, name: site.name, timezone: tz, domains: site.domains, publicKey: site.publicKey },
    range: { from: q.from, to: q.to, timezone: tz },
    previousRange: previous,
    granularity: hourly ? "hour" : "day",
    totals: metrics(sumRows(cur)),
    previousTotals: prev && previous ? metrics(sumRows(prev)) : null,
    series: series(cur, tz, q.from, q.to, hourly),
    previousSeries: prev && previous ? series(prev, tz, previous.from, previous.to, hourly) : null,
    breakdowns,
    realtime,
    freshness: { asOf: now, note: "beacons reach these numbers within seconds (the site's hub flushes its rollups to D1 every second)" },
  };
}

export { siteOf as analyticsSite };
