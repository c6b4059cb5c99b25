import { and, eq } from "drizzle-orm";
import { PLATFORM_IDS } from "../../shared/platforms";
import type { FreshnessState, OfferFreshness } from "../../shared/report-types";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { offerSyncState, offers } from "../db/schema";
import { apiSetupSaved } from "../revenue/setup-saved";
import { type OfferDayContext, offerDayContexts } from "./day-states";

/** Revenue-layer freshness per offer: ok, late (past 2× cadence), failing (last attempt failed), not set up (no API Setup). */
export async function offerFreshness(
  db: DB,
  workspaceId: string,
  offerIds: string[],
  now = Date.now(),
  /** The offers' day contexts when the caller has them already (one revenue_day_pulls read per request). */
  dayContexts?: Map<string, OfferDayContext>,
): Promise<OfferFreshness[]> {
  if (offerIds.length === 0) return [];
  const rows = await db
    .select({
      offerId: offers.id,
      offerName: offers.name,
      platform: offers.platform,
      lastSuccessAt: offerSyncState.lastSuccessAt,
      lastAttemptAt: offerSyncState.lastAttemptAt,
      cadenceHours: offerSyncState.cadenceHours,
      lastError: offerSyncState.lastError,
      failures: offerSyncState.consecutiveFailures,
      secrets: offers.apiSecretEnc,
      config: offers.apiConfig,
    })
    .from(offers)
    .leftJoin(offerSyncState, eq(offerSyncState.offerId, offers.id))
    .where(and(eq(offers.workspaceId, workspaceId), inList(offers.id, offerIds)));
  // "Complete through" is the last settled day, never "yesterday because a pull succeeded".
  const days = dayContexts ?? (await offerDayContexts(db, workspaceId, offerIds, now));
  return rows.map((r) => {
    const cadence = r.cadenceHours ?? 24;
    let state: FreshnessState = "ok";
    // Every platform id has a connector (workers/revenue/connectors CONNECTORS is complete by type); a row
    // holding another id (an older platform) has none.
    if (!(PLATFORM_IDS as readonly string[]).includes(r.platform)) state = "no_connector";
    // A saved API Setup is complete or empty (the API refuses a partial one): empty means not set up.
    else if (!apiSetupSaved(r)) state = "not_set_up";
    else if (r.lastAttemptAt === null) state = "never_synced";
    else if ((r.failures ?? 0) > 0) state = "failing";
    else if (r.lastSuccessAt === null || now - r.lastSuccessAt > 2 * cadence * 3_600_000) state = "late";
    return {
      offerId: r.offerId,
      offerName: r.offerName,
      platform: r.platform,
      lastSuccessAt: r.lastSuccessAt ?? null,
      lastAttemptAt: r.lastAttemptAt ?? null,
      completeThrough: days.get(r.offerId)?.completeThrough ?? null,
      cadenceHours: cadence,
      state,
      lastError: r.lastError ?? null,
    };
  });
}

/**
 * A scope's revenue freshness from its offers': the offers that sync, the latest successful pull of any of
 * them, and the last day settled for every one (null while any has none). Site Overview and Site Report say it alike.
 */
export function scopeFreshness(offers: OfferFreshness[]): {
  syncable: OfferFreshness[];
  lastSyncAt: number | null;
  completeThrough: string | null;
} {
  const syncable = offers.filter((f) => f.state !== "no_connector");
  const through = syncable.map((f) => f.completeThrough);
  return {
    syncable,
    lastSyncAt: syncable.reduce<number | null>(
      (a, f) => (f.lastSuccessAt !== null && (a === null || f.lastSuccessAt > a) ? f.lastSuccessAt : a),
      null,
    ),
    completeThrough: through.length && through.every((d) => d !== null) ? (through as string[]).reduce((a, b) => (a < b ? a : b)) : null,
  };
}
