import { and, count, countDistinct, eq, gte, inArray, isNull, lte, sum } from "drizzle-orm";
import type { UnassignedPart } from "../../shared/report-types";
import type { DB } from "../db/client";
import { offers, revenueRows } from "../db/schema";
import { RateBook } from "./rate-book";
import { type FactQuery, revenueFacts } from "./report-facts";

/**
 * The unassigned part of a revenue total (revenue no click id or tag route placed on a site), read
 * with the total's own filters so Site Overview and Site Report state it alike: all sites count it
 * in the total (`inTotal`), one site shows it beside the total. `offerIds` narrows a one-site scope
 * to the site's offers (null = every offer the filters allow).
 */
export async function unassignedPart(
  db: DB,
  fq: FactQuery,
  currency: string,
  inTotal: boolean,
  offerIds: string[] | null,
): Promise<UnassignedPart> {
  if (offerIds?.length === 0) return { inTotal, commissionMicros: null, missingFx: [] };
  const offerId = offerIds
    ? fq.filters.offerId?.length
      ? offerIds.filter((o) => fq.filters.offerId?.includes(o))
      : offerIds
    : fq.filters.offerId;
  if (offerId?.length === 0) return { inTotal, commissionMicros: null, missingFx: [] };
  const rev = await revenueFacts(
    db,
    { ...fq, dims: [], filters: { ...fq.filters, siteId: null, includeUnassigned: true, unassignedOnly: true, offerId } },
    ["commissionMicros"],
  );
  const rates = await RateBook.load(
    db,
    currency,
    rev.map((r) => ({ day: r.day, currency: r.currency })),
  );
  let micros: number | null = null;
  const missingFx = new Set<string>();
  for (const r of rev) {
    if (r.commissionN === 0) continue;
    const v = rates.convert(r.commissionMicros, r.day, r.currency);
    if (v === null) missingFx.add(r.currency);
    else micros = (micros ?? 0) + v;
  }
  // A part with an unconvertible currency is unknown, never a partial sum.
  return { inTotal, commissionMicros: missingFx.size ? null : micros, missingFx: [...missingFx].sort() };
}

/**
 * Unassigned revenue per offer and currency over a range (the "set where revenue goes" notice): rows,
 * distinct tags and commission, with the dashboard path where the offer's tag routes are set.
 * `offerIds` null = every offer of the workspace (all sites).
 */
export async function unassignedByOffer(db: DB, workspaceId: string, offerIds: string[] | null, from: string, to: string) {
  if (offerIds?.length === 0) return [];
  const rows = await db
    .select({
      offerId: revenueRows.offerId,
      offerName: offers.name,
      currency: revenueRows.currency,
      commission: sum(revenueRows.commissionTotalMicros).mapWith(Number),
      rows: count(),
      tags: countDistinct(revenueRows.tagValue),
    })
    .from(revenueRows)
    .innerJoin(offers, eq(offers.id, revenueRows.offerId))
    .where(
      and(
        eq(revenueRows.workspaceId, workspaceId),
        offerIds ? inArray(revenueRows.offerId, offerIds) : undefined,
        isNull(revenueRows.siteId),
        eq(revenueRows.state, "active"),
        gte(revenueRows.reportDate, from),
        lte(revenueRows.reportDate, to),
      ),
    )
    .groupBy(revenueRows.offerId, offers.name, revenueRows.currency);
  return rows.map((u) => ({
    offerId: u.offerId,
    offerName: u.offerName,
    tags: u.tags,
    rows: u.rows,
    commission: u.commission === null ? null : { micros: u.commission, currency: u.currency },
    fixPath: `/offers/${u.offerId}#where-revenue-goes`,
  }));
}
