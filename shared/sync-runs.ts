/**
 * A sync run that was killed mid-pull (isolate evicted, deploy, crash) never records its end. Past the
 * pull's hard limit it cannot still be running: it is shown, and swept by the cron, as failed with this reason.
 */
import type { SyncRunStatus } from "./report-types";

/** The hard wall-clock limit of one pull: a Queues consumer invocation is stopped after 15 minutes. */
export const SYNC_RUN_HARD_TIMEOUT_MS = 15 * 60_000;
export const INTERRUPTED_RUN_ERROR = "interrupted: no result recorded";

/** True when a run still marked running is older than any pull can be. */
export function isInterrupted(run: { status: SyncRunStatus; finishedAt: number | null; startedAt: number }, now: number): boolean {
  return run.status === "running" && run.finishedAt === null && run.startedAt < now - SYNC_RUN_HARD_TIMEOUT_MS;
}
