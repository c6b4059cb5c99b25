import { localDate } from "../../shared/time";
import { bump } from "./counters";
import { visitorHash } from "./identity";
import type { HubSite, Sql } from "./types";

/**
 * Site Analytics in the hub: beacons become hourly rollup deltas (flushed to D1's
 * analytics_hourly) and realtime presence (last 5 minutes). Raw beacons are not stored.
 * Visitors are counted once per (day, dimension value) via `seen`, pruned after two days.
 */
export const ANALYTICS_DDL = [
  `CREATE TABLE IF NOT EXISTS analytics_delta (
    hour INTEGER NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, batch INTEGER NOT NULL DEFAULT 0,
    pageviews INTEGER NOT NULL DEFAULT 0, visitors INTEGER NOT NULL DEFAULT 0, visits INTEGER NOT NULL DEFAULT 0,
    bounces INTEGER NOT NULL DEFAULT 0, engaged_ms INTEGER NOT NULL DEFAULT 0, offer_clicks INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, dim, value, batch)
  )`,
  `CREATE TABLE IF NOT EXISTS seen (day TEXT NOT NULL, visitor TEXT NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (day, visitor, dim, value))`,
  "CREATE TABLE IF NOT EXISTS presence (visitor TEXT PRIMARY KEY, ts INTEGER NOT NULL, path TEXT NOT NULL)",
];

export interface BeaconInput {
  type: "pageview";
  ts: number;
  path: string;
  identity: string;
  dims: Record<string, string>;
}

type DeltaField = "pageviews" | "visitors" | "visits" | "bounces" | "engaged_ms" | "offer_clicks";

function addDelta(sql: Sql, hour: number, dim: string, value: string, field: DeltaField, by: number): void {
  sql.exec(
    `INSERT INTO analytics_delta (hour, dim, value, batch, ${field}) VALUES (?, ?, ?, 0, ?)
     ON CONFLICT (hour, dim, value, batch) DO UPDATE SET ${field} = ${field} + excluded.${field}`,
    hour,
    dim,
    value,
    by,
  );
}

export async function ingestBeacon(sql: Sql, site: HubSite, b: BeaconInput): Promise<void> {
  const day = localDate(b.ts, site.timezone);
  const visitor = await visitorHash(sql, day, site.siteId ?? "", b.identity);
  const hour = b.ts - (b.ts % 3_600_000);
  const dims: Record<string, string> = { total: "", path: b.path, ...b.dims };
  for (const [dim, value] of Object.entries(dims)) {
    addDelta(sql, hour, dim, value, "pageviews", 1);
    const fresh = sql.exec(
      "INSERT OR IGNORE INTO seen (day, visitor, dim, value) VALUES (?, ?, ?, ?) RETURNING 1",
      day,
      visitor,
      dim,
      value,
    );
    if (fresh.toArray().length > 0) addDelta(sql, hour, dim, value, "visitors", 1);
  }
  sql.exec("INSERT OR REPLACE INTO presence (visitor, ts, path) VALUES (?, ?, ?)", visitor, b.ts, b.path);
  bump(sql, day, null, null, "pageviews", 1);
}

export function realtimeVisitors(sql: Sql, now: number): { visitors: number; pages: { path: string; visitors: number }[] } {
  const since = now - 5 * 60_000;
  const total = sql.exec<{ n: number }>("SELECT count(*) AS n FROM presence WHERE ts >= ?", since).one().n;
  const pages = sql
    .exec<{ path: string; visitors: number }>(
      "SELECT path, count(*) AS visitors FROM presence WHERE ts >= ? GROUP BY path ORDER BY visitors DESC LIMIT 10",
      since,
    )
    .toArray();
  return { visitors: total, pages };
}

export function pruneAnalytics(sql: Sql, now: number, keepFromDay: string): void {
  sql.exec("DELETE FROM seen WHERE day < ?", keepFromDay);
  sql.exec("DELETE FROM presence WHERE ts < ?", now - 5 * 60_000);
}
