/**
 * When an offer leaves a site (site or offer edit), its tag routes to that site go too: a route may only
 * point to one of the offer's sites, and a stale one would keep putting revenue on a site the deal is no
 * longer on. The routes' rows become unassigned at once (visible, one click to re-route), each removal
 * audited, in the caller's batch (docs/decisions.md).
 */
import { and, eq, or } from "drizzle-orm";
import type { Context } from "hono";
import type { BatchStatement } from "../db/batch";
import type { DB } from "../db/client";
import { revenueRows, tagRoutes } from "../db/schema";
import { auditRow } from "../lib/audit";
import type { AppEnv } from "../lib/hono";
import { revenueRollupRefresh } from "../rollups/revenue";

export interface OfferSite {
  offerId: string;
  siteId: string;
}

/** Pairs tagged before and not after. */
export function untagged(before: OfferSite[], after: OfferSite[]): OfferSite[] {
  const keep = new Set(after.map((p) => `${p.offerId}\n${p.siteId}`));
  return before.filter((p) => !keep.has(`${p.offerId}\n${p.siteId}`));
}

export async function routesOffSites(c: Context<AppEnv>, db: DB, ws: string, removed: OfferSite[]): Promise<BatchStatement[]> {
  if (removed.length === 0) return [];
  const pairs = removed.map((p) => and(eq(tagRoutes.offerId, p.offerId), eq(tagRoutes.siteId, p.siteId)));
  const routes = await db
    .select()
    .from(tagRoutes)
    .where(and(eq(tagRoutes.workspaceId, ws), or(...pairs)));
  const items: BatchStatement[] = [];
  for (const r of routes) {
    items.push(
      db.delete(tagRoutes).where(and(eq(tagRoutes.offerId, r.offerId), eq(tagRoutes.dimension, r.dimension), eq(tagRoutes.value, r.value))),
      db
        .update(revenueRows)
        .set({ siteId: null, campaignId: null, placement: "unassigned" })
        .where(
          and(
            eq(revenueRows.workspaceId, ws),
            eq(revenueRows.offerId, r.offerId),
            eq(revenueRows.siteId, r.siteId),
            eq(revenueRows.tagDimension, r.dimension),
            eq(revenueRows.tagValue, r.value),
            eq(revenueRows.placement, "tag"),
          ),
        ),
      auditRow(c, {
        action: "offer.tag_route_delete",
        entityType: "offer",
        entityId: r.offerId,
        summary: `${r.dimension} "${r.value}" no longer routed: the offer left site ${r.siteId} (rows unassigned)`,
        diff: { [`route:${r.dimension}:${r.value}`]: [r.siteId, null] },
      }),
    );
  }
  // The moved rows leave their site in the revenue rollups too, in the same batch (runBatch).
  for (const offerId of new Set(routes.map((r) => r.offerId))) items.push(...revenueRollupRefresh(ws, offerId));
  return items;
}
