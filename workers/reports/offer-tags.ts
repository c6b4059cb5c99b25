/**
 * An offer's revenue by tag: each tag value seen in its active rows, with totals and where the rows
 * are (a site by tag route or click id, or unassigned). Unassigned rows count in the offer's totals.
 */

import { type AnyColumn, and, asc, eq, isNull, sql } from "drizzle-orm";
import { formatMicros } from "../../shared/money";
import type { OfferTagsResponse, Placement, TagSummary } from "../../shared/revenue-tags";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { revenueRows, sites } from "../db/schema";

export interface UnassignedRow {
  reportDate: string;
  brand: string | null;
  currency: string;
  clicks: number | null;
  registrations: number | null;
  ftds: number | null;
  commission: string | null;
}

const sumOrNull = (col: AnyColumn) => sql<number | null>`sum(${col})`;

export async function offerTags(db: DB, workspaceId: string, offerId: string, tagDimension: string): Promise<OfferTagsResponse> {
  const grouped = await db
    .select({
      dimension: revenueRows.tagDimension,
      value: revenueRows.tagValue,
      siteId: revenueRows.siteId,
      siteName: sites.name,
      placement: revenueRows.placement,
      currency: revenueRows.currency,
      rows: sql<number>`count(*)`,
      clicks: sumOrNull(revenueRows.clicks),
      registrations: sumOrNull(revenueRows.registrations),
      ftds: sumOrNull(revenueRows.ftdCount),
      commission: sumOrNull(revenueRows.commissionTotalMicros),
    })
    .from(revenueRows)
    .leftJoin(sites, eq(sites.id, revenueRows.siteId))
    .where(and(eq(revenueRows.workspaceId, workspaceId), eq(revenueRows.offerId, offerId), eq(revenueRows.state, "active")))
    .groupBy(revenueRows.tagDimension, revenueRows.tagValue, revenueRows.siteId, revenueRows.placement, revenueRows.currency)
    .orderBy(asc(revenueRows.tagValue));

  const tags = new Map<string, TagSummary & { micros: Map<string, number> }>();
  const offerMicros = new Map<string, number>();
  let offerRows = 0;
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
  for (const g of grouped) {
    const key = JSON.stringify([g.dimension, g.value, g.siteId, g.placement]);
    const t = tags.get(key) ?? {
      dimension: g.dimension ?? tagDimension,
      value: g.value,
      rows: 0,
      clicks: null,
      registrations: null,
      ftds: null,
      commission: [],
      siteId: g.siteId,
      siteName: g.siteName,
      placement: g.placement as Placement,
      micros: new Map<string, number>(),
    };
    t.rows += Number(g.rows);
    t.clicks = add(t.clicks, g.clicks === null ? null : Number(g.clicks));
    t.registrations = add(t.registrations, g.registrations === null ? null : Number(g.registrations));
    t.ftds = add(t.ftds, g.ftds === null ? null : Number(g.ftds));
    if (g.commission !== null) {
      t.micros.set(g.currency, (t.micros.get(g.currency) ?? 0) + Number(g.commission));
      offerMicros.set(g.currency, (offerMicros.get(g.currency) ?? 0) + Number(g.commission));
    }
    offerRows += Number(g.rows);
    tags.set(key, t);
  }
  const money = (m: Map<string, number>) => [...m].map(([currency, micros]) => ({ amount: formatMicros(micros), currency }));
  return {
    offerId,
    tagDimension,
    tags: [...tags.values()].map(({ micros, ...t }) => ({ ...t, commission: money(micros) })),
    totals: { rows: offerRows, commission: money(offerMicros) },
  };
}

/** The rows of the given unassigned tags (newest first, a bounded number per call). */
export async function unassignedRows(
  db: DB,
  workspaceId: string,
  offerId: string,
  limit: number,
): Promise<(UnassignedRow & { dimension: string | null; value: string | null })[]> {
  const rows = await db
    .select({
      dimension: revenueRows.tagDimension,
      value: revenueRows.tagValue,
      reportDate: revenueRows.reportDate,
      brand: sql<string | null>`coalesce(${revenueRows.brandNameRaw}, ${revenueRows.brandExtId})`,
      currency: revenueRows.currency,
      clicks: revenueRows.clicks,
      registrations: revenueRows.registrations,
      ftds: revenueRows.ftdCount,
      commissionMicros: revenueRows.commissionTotalMicros,
    })
    .from(revenueRows)
    .where(
      and(
        eq(revenueRows.workspaceId, workspaceId),
        eq(revenueRows.offerId, offerId),
        eq(revenueRows.state, "active"),
        isNull(revenueRows.siteId),
      ),
    )
    .orderBy(sql`${revenueRows.reportDate} desc`)
    .limit(limit);
  return rows.map(({ commissionMicros, ...r }) => ({
    ...r,
    commission: commissionMicros === null ? null : formatMicros(commissionMicros),
  }));
}

/** Site names for ids (route listing). */
export async function siteNames(db: DB, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: sites.id, name: sites.name })
    .from(sites)
    .where(and(eq(sites.workspaceId, workspaceId), inList(sites.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
