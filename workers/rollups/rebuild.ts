/**
 * Rebuild path: a migration cannot backfill rollups, and a zone first asked for has none. A zone is
 * registered ("building"), which makes every flush from then on maintain it (the flush's ledger guard
 * retries a batch built for the old zone list), then rewritten from the raw rows in one atomic batch
 * that also marks it ready. Revenue rollups of the workspace are rewritten in the same batch.
 * Runs on demand: the first report in a new zone schedules it (waitUntil) and answers from raw rows
 * meanwhile; POST /api/reports/rollups/rebuild runs it for every zone in use.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import { addDays, localDate, localRangeToUtc } from "../../shared/time";
import { runBatch } from "../db/batch";
import type { DB } from "../db/client";
import { clicks, conversions, members, rollupClicks, rollupConversions, rollupZones, users, workspaces } from "../db/schema";
import { revenueRollupRefresh } from "./revenue";
import { countedStatus } from "./tracked";
import { localDayExpr, zoneSegments } from "./zones";

const DAY = 86_400_000;

/**
 * The rollup layout. A zone rebuilt for an older one (e.g. before click rollups kept flagged clicks,
 * version 1) is rebuilt before reports read it again, so a layout change never needs a data migration.
 */
export const ROLLUP_VERSION = 1;

/**
 * Registers the zone (no-op when known). `rebuild` says whether the caller should start its rebuild:
 * the zone is new, or has been building for over 10 minutes (a rebuild that died).
 */
export async function ensureZone(
  db: DB,
  workspaceId: string,
  tz: string,
  now = Date.now(),
): Promise<{ state: "building" | "ready"; rebuild: boolean }> {
  const inserted = await db
    .insert(rollupZones)
    .values({ workspaceId, tz, state: "building", updatedAt: now })
    .onConflictDoNothing()
    .returning({ tz: rollupZones.tz });
  if (inserted.length) return { state: "building", rebuild: true };
  const row = (
    await db
      .select({ state: rollupZones.state, version: rollupZones.version, updatedAt: rollupZones.updatedAt })
      .from(rollupZones)
      .where(and(eq(rollupZones.workspaceId, workspaceId), eq(rollupZones.tz, tz)))
  )[0];
  if (!row) return { state: "building", rebuild: true };
  if (row.state === "ready" && row.version >= ROLLUP_VERSION) return { state: "ready", rebuild: false };
  if (row.state === "ready") {
    // Built for an older layout: back to building (reports read raw rows) and rebuilt, by one caller only.
    const claimed = await db
      .update(rollupZones)
      .set({ state: "building", updatedAt: now })
      .where(
        and(
          eq(rollupZones.workspaceId, workspaceId),
          eq(rollupZones.tz, tz),
          eq(rollupZones.state, "ready"),
          lt(rollupZones.version, ROLLUP_VERSION),
        ),
      )
      .returning({ tz: rollupZones.tz });
    return { state: "building", rebuild: claimed.length > 0 };
  }
  const stale = row.updatedAt < now - 10 * 60_000;
  if (stale)
    await db
      .update(rollupZones)
      .set({ updatedAt: now })
      .where(and(eq(rollupZones.workspaceId, workspaceId), eq(rollupZones.tz, tz)));
  return { state: "building", rebuild: stale };
}

/** The reporting timezones in use: the workspace's and its members' overrides. */
export async function zonesInUse(db: DB, workspaceId: string): Promise<string[]> {
  const ws = await db.select({ tz: workspaces.reportingTimezone }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const overrides = await db
    .select({ tz: users.timezone })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.organizationId, workspaceId));
  return [...new Set([...ws.map((w) => w.tz), ...overrides.map((o) => o.tz).filter((t): t is string => !!t)])].sort();
}

/** Rewrites the zone's tracked rollups (and the workspace's revenue rollups) from raw rows; marks it ready. */
export async function rebuildZone(db: DB, workspaceId: string, tz: string, now = Date.now()): Promise<void> {
  await ensureZone(db, workspaceId, tz, now);
  const span = (
    await db.all<{ lo: number | null; hi: number | null }>(sql`SELECT min(lo) AS lo, max(hi) AS hi FROM (
      SELECT min(${clicks.ts}) AS lo, max(${clicks.ts}) AS hi FROM ${clicks} WHERE ${clicks.workspaceId} = ${workspaceId}
      UNION ALL SELECT min(${conversions.occurredAt}), max(${conversions.occurredAt}) FROM ${conversions} WHERE ${conversions.workspaceId} = ${workspaceId})`)
  )[0];
  // Rows flushed while this runs are newer than `hi`: a day's margin and the open end cover them.
  const lo = (span?.lo ?? now) - 2 * DAY;
  const hi = Math.max(span?.hi ?? now, now) + 2 * DAY;
  const segs = zoneSegments(tz, lo, hi);
  const clickDay = localDayExpr(sql`${clicks.ts}`, segs);
  const convDay = localDayExpr(sql`cv.occurred_at`, segs);
  // One batch per 31 local days keeps each statement small (a year of 2M clicks in one statement
  // exhausted local workerd). Each chunk's delete + insert is atomic: a flush committed before it is
  // in the raw rows it reads, one committed after adds its delta on top, so chunks stay exact.
  const first = localDate(lo, tz);
  const last = localDate(hi, tz);
  for (let from = first; from <= last; from = addDays(from, 31)) {
    const to = addDays(from, 30) < last ? addDays(from, 30) : last;
    const [start, end] = localRangeToUtc(from, to, tz);
    const days = (t: typeof rollupClicks | typeof rollupConversions) =>
      sql`${t.workspaceId} = ${workspaceId} AND ${t.tz} = ${tz} AND ${t.day} >= ${from} AND ${t.day} <= ${to}`;
    await runBatch(db, [
      sql`DELETE FROM ${rollupClicks} WHERE ${days(rollupClicks)}`,
      sql`INSERT INTO ${rollupClicks} (workspace_id, tz, day, site_id, campaign_id, offer_id, market, flag, clicks, unique_clicks)
        SELECT ${workspaceId}, ${tz}, ${clickDay}, ${clicks.siteId}, coalesce(${clicks.campaignId}, ''), ${clicks.offerId},
          coalesce(${clicks.country}, ''), coalesce(${clicks.flag}, ''), count(*), sum(${clicks.isUnique})
        FROM ${clicks} WHERE ${clicks.workspaceId} = ${workspaceId} AND ${clicks.ts} >= ${start} AND ${clicks.ts} < ${end}
        GROUP BY 3, 4, 5, 6, 7, 8`,
      sql`DELETE FROM ${rollupConversions} WHERE ${days(rollupConversions)}`,
      sql`INSERT INTO ${rollupConversions} (workspace_id, tz, day, site_id, campaign_id, offer_id, market, event_type, currency, n, amount_micros)
        SELECT ${workspaceId}, ${tz}, ${convDay}, cv.site_id, coalesce(cv.campaign_id, ''), coalesce(cv.offer_id, ''),
          coalesce(k.country, ''), cv.event_type, coalesce(cv.currency, ''), count(*), sum(coalesce(cv.amount_micros, 0))
        FROM ${conversions} AS cv LEFT JOIN ${clicks} AS k ON k.id = cv.click_id
        WHERE cv.workspace_id = ${workspaceId} AND cv.site_id IS NOT NULL AND ${countedStatus(sql`cv.status`)} = 1
          AND cv.occurred_at >= ${start} AND cv.occurred_at < ${end}
        GROUP BY 3, 4, 5, 6, 7, 8, 9`,
    ]);
  }
  // Revenue rollups are per platform day (no zone): rewritten whole, then the zone is ready.
  await runBatch(db, [
    ...revenueRollupRefresh(workspaceId, null),
    sql`UPDATE ${rollupZones} SET state = 'ready', version = ${ROLLUP_VERSION}, updated_at = ${now} WHERE ${rollupZones.workspaceId} = ${workspaceId} AND ${rollupZones.tz} = ${tz}`,
  ]);
}
