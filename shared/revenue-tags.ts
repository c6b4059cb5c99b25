/**
 * Tag dimensions: which columns of each platform's report tell one site's revenue from another's
 * (platforms.md). An offer is one deal on one or more sites; its tag routes map a value of one of
 * these dimensions to a site. Declared once here; the connectors' rows, the API and the dashboard
 * derive from it.
 *
 * Where a dimension lives in a canonical revenue row:
 *   campaign      → campaignExtId (the platform's campaign / site / marketing-source id)
 *   tracking_code → trackingCode (tracking code, media item)
 *   anything else → subIds[<id>] (promo, afp1, var1, sub2, dynamic_tag_*, a generic column)
 */
import { z } from "zod";
import type { PlatformId } from "./platforms";

export interface TagDimension {
  id: string;
  label: string;
}

export interface PlatformTags {
  /** Dimensions the platform's report exposes (the first is the default tag). */
  dimensions: readonly TagDimension[];
  /** Sub-id names beyond the list that are accepted as dimensions (Affilka dynamic tags, generic columns). */
  extra?: RegExp;
}

const range = (prefix: string, from: number, to: number, label: string): TagDimension[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: `${prefix}${from + i}`, label: `${label} ${prefix}${from + i}` }));

export const PLATFORM_TAGS: Record<PlatformId, PlatformTags> = {
  affilka: {
    dimensions: [
      { id: "campaign", label: "Campaign" },
      { id: "promo", label: "Promo (tracking link)" },
    ],
    extra: /^dynamic_tag_[A-Za-z0-9_]{1,40}$/,
  },
  cellxpert: {
    dimensions: [{ id: "tracking_code", label: "Tracking code" }, { id: "afp", label: "afp" }, ...range("afp", 1, 10, "Sub-id")],
  },
  smartico: {
    dimensions: [...range("afp", 1, 9, "Sub-id"), { id: "afp", label: "afp" }],
  },
  income_access: {
    dimensions: [
      { id: "campaign", label: "Site id (btag b_)" },
      { id: "tracking_code", label: "Banner / ad id" },
    ],
  },
  map: { dimensions: [{ id: "campaign", label: "Campaign" }], extra: /^[A-Za-z0-9_]{1,40}$/ },
  myaffiliates: { dimensions: [{ id: "campaign", label: "Campaign" }], extra: /^[A-Za-z0-9_]{1,40}$/ },
  referon: {
    dimensions: [
      { id: "campaign", label: "Campaign" },
      { id: "tracking_code", label: "Media item" },
      ...range("var", 1, 5, "Variable"),
      { id: "subid", label: "subid" },
      { id: "pubid", label: "pubid" },
    ],
  },
  netrefer: { dimensions: [{ id: "campaign", label: "Marketing source" }, ...range("var", 1, 5, "Variable")] },
  everflow: { dimensions: range("sub", 1, 5, "Sub-id") },
  generic: {
    dimensions: [
      { id: "campaign", label: "Campaign column" },
      { id: "tracking_code", label: "Tracking code column" },
    ],
    extra: /^[A-Za-z0-9_.-]{1,60}$/,
  },
};

export function isTagDimension(platform: PlatformId, dimension: string): boolean {
  const p = PLATFORM_TAGS[platform];
  return p.dimensions.some((d) => d.id === dimension) || (p.extra?.test(dimension) ?? false);
}

/** The offer's tag dimension: its configured one, else the platform's first. */
export function tagDimensionOf(platform: PlatformId, config: Record<string, unknown> | null | undefined): string {
  const v = config?.tagDimension;
  if (typeof v === "string" && isTagDimension(platform, v)) return v;
  return PLATFORM_TAGS[platform].dimensions[0]?.id ?? "campaign";
}

export const PLACEMENTS = ["click", "tag", "unassigned"] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** PUT /api/offers/:id/tag-routes: one tag value of one dimension → a site (and optionally one of its campaigns). */
export const tagRouteInputSchema = z.object({
  dimension: z.string().trim().min(1, "is required").max(60),
  value: z.string().trim().min(1, "is required").max(200),
  siteId: z.string().trim().min(1, "is required").max(64),
  campaignId: z.string().trim().min(1).max(64).nullish(),
});
export type TagRouteInput = z.infer<typeof tagRouteInputSchema>;

export const tagRouteKeySchema = z.object({
  dimension: z.string().trim().min(1, "is required").max(60),
  value: z.string().trim().min(1, "is required").max(200),
});

export interface TagRoute {
  dimension: string;
  value: string;
  siteId: string;
  siteName: string | null;
  campaignId: string | null;
  updatedAt: number;
}

/** One tag value seen in an offer's revenue rows, with its totals and where its rows are. */
export interface TagSummary {
  dimension: string;
  /** null = the row carries no value in this dimension (e.g. players who came direct). */
  value: string | null;
  rows: number;
  clicks: number | null;
  registrations: number | null;
  ftds: number | null;
  /** Commission per currency, decimal text. */
  commission: { amount: string; currency: string }[];
  /** Where the rows go: the routed site, or null = unassigned. */
  siteId: string | null;
  siteName: string | null;
  placement: Placement;
}

export interface TagRoutesResponse {
  offerId: string;
  platform: PlatformId;
  tagDimension: string;
  dimensions: TagDimension[];
  routes: TagRoute[];
  /** Sites the offer is tagged to (routes may only point there). */
  sites: { id: string; name: string }[];
}

export interface OfferTagsResponse {
  offerId: string;
  tagDimension: string;
  tags: TagSummary[];
  /** The offer's totals (every active row, unassigned included). */
  totals: { rows: number; commission: { amount: string; currency: string }[] };
}
