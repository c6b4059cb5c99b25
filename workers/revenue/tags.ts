import { and, eq, inArray } from "drizzle-orm";
import type { PlatformId } from "../../shared/platforms";
import { type Placement, tagDimensionOf } from "../../shared/revenue-tags";
import { chunk, type DB } from "../db/client";
import { clicks, siteOffers, sites, tagRoutes } from "../db/schema";
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

/** Where preview rows would go: the offer's tag routes, its sites' names, and our clicks' sites. */
export interface PreviewRouting {
  attribution: Attribution;
  siteNames: Map<string, string>;
  clickSites: (clickIds: string[]) => Promise<Map<string, RouteTarget>>;
}

/** Test connection's routing for a saved offer (an unsaved one has no routes: every tag shows as unassigned). */
export async function previewRouting(
  db: DB,
  workspaceId: string,
  offerId: string | null,
  platform: PlatformId,
  config: Record<string, unknown>,
): Promise<PreviewRouting> {
  const dimension = tagDimensionOf(platform, config);
  const routes = offerId ? await loadRoutes(db, offerId, dimension) : new Map<string, RouteTarget>();
  const named = offerId
    ? await db
        .select({ id: sites.id, name: sites.name })
        .from(siteOffers)
        .innerJoin(sites, eq(sites.id, siteOffers.siteId))
        .where(and(eq(siteOffers.workspaceId, workspaceId), eq(siteOffers.offerId, offerId)))
    : [];
  return {
    attribution: { dimension, routes },
    siteNames: new Map(named.map((s) => [s.id, s.name])),
    clickSites: async (ids) => {
      const out = new Map<string, RouteTarget>();
      for (const part of chunk([...new Set(ids)], 90)) {
        const found = await db
          .select({ id: clicks.id, siteId: clicks.siteId, campaignId: clicks.campaignId })
          .from(clicks)
          .where(and(eq(clicks.workspaceId, workspaceId), inArray(clicks.id, part)));
        for (const f of found) out.set(f.id, { siteId: f.siteId, campaignId: f.campaignId });
      }
      return out;
    },
  };
}
