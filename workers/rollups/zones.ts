/**
 * Reporting timezones for rollups. Tracked rollups are daily, kept per reporting timezone in use
 * (rollup_zones): a day in Europe/Berlin is not a day in America/New_York, and hourly UTC buckets
 * cannot give exact local days for half-hour zones cheaply enough for a year of data.
 *
 * For raw scans (rebuilds, the raw read path, the property test's reference) a zone's offset is
 * piecewise constant: `zoneSegments` finds its pieces over a range (DST switches to the minute),
 * and `localDayExpr` turns an epoch-ms column into the local date with one CASE over those pieces,
 * all offsets bound as parameters.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import { zoneOffsetMs } from "../../shared/time";
import type { DB } from "../db/client";
import { rollupZones } from "../db/schema";

export interface ZoneSegment {
  start: number;
  end: number;
  offsetMs: number;
}

const DAY = 86_400_000;

/** The constant-offset pieces of `tz` covering [fromMs, toMs). */
export function zoneSegments(tz: string, fromMs: number, toMs: number): ZoneSegment[] {
  const out: ZoneSegment[] = [];
  let start = fromMs;
  let offset = zoneOffsetMs(start, tz);
  // Sample every 6 hours (no zone switches twice within that), then bisect each switch to the minute.
  for (let t = fromMs + 6 * 3_600_000; ; t += 6 * 3_600_000) {
    const probe = Math.min(t, toMs);
    const o = zoneOffsetMs(probe, tz);
    if (o !== offset) {
      let lo = probe - 6 * 3_600_000;
      let hi = probe;
      while (hi - lo > 60_000) {
        const mid = lo + Math.max(1, Math.floor((hi - lo) / 120_000)) * 60_000;
        if (zoneOffsetMs(mid, tz) === offset) lo = mid;
        else hi = mid;
      }
      out.push({ start, end: hi, offsetMs: offset });
      start = hi;
      offset = o;
    }
    if (probe >= toMs) break;
  }
  out.push({ start, end: toMs, offsetMs: offset });
  return out;
}

/** SQL: the local date (YYYY-MM-DD) in the zone of the segments of an epoch-ms expression. */
export function localDayExpr(col: SQL, segs: ZoneSegment[]): SQL {
  const last = segs[segs.length - 1];
  if (!last) throw new Error("no zone segments");
  const shifted =
    segs.length === 1
      ? sql`(${col} + ${last.offsetMs})`
      : sql`(${col} + CASE ${sql.join(
          segs.slice(0, -1).map((s) => sql`WHEN ${col} < ${s.end} THEN ${s.offsetMs}`),
          sql` `,
        )} ELSE ${last.offsetMs} END)`;
  return sql`date(${shifted} / 1000, 'unixepoch')`;
}

/** Segments covering local dates [from, to] with a day's margin either side. */
export function segmentsForDays(tz: string, from: string, to: string): ZoneSegment[] {
  return zoneSegments(tz, Date.parse(`${from}T00:00:00Z`) - 2 * DAY, Date.parse(`${to}T00:00:00Z`) + 3 * DAY);
}

/** The zones a workspace's tracked rollups are kept in (sorted: the flush guard compares the list). */
export async function workspaceZones(db: DB, workspaceId: string): Promise<{ tz: string; state: "building" | "ready" }[]> {
  const rows = await db
    .select({ tz: rollupZones.tz, state: rollupZones.state })
    .from(rollupZones)
    .where(eq(rollupZones.workspaceId, workspaceId));
  return rows.sort((a, b) => (a.tz < b.tz ? -1 : a.tz > b.tz ? 1 : 0));
}

export async function zoneState(db: DB, workspaceId: string, tz: string): Promise<"building" | "ready" | null> {
  const row = (
    await db
      .select({ state: rollupZones.state })
      .from(rollupZones)
      .where(and(eq(rollupZones.workspaceId, workspaceId), eq(rollupZones.tz, tz)))
  )[0];
  return row?.state ?? null;
}
