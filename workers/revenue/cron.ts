import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "../db/client";
import { offerSyncState, offers } from "../db/schema";
import { pullEcbRates } from "../fx/rates";
import { sweepInterruptedRuns } from "./interrupted-runs";
import { apiSetupSaved } from "./setup-saved";

export interface SyncMessage {
  offerId: string;
  workspaceId: string;
  trigger: "cron" | "manual";
  from?: string;
  to?: string;
  /** Manual re-sync handle (POST /api/offers/:id/resync), carried onto the sync runs. */
  requestId?: string;
}

export const FX_CRON = "10 6 * * *";

/**
 * Cron: enqueue one message per offer whose cadence is due (each pull is its own unit of work
 * with its own retries, so a slow platform never holds up the others), and pull FX daily.
 */
export async function handleScheduled(controller: ScheduledController, env: Env): Promise<{ enqueued: number }> {
  if (controller.cron === FX_CRON) {
    await pullEcbRates(env).catch((err) => console.error("ECB FX pull failed", String(err)));
  }
  const db = getDb(env.DB);
  const now = controller.scheduledTime || Date.now();
  await sweepInterruptedRuns(db, now);
  const due = await db
    .select({
      id: offers.id,
      workspaceId: offers.workspaceId,
      cadence: offerSyncState.cadenceHours,
      last: offerSyncState.lastAttemptAt,
      secrets: offers.apiSecretEnc,
      config: offers.apiConfig,
    })
    .from(offers)
    .leftJoin(offerSyncState, eq(offerSyncState.offerId, offers.id))
    .where(
      and(eq(offers.syncEnabled, true), or(isNull(offerSyncState.lastAttemptAt), lt(offerSyncState.lastAttemptAt, now - 30 * 60_000))),
    );
  const messages = due
    // An offer without API Setup has nothing to pull: it stays "not set up" rather than failing every half hour.
    .filter((o) => apiSetupSaved(o) && (o.last === null || now - o.last >= (o.cadence ?? 24) * 3_600_000 * 0.25))
    .map((o) => ({ body: { offerId: o.id, workspaceId: o.workspaceId, trigger: "cron" } satisfies SyncMessage }));
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < messages.length; i += 100) await env.SYNC_QUEUE.sendBatch(messages.slice(i, i + 100));
  return { enqueued: messages.length };
}
