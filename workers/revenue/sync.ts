import { and, eq, sql } from "drizzle-orm";
import { type MetricColumns, mergeMetricColumns } from "../../shared/metric-columns";
import { tagDimensionOf } from "../../shared/revenue-tags";
import { effectiveSettle } from "../../shared/settle";
import { getDb } from "../db/client";
import { offerSyncState, offers, syncRuns } from "../db/schema";
import { ulid } from "../lib/ids";
import { guardedFetch } from "../lib/outbound";
import { decryptSecrets, redact } from "../lib/secrets";
import { offerDayContexts, settledFamilies } from "../reports/day-states";
import { parseConnectorOffer } from "./connector-offer";
import { connectorFor } from "./connectors";
import { pushRaw } from "./connectors/http";
import { ConnectorError } from "./connectors/types";
import { coverageStatement } from "./coverage";
import { columnsFromRows } from "./metric-columns";
import { pullWindow } from "./pipeline";
import { replacePartition, type StoreCounts } from "./store";
import { loadRoutes } from "./tags";
import { trailingWindow } from "./window";

const RAW_LIMIT = 64 * 1024;

export interface SyncRequest {
  offerId: string;
  workspaceId: string;
  trigger: "cron" | "manual" | "test";
  from?: string;
  to?: string;
  attempt?: number;
  /** Manual re-sync handle, kept on every run (and retry) that serves the request. */
  requestId?: string;
}

export interface SyncOutcome {
  runId: string;
  status: "ok" | "failed" | "partial";
  counts: StoreCounts;
  error: ConnectorError | Error | null;
}

/** One offer's pull: each window fetched, normalized and stored atomically; a sync_run records it all. */
export async function runOfferSync(env: Env, req: SyncRequest, unguarded: typeof fetch = fetch): Promise<SyncOutcome> {
  // Report URLs are user input: no private or internal targets outside development (lib/outbound.ts).
  const fetcher = guardedFetch(env, unguarded);
  const db = getDb(env.DB);
  const offer = (
    await db
      .select()
      .from(offers)
      .where(and(eq(offers.id, req.offerId), eq(offers.workspaceId, req.workspaceId)))
  )[0];
  if (!offer) throw new Error(`offer ${req.offerId} not found`);
  const now = Date.now();
  const settle = effectiveSettle(offer.platform, offer.settleHorizons);
  const window = req.from && req.to ? { from: req.from, to: req.to } : trailingWindow(now, offer.platformTimezone, settle);
  const runId = `sr_${ulid(now)}`;
  const plannedWindows = connectorFor(offer.platform)?.windows(window.from, window.to).length ?? 0;
  await db.insert(syncRuns).values({
    id: runId,
    workspaceId: offer.workspaceId,
    offerId: offer.id,
    trigger: req.trigger,
    status: "running",
    startedAt: now,
    windowFrom: window.from,
    windowTo: window.to,
    attempt: req.attempt ?? 1,
    windowsTotal: plannedWindows,
    requestId: req.requestId ?? null,
  });

  const counts: StoreCounts = { read: 0, inserted: 0, changed: 0, removed: 0 };
  const raws: string[] = [];
  let httpStatus: number | null = null;
  let error: ConnectorError | Error | null = null;
  let windowsDone = 0;
  let secretList: string[] = [];
  let metricColumns: MetricColumns | null = null;
  const connector = connectorFor(offer.platform);
  try {
    if (!connector) throw new ConnectorError("config", `no connector for ${offer.platform} yet`);
    const connectorOffer = parseConnectorOffer({
      id: offer.id,
      platform: offer.platform,
      brand: offer.brand,
      campaignTag: offer.campaignTag,
      platformTimezone: offer.platformTimezone,
      accountCurrency: offer.accountCurrency,
      config: offer.apiConfig ?? {},
      secrets: await decryptSecrets(env, offer.apiSecretEnc),
    });
    secretList = Object.values(connectorOffer.secrets).concat(connector.secretsOf(connectorOffer));
    // Rows go to a site by click id or tag route only; the rest stay on the offer as unassigned.
    const dimension = tagDimensionOf(offer.platform, offer.apiConfig);
    const attribution = { dimension, routes: await loadRoutes(db, offer.id, dimension) };
    // Day states as this run finds them: a change to a family already settled is a late restatement.
    const settled = settledFamilies((await offerDayContexts(db, offer.workspaceId, [offer.id], now)).get(offer.id));
    for (const w of connector.windows(window.from, window.to)) {
      const pulledAt = Date.now();
      const res = await pullWindow(connector, connectorOffer, w, fetcher);
      httpStatus = res.httpStatus;
      pushRaw(raws, res.raw);
      metricColumns = mergeMetricColumns(metricColumns, columnsFromRows(res.rows, res.columns ?? null));
      const c = await replacePartition(db, offer.workspaceId, offer.id, w, res.rows, runId, attribution, pulledAt, {
        settledFamilies: settled,
        coverage: coverageStatement(offer.workspaceId, offer.id, w, pulledAt),
      });
      counts.read += c.read;
      counts.inserted += c.inserted;
      counts.changed += c.changed;
      counts.removed += c.removed;
      windowsDone++;
      // Progress for whoever polls the run (manual re-sync of a long range).
      await db
        .update(syncRuns)
        .set({
          windowsDone,
          rowsRead: counts.read,
          rowsInserted: counts.inserted,
          rowsChanged: counts.changed,
          rowsRemoved: counts.removed,
        })
        .where(eq(syncRuns.id, runId));
    }
  } catch (err) {
    error = err as Error;
    if (err instanceof ConnectorError) {
      httpStatus = err.httpStatus ?? httpStatus;
      if (err.raw) pushRaw(raws, err.raw);
    } else {
      console.error("sync failed", offer.id, err);
    }
  }

  const status = error ? (windowsDone > 0 ? "partial" : "failed") : "ok";
  const finished = Date.now();
  const raw = redact(raws.join("\n"), secretList).slice(0, RAW_LIMIT);
  const errText = error ? redact(error.message, secretList) : null;
  await db.batch([
    db
      .update(syncRuns)
      .set({
        status,
        finishedAt: finished,
        rowsRead: counts.read,
        rowsInserted: counts.inserted,
        rowsChanged: counts.changed,
        rowsRemoved: counts.removed,
        httpStatus,
        error: errText,
        rawResponse: raw,
        windowsDone,
        metricColumns,
      })
      .where(eq(syncRuns.id, runId)),
    db
      .insert(offerSyncState)
      .values({
        offerId: offer.id,
        workspaceId: offer.workspaceId,
        lastAttemptAt: finished,
        lastSuccessAt: status === "ok" ? finished : null,
        lastError: errText,
        consecutiveFailures: status === "ok" ? 0 : 1,
      })
      .onConflictDoUpdate({
        target: offerSyncState.offerId,
        set:
          status === "ok"
            ? {
                lastAttemptAt: finished,
                lastSuccessAt: finished,
                lastError: null,
                consecutiveFailures: 0,
              }
            : { lastAttemptAt: finished, lastError: errText, consecutiveFailures: sql`${offerSyncState.consecutiveFailures} + 1` },
      }),
  ]);
  return { runId, status, counts, error };
}
