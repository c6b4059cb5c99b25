import { and, eq, inArray, ne } from "drizzle-orm";
import type { BatchStatement } from "../db/batch";
import { chunk, type DB } from "../db/client";
import { revenueRows } from "../db/schema";
import { type RouteTarget, tagOf } from "./tags";

/**
 * A tag route was set: the offer's stored rows carrying that tag move to its site now, not at the next
 * pull. The tag is read from each row's own columns (campaign, tracking code, sub-ids), so rows stored
 * before tag routes existed — unlabelled, or left on "the offer's only site" by the old default — are
 * found too. As in a pull, a move changes no figure, so it is no revision and no change-log entry
 * (store.ts); the route change itself is audited by the caller.
 */
export async function replaceTagRows(
  db: DB,
  workspaceId: string,
  offerId: string,
  dimension: string,
  value: string,
  target: RouteTarget,
  offerDimension: string,
): Promise<BatchStatement[]> {
  // Pulls place rows by the offer's tag dimension only; a route on another one waits until it is chosen.
  if (dimension !== offerDimension) return [];
  const rows = await db
    .select({
      id: revenueRows.id,
      campaignExtId: revenueRows.campaignExtId,
      trackingCode: revenueRows.trackingCode,
      subIds: revenueRows.subIds,
      siteId: revenueRows.siteId,
      campaignId: revenueRows.campaignId,
      placement: revenueRows.placement,
      tagDimension: revenueRows.tagDimension,
      tagValue: revenueRows.tagValue,
    })
    .from(revenueRows)
    .where(and(eq(revenueRows.workspaceId, workspaceId), eq(revenueRows.offerId, offerId), ne(revenueRows.placement, "click")));
  const move = rows
    .filter((r) => tagOf(r, dimension) === value)
    .filter(
      (r) =>
        r.siteId !== target.siteId ||
        r.campaignId !== target.campaignId ||
        r.placement !== "tag" ||
        r.tagDimension !== dimension ||
        r.tagValue !== value,
    )
    .map((r) => r.id);
  return chunk(move, 90).map((ids) =>
    db
      .update(revenueRows)
      .set({ ...target, placement: "tag", tagDimension: dimension, tagValue: value })
      .where(inArray(revenueRows.id, ids)),
  );
}
