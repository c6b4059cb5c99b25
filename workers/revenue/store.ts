import { and, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { METRIC_FAMILY_OF, type MetricFamily } from "../../shared/settle";
import { runBatch } from "../db/batch";
import { insertJsonRows } from "../db/bulk-insert";
import { chunk, type DB } from "../db/client";
import { clicks, revenueChanges, revenueRows, workspaces } from "../db/schema";
import { ulid } from "../lib/ids";
import { revenueRollupRefresh } from "../rollups/revenue";
import { type CanonicalRow, METRIC_FIELDS, naturalKeyOf, rowHashOf } from "./canonical";
import type { DateWindow } from "./connectors/types";
import { FxTable } from "./fx";
import { type Attribution, placeRow } from "./tags";

export interface StoreCounts {
  read: number;
  inserted: number;
  changed: number;
  removed: number;
}

/** Day-state bookkeeping done in the window's own batch (workers/revenue/coverage.ts, reports/day-states.ts). */
export interface DayBookkeeping {
  /** Families already settled per day when this pull started. */
  settledFamilies?: (day: string) => ReadonlySet<MetricFamily>;
  /** Records the window's days as pulled, atomically with its rows. */
  coverage?: SQL;
}

function isLate(settled: ReadonlySet<MetricFamily>, field: string): boolean {
  const family = (METRIC_FAMILY_OF as Record<string, MetricFamily | undefined>)[field];
  return family !== undefined && settled.has(family);
}

/**
 * Replaces the (offer, window) partition in one D1 batch: new keys are inserted, rows whose
 * values changed get revision+1 and a change-log entry, rows that vanished are marked removed.
 * Unchanged rows cost no write. The batch is atomic, so a failed pull never damages stored data.
 */
export async function replacePartition(
  db: DB,
  workspaceId: string,
  offerId: string,
  window: DateWindow,
  incoming: CanonicalRow[],
  syncRunId: string,
  attribution: Attribution,
  now = Date.now(),
  day: DayBookkeeping = {},
): Promise<StoreCounts> {
  const reportingCurrency =
    (await db.select({ c: workspaces.reportingCurrency }).from(workspaces).where(eq(workspaces.id, workspaceId)))[0]?.c ?? "EUR";
  const fx = new FxTable(db);
  const keyed = new Map<string, { row: CanonicalRow; hash: string }>();
  for (const row of incoming) {
    const key = naturalKeyOf(row);
    if (keyed.has(key)) throw new Error(`platform returned the same row twice (${row.reportDate}, campaign ${row.campaignExtId ?? "-"})`);
    keyed.set(key, { row, hash: await rowHashOf(row) });
  }
  const existing = await db
    .select({
      id: revenueRows.id,
      naturalKey: revenueRows.naturalKey,
      reportDate: revenueRows.reportDate,
      rowHash: revenueRows.rowHash,
      revision: revenueRows.revision,
      state: revenueRows.state,
      siteId: revenueRows.siteId,
      campaignId: revenueRows.campaignId,
      placement: revenueRows.placement,
      tagDimension: revenueRows.tagDimension,
      tagValue: revenueRows.tagValue,
      impressions: revenueRows.impressions,
      clicks: revenueRows.clicks,
      registrations: revenueRows.registrations,
      ftdCount: revenueRows.ftdCount,
      qftdCount: revenueRows.qftdCount,
      depositingPlayers: revenueRows.depositingPlayers,
      depositCount: revenueRows.depositCount,
      depositsMicros: revenueRows.depositsMicros,
      ftdAmountMicros: revenueRows.ftdAmountMicros,
      ngrMicros: revenueRows.ngrMicros,
      commissionRevshareMicros: revenueRows.commissionRevshareMicros,
      commissionCpaMicros: revenueRows.commissionCpaMicros,
      commissionOtherMicros: revenueRows.commissionOtherMicros,
      commissionTotalMicros: revenueRows.commissionTotalMicros,
    })
    .from(revenueRows)
    .where(and(eq(revenueRows.offerId, offerId), gte(revenueRows.reportDate, window.from), lte(revenueRows.reportDate, window.to)));
  const byKey = new Map(existing.map((r) => [r.naturalKey, r]));

  // Rows that carry one of our click ids are placed on that click's site and campaign.
  const clickIds = [...new Set(incoming.map((r) => r.clickId).filter((x): x is string => !!x))];
  const clickPlace = new Map<string, { siteId: string; campaignId: string | null }>();
  for (const ids of chunk(clickIds, 90)) {
    const found = await db
      .select({ id: clicks.id, siteId: clicks.siteId, campaignId: clicks.campaignId })
      .from(clicks)
      .where(and(eq(clicks.workspaceId, workspaceId), inArray(clicks.id, ids)));
    for (const f of found) clickPlace.set(f.id, { siteId: f.siteId, campaignId: f.campaignId });
  }

  const items: Parameters<typeof runBatch>[1] = [];
  const counts: StoreCounts = { read: incoming.length, inserted: 0, changed: 0, removed: 0 };
  const inserts: (typeof revenueRows.$inferInsert)[] = [];
  const changes: (typeof revenueChanges.$inferInsert)[] = [];

  for (const [key, { row, hash }] of keyed) {
    const place = placeRow(row, row.clickId ? clickPlace.get(row.clickId) : undefined, attribution);
    // Converted at the row's own date; the rate used is stored beside the figure.
    const rate = row.commissionTotalMicros === null ? null : await fx.rate(row.reportDate, row.currency, reportingCurrency);
    const values = {
      ...row,
      reportingCurrency,
      commissionReportingMicros:
        rate?.rate && row.commissionTotalMicros !== null ? FxTable.convert(row.commissionTotalMicros, rate.rate) : null,
      fxRate: rate?.rate ? FxTable.rateText(rate.rate) : null,
      fxRateDate: rate?.date ?? null,
      workspaceId,
      offerId,
      ...place,
      naturalKey: key,
      rowHash: hash,
      syncRunId,
      fetchedAt: now,
      state: "active" as const,
    };
    const prev = byKey.get(key);
    if (!prev) {
      inserts.push({ ...values, id: `rv_${ulid(now)}`, revision: 1 });
      changes.push(change(workspaceId, offerId, syncRunId, key, row.reportDate, "inserted", diff(null, row)));
      counts.inserted++;
    } else if (prev.rowHash !== hash || prev.state === "removed") {
      items.push(
        db
          .update(revenueRows)
          .set({ ...values, revision: prev.revision + 1 })
          .where(eq(revenueRows.id, prev.id)),
      );
      changes.push(change(workspaceId, offerId, syncRunId, key, row.reportDate, "changed", diff(prev, row)));
      counts.changed++;
    } else if (
      prev.siteId !== place.siteId ||
      prev.campaignId !== place.campaignId ||
      prev.placement !== place.placement ||
      prev.tagDimension !== place.tagDimension ||
      prev.tagValue !== place.tagValue
    ) {
      // Same figures, new place (a route or the tag dimension changed): moved, not restated.
      items.push(db.update(revenueRows).set(place).where(eq(revenueRows.id, prev.id)));
    }
  }
  for (const prev of existing) {
    if (prev.state === "active" && !keyed.has(prev.naturalKey)) {
      items.push(
        db
          .update(revenueRows)
          .set({ state: "removed", revision: prev.revision + 1, syncRunId, fetchedAt: now })
          .where(eq(revenueRows.id, prev.id)),
      );
      changes.push(change(workspaceId, offerId, syncRunId, prev.naturalKey, prev.reportDate, "removed", diff(prev, null)));
      counts.removed++;
    }
  }
  // revenue_rows has ~40 columns: D1's 100-parameter limit allows 2 rows per statement.
  // A change to a family already settled for its day is a late restatement (shown as such in the change log).
  const settled = day.settledFamilies;
  if (settled) for (const c of changes) c.lateRestatement = Object.keys(c.diff).some((f) => isLate(settled(c.reportDate), f));
  if (day.coverage) items.push(day.coverage);
  for (const part of chunk(inserts, 300)) items.push(insertJsonRows(revenueRows, part));
  for (const part of chunk(changes, 500)) items.push(insertJsonRows(revenueChanges, part));
  items.push(...revenueRollupRefresh(workspaceId, offerId, window.from, window.to));
  await runBatch(db, items);
  return counts;
}

function change(
  workspaceId: string,
  offerId: string,
  syncRunId: string,
  naturalKey: string,
  reportDate: string,
  kind: "inserted" | "changed" | "removed",
  d: Record<string, [unknown, unknown]>,
): typeof revenueChanges.$inferInsert {
  return { id: `rc_${ulid()}`, workspaceId, offerId, syncRunId, naturalKey, reportDate, kind, diff: d };
}

type Metrics = Partial<Record<(typeof METRIC_FIELDS)[number], number | null>>;

function diff(prev: Metrics | null, next: Metrics | null): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of METRIC_FIELDS) {
    const a = prev?.[f] ?? null;
    const b = next?.[f] ?? null;
    if (a !== b) out[f] = [a, b];
  }
  return out;
}
