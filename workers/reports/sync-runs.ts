import { and, desc, eq } from "drizzle-orm";
import type { SyncRunSummary } from "../../shared/report-types";
import { INTERRUPTED_RUN_ERROR, isInterrupted } from "../../shared/sync-runs";
import type { DB } from "../db/client";
import { resyncRequests, syncRuns } from "../db/schema";

/** A run as listed: everything but its raw response. A run killed mid-pull shows as failed before the cron sweeps it. */
export function runSummary(r: typeof syncRuns.$inferSelect, now = Date.now()): SyncRunSummary {
  const interrupted = isInterrupted(r, now);
  return {
    id: r.id,
    offerId: r.offerId,
    trigger: r.trigger,
    status: interrupted ? "failed" : r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    windowFrom: r.windowFrom,
    windowTo: r.windowTo,
    rowsRead: r.rowsRead,
    rowsInserted: r.rowsInserted,
    rowsChanged: r.rowsChanged,
    rowsRemoved: r.rowsRemoved,
    httpStatus: r.httpStatus,
    error: interrupted ? INTERRUPTED_RUN_ERROR : r.error,
    attempt: r.attempt,
    windowsTotal: r.windowsTotal,
    windowsDone: r.windowsDone,
    requestId: r.requestId,
    metricColumns: r.metricColumns ?? null,
  };
}

/** An offer's runs, optionally only those serving one manual re-sync request. */
export async function listSyncRuns(
  db: DB,
  workspaceId: string,
  offerId: string,
  opts: { requestId?: string | undefined; limit?: number },
): Promise<(typeof syncRuns.$inferSelect)[]> {
  const where = [eq(syncRuns.offerId, offerId), eq(syncRuns.workspaceId, workspaceId)];
  if (opts.requestId) where.push(eq(syncRuns.requestId, opts.requestId));
  const q = db
    .select()
    .from(syncRuns)
    .where(and(...where))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id));
  return opts.limit === undefined ? q : q.limit(opts.limit);
}

/** One run of the offer (with its raw response), or null. */
export async function syncRunById(db: DB, workspaceId: string, offerId: string, runId: string) {
  return (
    (
      await db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.id, runId), eq(syncRuns.offerId, offerId), eq(syncRuns.workspaceId, workspaceId)))
    )[0] ?? null
  );
}

/** Whether this offer accepted a manual re-sync request with this id (POST /api/offers/:id/resync). */
export async function resyncRequestExists(db: DB, workspaceId: string, offerId: string, requestId: string): Promise<boolean> {
  const rows = await db
    .select({ id: resyncRequests.id })
    .from(resyncRequests)
    .where(and(eq(resyncRequests.id, requestId), eq(resyncRequests.offerId, offerId), eq(resyncRequests.workspaceId, workspaceId)))
    .limit(1);
  return rows.length > 0;
}
