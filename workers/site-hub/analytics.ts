import { ANALYTICS_DIMENSIONS, type AnalyticsDimension } from "../../shared/report-types";
import { zoneOffsetMs } from "../../shared/time";
import { CounterBatch } from "./counters";
import { visitorHash } from "./identity";
import type { HubSite, Sql } from "./types";

/**
 * Site Analytics in the hub. A beacon never reaches D1 as such: it becomes
 *  - rollup deltas per (local hour, dimension, value) in `analytics_delta`, flushed to D1's
 *    analytics_hourly by flush.ts and then deleted here;
 *  - the state of the visitor's current visit in `visits` (a visit = one visitor hash's activity
 *    without a 30-minute gap), used for visits, bounces, entry pages, time on site, offer-click
 *    visits and realtime visitors; a row lives until 30 minutes after its last activity;
 *  - `seen` (day, visitor, dim, value) so each visitor counts once per day per dimension value;
 *    kept for today and yesterday only (the visitor hash changes daily with the salt anyway).
 *
 * Dimensions: "total" (""), "path" (page-level: pageviews, visitors, time on page, offer clicks),
 * "offer" (offer clicks by offer id, or "host:<hostname>" when the host is not one offer's), and the
 * visit-level ones in SESSION_DIMS, whose values are fixed when the visit starts (entry page,
 * referrer source, UTM, click-id network, country, device, OS, browser): every metric of the visit
 * (pageviews, visits, bounces, engaged time, offer clicks) is counted under the visit's values.
 */
export const VISIT_GAP_MS = 30 * 60_000;
export const REALTIME_MS = 5 * 60_000;

/** Every breakdown but pages ("path") and offer clicks ("offer"), which are per pageview / click. */
export type SessionDim = Exclude<AnalyticsDimension, "path" | "offer">;
export const SESSION_DIMS = ANALYTICS_DIMENSIONS.filter((d): d is SessionDim => d !== "path" && d !== "offer");
/** Visit-level values; an empty string means "not set" and is not rolled up (e.g. no UTM). */
export type SessionValues = Record<SessionDim, string>;

export const ANALYTICS_DDL = [
  `CREATE TABLE IF NOT EXISTS analytics_delta (
    hour INTEGER NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, batch INTEGER NOT NULL DEFAULT 0,
    pageviews INTEGER NOT NULL DEFAULT 0, visitors INTEGER NOT NULL DEFAULT 0, visits INTEGER NOT NULL DEFAULT 0,
    bounces INTEGER NOT NULL DEFAULT 0, engaged_ms INTEGER NOT NULL DEFAULT 0, offer_clicks INTEGER NOT NULL DEFAULT 0,
    click_visits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, dim, value, batch)
  )`,
  `CREATE TABLE IF NOT EXISTS seen (day TEXT NOT NULL, visitor TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (day, visitor, dim, value))`,
  `CREATE TABLE IF NOT EXISTS visits (
    visitor TEXT PRIMARY KEY, started INTEGER NOT NULL, last INTEGER NOT NULL, hour INTEGER NOT NULL,
    path TEXT NOT NULL, source TEXT NOT NULL, dims TEXT NOT NULL, pageviews INTEGER NOT NULL,
    bounced INTEGER NOT NULL, clicked INTEGER NOT NULL, engaged_ms INTEGER NOT NULL
  )`,
  "CREATE INDEX IF NOT EXISTS visits_last_idx ON visits (last)",
  // Event ids of recent beacons: the edge retries a failed batch that may have been written after all.
  // One B-tree per beacon insert (WITHOUT ROWID, no index on ts): this is on every beacon's write, while
  // the hourly prune can afford a scan. With a rowid and a ts index it was three (beacon ratio 0.75 → 0.66).
  "CREATE TABLE IF NOT EXISTS beacon_ids (id TEXT PRIMARY KEY, ts INTEGER NOT NULL) WITHOUT ROWID",
  // Replaced by `visits` (realtime now reads the visit's last activity).
  "DROP TABLE IF EXISTS presence",
];

/** Hub storage has no migration framework: columns added after analytics_delta first shipped. */
export function migrateAnalytics(sql: Sql): void {
  const cols = sql.exec<{ name: string }>("PRAGMA table_info(analytics_delta)").toArray();
  if (!cols.some((c) => c.name === "click_visits")) {
    sql.exec("ALTER TABLE analytics_delta ADD COLUMN click_visits INTEGER NOT NULL DEFAULT 0");
  }
}

interface BeaconBase {
  ts: number;
  /** URL path of the page the beacon is about (no query string). */
  path: string;
  /** Raw identity material (ip|user agent); hashed with the site's daily salt here, never stored. */
  identity: string;
}
export type BeaconInput =
  | (BeaconBase & { type: "pageview"; session: SessionValues })
  | (BeaconBase & { type: "engagement"; ms: number })
  | (BeaconBase & { type: "offer_click"; offer: string; session: SessionValues });

/** What the hub did with a beacon (tests and logs; the endpoint answers 204 either way). */
export type BeaconOutcome = "visit_started" | "pageview" | "engagement" | "offer_click" | "ignored_no_visit" | "duplicate";

/** Retries come within seconds (edge/hub-batch.ts); batch ids are kept far longer than that, pruned hourly. */
const BEACON_ID_KEEP_MS = 60 * 60_000;

const METRICS = ["pageviews", "visitors", "visits", "bounces", "engaged_ms", "offer_clicks", "click_visits"] as const;
type Delta = Partial<Record<(typeof METRICS)[number], number>>;

interface VisitRow {
  visitor: string;
  started: number;
  last: number;
  hour: number;
  path: string;
  source: string;
  dims: string;
  pageviews: number;
  bounced: number;
  clicked: number;
  engaged_ms: number;
  [key: string]: SqlStorageValue;
}

/**
 * Rollup increments of one batch of beacons, summed in memory per (hour, dim, value) and written
 * with a few multi-row upserts at the end of the batch (instead of one statement per increment).
 */
class DeltaBuffer {
  private readonly rows = new Map<string, { hour: number; dim: string; value: string; d: Required<Delta> }>();

  add(hour: number, dim: string, value: string, d: Delta): void {
    const key = `${hour}\u0000${dim}\u0000${value}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { hour, dim, value, d: { pageviews: 0, visitors: 0, visits: 0, bounces: 0, engaged_ms: 0, offer_clicks: 0, click_visits: 0 } };
      this.rows.set(key, row);
    }
    for (const m of METRICS) row.d[m] += d[m] ?? 0;
  }

  /** Adds `d` under the site total and each of the visit's values. */
  addVisit(hour: number, session: SessionValues, d: Delta): void {
    for (const [dim, value] of visitPairs(session)) this.add(hour, dim, value, d);
  }

  write(sql: Sql): void {
    const rows = [...this.rows.values()];
    // At most 100 bound parameters per statement: 10 per row.
    for (let i = 0; i < rows.length; i += 9) {
      const part = rows.slice(i, i + 9);
      sql.exec(
        `INSERT INTO analytics_delta (hour, dim, value, batch, ${METRICS.join(", ")})
         VALUES ${part.map(() => "(?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
         ON CONFLICT (hour, dim, value, batch) DO UPDATE SET ${METRICS.map((m) => `${m} = ${m} + excluded.${m}`).join(", ")}`,
        ...part.flatMap((r) => [r.hour, r.dim, r.value, ...METRICS.map((m) => r.d[m])]),
      );
    }
    this.rows.clear();
  }
}

/** (dim, value) pairs of a visit: site total plus its set visit-level values. */
function visitPairs(session: SessionValues): [string, string][] {
  const out: [string, string][] = [["total", ""]];
  for (const dim of SESSION_DIMS) if (session[dim]) out.push([dim, session[dim]]);
  return out;
}

/** The pairs this visitor had not been counted for today yet (and marks them counted), in one statement. */
function firstSeen(sql: Sql, day: string, visitor: string, pairs: [string, string][]): Set<string> {
  const fresh = sql
    .exec<{ dim: string; value: string }>(
      `INSERT OR IGNORE INTO seen (day, visitor, dim, value) VALUES ${pairs.map(() => "(?, ?, ?, ?)").join(", ")} RETURNING dim, value`,
      ...pairs.flatMap(([dim, value]) => [day, visitor, dim, value]),
    )
    .toArray();
  return new Set(fresh.map((r) => `${r.dim}\u0000${r.value}`));
}

const offsetMemo = new Map<string, number>();
function offsetAt(ts: number, timeZone: string): number {
  // Zone offsets change on quarter hours at the most: one Intl call per zone and quarter hour.
  const key = `${timeZone}|${Math.floor(ts / 900_000)}`;
  let offset = offsetMemo.get(key);
  if (offset === undefined) {
    offset = zoneOffsetMs(ts, timeZone);
    if (offsetMemo.size > 256) offsetMemo.clear();
    offsetMemo.set(key, offset);
  }
  return offset;
}

/** Start of the local hour (site timezone) containing `ts`, as epoch ms. */
export function localHour(ts: number, timeZone: string): number {
  const offset = offsetAt(ts, timeZone);
  return ts - ((((ts + offset) % 3_600_000) + 3_600_000) % 3_600_000);
}

/** The local date (YYYY-MM-DD) of `ts` in the site's timezone. */
export function localDay(ts: number, timeZone: string): string {
  return new Date(ts + offsetAt(ts, timeZone)).toISOString().slice(0, 10);
}

/** A bounced visit that shows interest (a second pageview, an offer click) is no longer a bounce. */
function unbounce(sql: Sql, deltas: DeltaBuffer, v: VisitRow, session: SessionValues): void {
  if (!v.bounced) return;
  deltas.addVisit(v.hour, session, { bounces: -1 });
  sql.exec("UPDATE visits SET bounced = 0 WHERE visitor = ?", v.visitor);
}

/** Takes a beacon batch's edge id; false when the hub already holds it (a retried batch, or counted lost). */
export function claimBeaconId(sql: Sql, id: string, ts: number): boolean {
  return sql.exec("INSERT OR IGNORE INTO beacon_ids (id, ts) VALUES (?, ?)", id, ts).rowsWritten > 0;
}

/** One beacon, synchronously, inside the batch's transaction (in arrival order). */
export function applyBeacon(sql: Sql, site: HubSite, b: BeaconInput, { deltas, counters }: BeaconBatch): BeaconOutcome {
  const day = localDay(b.ts, site.timezone);
  const visitor = visitorHash(sql, day, site.siteId ?? "", b.identity);
  const hour = localHour(b.ts, site.timezone);
  const row = sql.exec<VisitRow>("SELECT * FROM visits WHERE visitor = ?", visitor).toArray()[0];
  // The visitor's visit, unless 30 minutes passed since its last activity (then a new visit starts).
  const visit = row && b.ts - row.last <= VISIT_GAP_MS ? row : null;

  if (b.type === "pageview") {
    counters.add(day, null, null, "pageviews", 1);
    if (!visit) {
      const session: SessionValues = { ...b.session, entry: b.path };
      const pairs = visitPairs(session);
      const fresh = firstSeen(sql, day, visitor, [["path", b.path], ...pairs]);
      deltas.add(hour, "path", b.path, { pageviews: 1, visitors: fresh.has(`path\u0000${b.path}`) ? 1 : 0 });
      for (const [dim, value] of pairs) {
        deltas.add(hour, dim, value, { pageviews: 1, visitors: fresh.has(`${dim}\u0000${value}`) ? 1 : 0, visits: 1, bounces: 1 });
      }
      sql.exec(
        `INSERT OR REPLACE INTO visits (visitor, started, last, hour, path, source, dims, pageviews, bounced, clicked, engaged_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 0, 0)`,
        visitor,
        b.ts,
        b.ts,
        hour,
        b.path,
        session.source,
        JSON.stringify(session),
      );
      return "visit_started";
    }
    const session = JSON.parse(visit.dims) as SessionValues;
    const fresh = firstSeen(sql, day, visitor, [["path", b.path]]);
    deltas.add(hour, "path", b.path, { pageviews: 1, visitors: fresh.size });
    deltas.addVisit(hour, session, { pageviews: 1 });
    unbounce(sql, deltas, visit, session);
    sql.exec(
      "UPDATE visits SET last = ?, path = ?, pageviews = pageviews + 1 WHERE visitor = ?",
      Math.max(visit.last, b.ts),
      b.path,
      visitor,
    );
    return "pageview";
  }

  if (b.type === "engagement") {
    // Visible time belongs to the visit that was active when the page became visible (ts - ms).
    const v = row && b.ts - b.ms - row.last <= VISIT_GAP_MS ? row : null;
    if (!v) return "ignored_no_visit";
    deltas.add(hour, "path", b.path, { engaged_ms: b.ms });
    deltas.addVisit(hour, JSON.parse(v.dims) as SessionValues, { engaged_ms: b.ms });
    sql.exec("UPDATE visits SET last = ?, engaged_ms = engaged_ms + ? WHERE visitor = ?", Math.max(v.last, b.ts), b.ms, visitor);
    return "engagement";
  }

  // Offer click: counted on the page it came from and under the offer; a click is interest, not a bounce.
  deltas.add(hour, "path", b.path, { offer_clicks: 1 });
  deltas.add(hour, "offer", b.offer, { offer_clicks: 1 });
  const session = visit ? (JSON.parse(visit.dims) as SessionValues) : { ...b.session, entry: "" };
  deltas.addVisit(hour, session, { offer_clicks: 1 });
  if (visit) {
    unbounce(sql, deltas, visit, session);
    if (!visit.clicked) deltas.addVisit(visit.hour, session, { click_visits: 1 });
    sql.exec("UPDATE visits SET last = ?, clicked = 1 WHERE visitor = ?", Math.max(visit.last, b.ts), visitor);
  }
  return "offer_click";
}

/** A group-commit batch of beacons: rollup and counter increments, written once when it ends. */
export class BeaconBatch {
  readonly deltas = new DeltaBuffer();
  readonly counters: CounterBatch;

  constructor(private readonly sql: Sql) {
    this.counters = new CounterBatch(sql);
  }

  end(): void {
    this.deltas.write(this.sql);
    this.counters.end();
  }
}

export interface Realtime {
  visitors: number;
  pages: { path: string; visitors: number }[];
  sources: { source: string; visitors: number }[];
}

/** Visitors active in the last 5 minutes, with the page they are on and where they came from. */
export function realtimeVisitors(sql: Sql, now: number): Realtime {
  const since = now - REALTIME_MS;
  const visitors = sql.exec<{ n: number }>("SELECT count(*) AS n FROM visits WHERE last >= ?", since).one().n;
  const pages = sql
    .exec<{ path: string; visitors: number }>(
      "SELECT path, count(*) AS visitors FROM visits WHERE last >= ? GROUP BY path ORDER BY visitors DESC, path LIMIT 10",
      since,
    )
    .toArray();
  const sources = sql
    .exec<{ source: string; visitors: number }>(
      "SELECT source, count(*) AS visitors FROM visits WHERE last >= ? GROUP BY source ORDER BY visitors DESC, source LIMIT 10",
      since,
    )
    .toArray();
  return { visitors, pages, sources };
}

/** Drops visitor state nobody needs any more: ended visits and `seen` rows of days before `keepFromDay`. */
export function pruneAnalytics(sql: Sql, now: number, keepFromDay: string): void {
  sql.exec("DELETE FROM seen WHERE day < ?", keepFromDay);
  sql.exec("DELETE FROM visits WHERE last < ?", now - VISIT_GAP_MS - 60_000);
  sql.exec("DELETE FROM beacon_ids WHERE ts < ?", now - BEACON_ID_KEEP_MS);
}
