import { and, countDistinct, eq, gte, isNull, lte, sum } from "drizzle-orm";
import type { UnassignedPart } from "../../shared/report-types";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { revenueRows, rollupRevenue } from "../db/schema";
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
  return (await unassignedSplit(db, { ...fq, dims: [] }, currency, inTotal, offerIds)).part;
}

/**
 * The unassigned part, and its commission per row of the query's dimensions (key `k1\u0000k2`; null where a
 * rate is missing): an all-sites report counts it in each row's commission, and its EPC leaves it out, as
 * that commission came from no click of the workspace's sites.
 */
export async function unassignedSplit(
  db: DB,
  fq: FactQuery,
  currency: string,
  inTotal: boolean,
  offerIds: string[] | null,
): Promise<{ part: UnassignedPart; byRow: Map<string, number | null> }> {
  const byRow = new Map<string, number | null>();
  const offerId = offerIds
    ? fq.filters.offerId?.length
      ? offerIds.filter((o) => fq.filters.offerId?.includes(o))
      : offerIds
    : fq.filters.offerId;
  // No offer in scope (a site without offers, or a filter outside it): nothing unassigned to state.
  if (offerId?.length === 0) return { part: { inTotal, commissionMicros: null, missingFx: [] }, byRow };
  const rev = await revenueFacts(db, { ...fq, filters: { ...fq.filters, siteId: null, placement: "unassigned", offerId } }, [
    "commissionMicros",
  ]);
  const rates = await RateBook.load(
    db,
    currency,
    rev.map((r) => ({ day: r.day, currency: r.currency })),
  );
  let micros: number | null = null;
  const missingFx = new Set<string>();
  for (const r of rev) {
    if (r.commissionN === 0) continue;
    const key = `${r.k1}\u0000${r.k2}`;
    const v = rates.convert(r.commissionMicros, r.day, r.currency);
    if (v === null) {
      missingFx.add(r.currency);
      byRow.set(key, null);
    } else {
      micros = (micros ?? 0) + v;
      const had = byRow.get(key);
      if (had !== null) byRow.set(key, (had ?? 0) + v);
    }
  }
  // A part with an unconvertible currency is unknown, never a partial sum.
  return { part: { inTotal, commissionMicros: missingFx.size ? null : micros, missingFx: [...missingFx].sort() }, byRow };
}

/**
 * Unassigned revenue per offer and currency over a range (the "set where revenue goes" notice): rows and
 * commission from the revenue rollup (one small group per day, so a 100k-row unassigned offer costs no
 * scan), distinct tags from the raw rows of `routable` offers only (offers on a site, read through the
 * (workspace, offer, site, date) index). An offer on no site has `tags: null`: no route can place its rows
 * until it is on a site. `allOffers`: every offer of the workspace (all sites), else `routable` only.
 * `names`: offer names by id, as the caller's scope already read them.
 */
export async function unassignedByOffer(
  db: DB,
  workspaceId: string,
  routable: string[],
  allOffers: boolean,
  from: string,
  to: string,
  names: ReadonlyMap<string, string>,
) {
  if (!allOffers && routable.length === 0) return [];
  const t = rollupRevenue;
  const [sums, tagRows] = await Promise.all([
    db
      .select({
        offerId: t.offerId,
        currency: t.currency,
        rows: sum(t.rows).mapWith(Number),
        commission: sum(t.commissionMicros).mapWith(Number),
        commissionN: sum(t.commissionN).mapWith(Number),
      })
      .from(t)
      .where(
        and(
          eq(t.workspaceId, workspaceId),
          eq(t.siteId, ""),
          gte(t.day, from),
          lte(t.day, to),
          allOffers ? undefined : inList(t.offerId, routable),
        ),
      )
      .groupBy(t.offerId, t.currency)
      .orderBy(t.offerId, t.currency),
    routable.length
      ? db
          .select({ offerId: revenueRows.offerId, tags: countDistinct(revenueRows.tagValue) })
          .from(revenueRows)
          .where(
            and(
              eq(revenueRows.workspaceId, workspaceId),
              inList(revenueRows.offerId, routable),
              isNull(revenueRows.siteId),
              eq(revenueRows.state, "active"),
              gte(revenueRows.reportDate, from),
              lte(revenueRows.reportDate, to),
            ),
          )
          .groupBy(revenueRows.offerId)
      : Promise.resolve([]),
  ]);
  const tags = new Map(tagRows.map((r) => [r.offerId, r.tags]));
  const onSite = new Set(routable);
  return sums
    .filter((u) => u.rows > 0)
    .map((u) => ({
      offerId: u.offerId,
      offerName: names.get(u.offerId) ?? u.offerId,
      tags: onSite.has(u.offerId) ? (tags.get(u.offerId) ?? 0) : null,
      rows: u.rows,
      // No row with a commission is "not reported", never 0.
      commission: u.commissionN > 0 ? { micros: u.commission, currency: u.currency } : null,
      fixPath: onSite.has(u.offerId) ? `/offers/${u.offerId}#where-revenue-goes` : `/offers/${u.offerId}`,
    }));
}
