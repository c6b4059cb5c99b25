import { and, eq, isNull, lt } from "drizzle-orm";
import { INTERRUPTED_RUN_ERROR, SYNC_RUN_HARD_TIMEOUT_MS } from "../../shared/sync-runs";
import type { DB } from "../db/client";
import { syncRuns } from "../db/schema";

/**
 * Stores runs left "running" past the pull's hard timeout as failed (shared/sync-runs.ts). Their end
 * time stays unknown (null). Nothing else depends on them: the next pull is due by the offer's own
 * last attempt, which a killed run never wrote.
 */
export async function sweepInterruptedRuns(db: DB, now: number): Promise<void> {
  await db
    .update(syncRuns)
    .set({ status: "failed", error: INTERRUPTED_RUN_ERROR })
    .where(and(eq(syncRuns.status, "running"), isNull(syncRuns.finishedAt), lt(syncRuns.startedAt, now - SYNC_RUN_HARD_TIMEOUT_MS)));
}
