import { and, desc, eq, gt } from "drizzle-orm";
import type { DB } from "../db/client";
import { analyticsHourly } from "../db/schema";
import { hubStub } from "../edge/resolve";

export interface InstallationCheck {
  /** When the snippet last reported, or null when it never has. */
  lastBeaconAt: number | null;
  /** "live": exact, from the site hub's visit state (last 30 min); "hourly": the hour of the latest rollup in D1. */
  precision: "live" | "hourly" | null;
}

/**
 * "Last beacon seen …" for a site's installation check: the hub knows the exact time while a visit is
 * open (30 minutes after its last beacon); older activity is only in D1's hourly rollups.
 */
export async function siteInstallation(env: Env, db: DB, workspaceId: string, siteId: string): Promise<InstallationCheck> {
  const live = await hubStub(env, siteId).lastBeaconAt();
  if (live !== null) return { lastBeaconAt: live, precision: "live" };
  const row = (
    await db
      .select({ hour: analyticsHourly.hour })
      .from(analyticsHourly)
      .where(
        and(
          eq(analyticsHourly.workspaceId, workspaceId),
          eq(analyticsHourly.siteId, siteId),
          eq(analyticsHourly.dim, "total"),
          gt(analyticsHourly.pageviews, 0),
        ),
      )
      .orderBy(desc(analyticsHourly.hour))
      .limit(1)
  )[0];
  return row ? { lastBeaconAt: row.hour, precision: "hourly" } : { lastBeaconAt: null, precision: null };
}
