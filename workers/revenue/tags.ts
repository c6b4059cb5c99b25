import { and, eq } from "drizzle-orm";
import type { Placement } from "../../shared/revenue-tags";
import type { DB } from "../db/client";
import { tagRoutes } from "../db/schema";
import type { CanonicalRow } from "./canonical";

/** A row's value on a tag dimension (shared/revenue-tags.ts says where each dimension lives). */
export function tagOf(row: Pick<CanonicalRow, "campaignExtId" | "trackingCode" | "subIds">, dimension: string): string | null {
  const v = dimension === "campaign" ? row.campaignExtId : dimension === "tracking_code" ? row.trackingCode : row.subIds[dimension];
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

export interface RouteTarget {
  siteId: string;
  campaignId: string | null;
}

/** The offer's routes for one dimension: tag value → site. */
export type RouteMap = Map<string, RouteTarget>;

export async function loadRoutes(db: DB, offerId: string, dimension: string): Promise<RouteMap> {
  const rows = await db
    .select({ value: tagRoutes.value, siteId: tagRoutes.siteId, campaignId: tagRoutes.campaignId })
    .from(tagRoutes)
    .where(and(eq(tagRoutes.offerId, offerId), eq(tagRoutes.dimension, dimension)));
  return new Map(rows.map((r) => [r.value, { siteId: r.siteId, campaignId: r.campaignId }]));
}

export interface Attribution {
  /** The offer's tag dimension and its routes. */
  dimension: string;
  routes: RouteMap;
}

export interface PlacedRow {
  siteId: string | null;
  campaignId: string | null;
  placement: Placement;
  tagDimension: string;
  tagValue: string | null;
}

/**
 * Where a row goes: its click's site (row-level reports), else its tag's route, else nowhere
 * (unassigned: kept on the offer with its tag, never put on a site by default).
 */
export function placeRow(row: CanonicalRow, click: RouteTarget | undefined, attribution: Attribution): PlacedRow {
  const tagValue = tagOf(row, attribution.dimension);
  const tag = { tagDimension: attribution.dimension, tagValue };
  if (click) return { ...click, placement: "click", ...tag };
  const route = tagValue === null ? undefined : attribution.routes.get(tagValue);
  if (route) return { ...route, placement: "tag", ...tag };
  return { siteId: null, campaignId: null, placement: "unassigned", ...tag };
}
