/**
 * Drill-down: the rows behind one figure of Site Overview, Site Report or Discrepancies, paginated,
 * with the total over every page computed by the same filters, so the rows add up to the figure.
 * Tracked figures (clicks, conversions) use the same definitions as the reports: counted clicks
 * only (no flag, or one the click's site counts: the reports' rule), conversions placed on a site and not reversed, bucketed in the reporting timezone.
 * Operator figures are revenue rows on their platform day (never shifted).
 */

import { and, asc, count, eq, gte, isNotNull, lt, lte, ne, sql, sum } from "drizzle-orm";
import type { DrillConversion, DrillMetric, DrillQuery, DrillResponse, DrillRevenueRow } from "../../shared/discrepancies";
import type { SyncRunStatus } from "../../shared/report-types";
import { isInterrupted } from "../../shared/sync-runs";
import { localRangeToUtc } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { campaigns, clicks, conversions, postbacks, revenueChanges, revenueRows, sites, syncRuns } from "../db/schema";
import { notFound } from "../lib/errors";
import { countedForSite } from "./click-flags";

export type DrillInput = DrillQuery & { workspaceId: string; memberTz: string };

const CONVERSION_EVENT: Partial<Record<DrillMetric, "registration" | "ftd" | "qualified" | "deposit">> = {
  registrations: "registration",
  ftds: "ftd",
  qualified: "qualified",
  deposits: "deposit",
};
const OPERATOR_COLUMN = {
  operator_registrations: revenueRows.registrations,
  operator_ftds: revenueRows.ftdCount,
  operator_qftds: revenueRows.qftdCount,
  revenue: revenueRows.commissionTotalMicros,
} as const;

export async function drill(db: DB, q: DrillInput): Promise<DrillResponse> {
  const ws = q.workspaceId;
  // The figure's own timezone: Site Overview, Site Report and Discrepancies bucket days in the member's reporting
  // timezone (or `tz`), whether or not a site is picked, so its rows must too or they would not add up to it.
  const tz = q.tz ?? q.memberTz;
  if (q.site) {
    const site = (
      await db
        .select({ id: sites.id })
        .from(sites)
        .where(and(eq(sites.id, q.site), eq(sites.workspaceId, ws)))
    )[0];
    if (!site) throw notFound("site", "site");
  }
  // A traffic source is its campaigns.
  let campaignIds: string[] | null = q.campaign ? [q.campaign] : null;
  if (q.source) {
    const ids = (
      await db
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.trafficSourceId, q.source)))
    ).map((r) => r.id);
    campaignIds = campaignIds ? campaignIds.filter((c) => ids.includes(c)) : ids;
  }
  const offset = (q.page - 1) * q.pageSize;
  const base = { metric: q.metric, page: q.page, pageSize: q.pageSize };
  const noCampaign = campaignIds !== null && campaignIds.length === 0;
  const [startMs, endMs] = localRangeToUtc(q.from, q.to, tz);

  if (q.metric === "clicks" || q.metric === "unique_clicks") {
    const where = and(
      eq(clicks.workspaceId, ws),
      q.site ? eq(clicks.siteId, q.site) : undefined,
      q.offer ? eq(clicks.offerId, q.offer) : undefined,
      campaignIds ? inList(clicks.campaignId, campaignIds) : undefined,
      gte(clicks.ts, startMs),
      lt(clicks.ts, endMs),
      countedForSite(sql`${clicks.siteId}`, sql`coalesce(${clicks.flag}, '')`),
      q.metric === "unique_clicks" ? eq(clicks.isUnique, true) : undefined,
    );
    const [total, rows] = await Promise.all([
      db.select({ n: count() }).from(clicks).where(where),
      db.select().from(clicks).where(where).orderBy(asc(clicks.ts), asc(clicks.id)).limit(q.pageSize).offset(offset),
    ]);
    const n = noCampaign ? 0 : (total[0]?.n ?? 0);
    return {
      ...base,
      kind: "clicks",
      range: { from: q.from, to: q.to, timezone: tz, basis: "reporting" },
      total: n,
      totalRows: n,
      rows: noCampaign
        ? []
        : rows.map((r) => ({
            id: r.id,
            ts: r.ts,
            day: r.day,
            siteId: r.siteId,
            offerId: r.offerId,
            campaignId: r.campaignId,
            isUnique: r.isUnique,
            flag: r.flag,
            country: r.country,
            subIds: r.subIds,
            placement: r.placement,
            value: 1,
          })),
    };
  }

  const event = CONVERSION_EVENT[q.metric];
  if (event) {
    const where = and(
      eq(conversions.workspaceId, ws),
      q.site ? eq(conversions.siteId, q.site) : isNotNull(conversions.siteId),
      q.offer ? eq(conversions.offerId, q.offer) : undefined,
      campaignIds ? inList(conversions.campaignId, campaignIds) : undefined,
      eq(conversions.eventType, event),
      ne(conversions.status, "rejected"),
      ne(conversions.status, "chargeback"),
      gte(conversions.occurredAt, startMs),
      lt(conversions.occurredAt, endMs),
    );
    const [total, rows] = await Promise.all([
      db.select({ n: count() }).from(conversions).where(where),
      db.select().from(conversions).where(where).orderBy(asc(conversions.occurredAt), asc(conversions.id)).limit(q.pageSize).offset(offset),
    ]);
    const ids = rows.map((r) => r.id);
    const pbs = ids.length
      ? await db
          .select()
          .from(postbacks)
          .where(and(eq(postbacks.workspaceId, ws), inList(postbacks.conversionId, ids)))
          .orderBy(asc(postbacks.receivedAt))
      : [];
    const n = noCampaign ? 0 : (total[0]?.n ?? 0);
    return {
      ...base,
      kind: "conversions",
      range: { from: q.from, to: q.to, timezone: tz, basis: "reporting" },
      total: n,
      totalRows: n,
      rows: noCampaign
        ? []
        : rows.map(
            (r): DrillConversion => ({
              id: r.id,
              eventType: r.eventType,
              status: r.status,
              occurredAt: r.occurredAt,
              clickId: r.clickId,
              siteId: r.siteId,
              offerId: r.offerId,
              campaignId: r.campaignId,
              txid: r.txid,
              playerId: r.playerId,
              amountMicros: r.amountMicros,
              currency: r.currency,
              postbacks: pbs
                .filter((p) => p.conversionId === r.id)
                .map((p) => ({
                  id: p.id,
                  outcome: p.outcome,
                  reason: p.reason,
                  receivedAt: p.receivedAt,
                  method: p.method,
                  rawQuery: p.rawQuery,
                  rawBody: p.rawBody,
                })),
              value: 1,
            }),
          ),
    };
  }

  // Operator figures: revenue rows on their platform day.
  const column = OPERATOR_COLUMN[q.metric as keyof typeof OPERATOR_COLUMN];
  const where = and(
    eq(revenueRows.workspaceId, ws),
    q.site ? eq(revenueRows.siteId, q.site) : undefined,
    q.offer ? eq(revenueRows.offerId, q.offer) : undefined,
    campaignIds ? inList(revenueRows.campaignId, campaignIds) : undefined,
    eq(revenueRows.state, "active"),
    eq(revenueRows.granularity, "day"),
    gte(revenueRows.reportDate, q.from),
    lte(revenueRows.reportDate, q.to),
    isNotNull(column),
  );
  const [totals, rows] = await Promise.all([
    db
      .select({ currency: revenueRows.currency, n: count(), sum: sum(column).mapWith(Number) })
      .from(revenueRows)
      .where(where)
      .groupBy(revenueRows.currency),
    db.select().from(revenueRows).where(where).orderBy(asc(revenueRows.reportDate), asc(revenueRows.id)).limit(q.pageSize).offset(offset),
  ]);
  const keys = rows.map((r) => r.naturalKey);
  const runIds = [...new Set(rows.map((r) => r.syncRunId))];
  const [changes, runs] = await Promise.all([
    keys.length
      ? db
          .select()
          .from(revenueChanges)
          .where(and(eq(revenueChanges.workspaceId, ws), inList(revenueChanges.naturalKey, keys)))
          .orderBy(asc(revenueChanges.createdAt))
      : Promise.resolve([]),
    runIds.length
      ? db
          .select({
            id: syncRuns.id,
            offerId: syncRuns.offerId,
            status: syncRuns.status,
            startedAt: syncRuns.startedAt,
            finishedAt: syncRuns.finishedAt,
            httpStatus: syncRuns.httpStatus,
            // The raw response itself is served (redacted with the offer's current secrets) by the sync-run detail route.
            hasRawResponse: sql<number>`${syncRuns.rawResponse} IS NOT NULL`.mapWith((v) => Number(v) === 1),
          })
          .from(syncRuns)
          .where(and(eq(syncRuns.workspaceId, ws), inList(syncRuns.id, runIds)))
      : Promise.resolve([]),
  ]);
  const isMoney = q.metric === "revenue";
  const totalRows = noCampaign ? 0 : totals.reduce((a, t) => a + t.n, 0);
  const totalCount = noCampaign || totals.length === 0 ? null : totals.reduce((a, t) => a + (t.sum ?? 0), 0);
  return {
    ...base,
    kind: "revenue",
    range: { from: q.from, to: q.to, timezone: "platform day (as reported)", basis: "platform" },
    total: isMoney ? null : totalCount,
    ...(isMoney ? { revenueByCurrency: noCampaign ? [] : totals.map((t) => ({ currency: t.currency, micros: t.sum ?? 0 })) } : {}),
    totalRows,
    rows: noCampaign
      ? []
      : rows.map(
          (r): DrillRevenueRow => ({
            id: r.id,
            offerId: r.offerId,
            siteId: r.siteId,
            reportDate: r.reportDate,
            reportTz: r.reportTz,
            naturalKey: r.naturalKey,
            placement: r.placement,
            clickId: r.clickId,
            tagValue: r.tagValue,
            registrations: r.registrations,
            ftdCount: r.ftdCount,
            qftdCount: r.qftdCount,
            commissionTotalMicros: r.commissionTotalMicros,
            currency: r.currency,
            revision: r.revision,
            revisions: changes
              .filter((c) => c.offerId === r.offerId && c.naturalKey === r.naturalKey)
              .map((c) => ({ syncRunId: c.syncRunId, kind: c.kind, diff: c.diff, at: c.createdAt, lateRestatement: c.lateRestatement })),
            syncRun: syncRunOf(runs.find((s) => s.id === r.syncRunId)),
            value: isMoney ? null : operatorValue(q.metric, r),
          }),
        ),
  };
}

function operatorValue(metric: DrillMetric, r: typeof revenueRows.$inferSelect): number | null {
  if (metric === "operator_registrations") return r.registrations;
  if (metric === "operator_ftds") return r.ftdCount;
  if (metric === "operator_qftds") return r.qftdCount;
  return null;
}

/** A row's sync run as shown: one killed mid-pull is failed (shared/sync-runs.ts), not running. */
function syncRunOf(
  r:
    | {
        id: string;
        offerId: string;
        status: SyncRunStatus;
        startedAt: number;
        finishedAt: number | null;
        httpStatus: number | null;
        hasRawResponse: boolean;
      }
    | undefined,
): DrillRevenueRow["syncRun"] {
  if (!r) return null;
  const { finishedAt: _, ...run } = r;
  return isInterrupted(r, Date.now()) ? { ...run, status: "failed" } : run;
}
