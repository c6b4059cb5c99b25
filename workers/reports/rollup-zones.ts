import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { rollupZonesSchema } from "../../shared/api-responses";
import type { DB } from "../db/client";
import { rollupZones } from "../db/schema";
import { ROLLUP_VERSION, zonesInUse } from "../rollups/rebuild";

type RollupZones = z.infer<typeof rollupZonesSchema>;

/** The state of the workspace's daily rollups, per reporting timezone (in use or registered), by name. */
export async function rollupZoneStates(db: DB, workspaceId: string): Promise<RollupZones> {
  const inUse = new Set(await zonesInUse(db, workspaceId));
  const rows = await db
    .select({ tz: rollupZones.tz, state: rollupZones.state, version: rollupZones.version, updatedAt: rollupZones.updatedAt })
    .from(rollupZones)
    .where(eq(rollupZones.workspaceId, workspaceId));
  const byTz = new Map(rows.map((r) => [r.tz, r]));
  const zones = [...new Set([...inUse, ...byTz.keys()])].sort().map((tz) => {
    const r = byTz.get(tz);
    const state = !r ? "not_built" : r.state === "building" ? "building" : r.version < ROLLUP_VERSION ? "outdated" : "ready";
    return { tz, state, inUse: inUse.has(tz), updatedAt: r?.updatedAt ?? null } as const;
  });
  return { zones };
}
