/** Response shapes of the entity APIs (sites, traffic sources, campaigns, casino entries, onboarding). */
import type { PlatformId } from "./platforms";
import type { SiteSummary } from "./report-types";
import type { CostModel, SourceType } from "./traffic-sources";

export interface SiteDetail extends SiteSummary {
  snippet: string;
  installation: { lastBeaconAt: number | null; precision: "live" | "hourly" | null };
  offers: { id: string; name: string; platform: PlatformId; archivedAt: number | null }[];
}

export interface TrafficSourceView {
  id: string;
  name: string;
  type: SourceType;
  clickIdParam: string | null;
  postbackUrlTemplate: string | null;
  cost: { model: CostModel; amountMicros: number | null; currency: string | null; revsharePct: string | null } | null;
  campaignCount: number;
  archivedAt: number | null;
  createdAt: number;
}

export interface TrackingLinkView {
  id: string;
  slug: string;
  url: string;
  offerId: string;
  offerName: string;
  forwardParams: string[];
}

export interface CampaignPostbackUrl {
  platform: PlatformId;
  platformLabel: string;
  offerNames: string[];
  event: string;
  url: string;
  /** Why the URL has no txid (the platform documents no transaction-id macro); null when it has one. */
  txidNote: string | null;
}

export interface CampaignView {
  id: string;
  name: string;
  siteId: string;
  siteName: string | null;
  trafficSourceId: string | null;
  trafficSource: string | null;
  offerIds: string[];
  status: "active" | "paused" | "archived";
  forwardParams: string[];
  linkCount: number;
  createdAt: number;
}

export interface CampaignDetail extends CampaignView {
  offers: { id: string; name: string; platform: PlatformId; accountCurrency: string | null }[];
  links: TrackingLinkView[];
  postbackUrls: CampaignPostbackUrl[];
  /** Until when the key before the last rotation is still accepted (epoch ms); null: no old key works. */
  previousKeyExpiresAt: number | null;
}

export interface RoundTripResult {
  click: { slug: string; status: number; location: string | null; clickId: string | null; clickParam: string; flag: string };
  postback: { url: string; status: number; outcome: string | null; reason: string | null; error: string | null } | null;
  ok: boolean;
  summary: string;
}

export interface CasinoEntryView {
  id: string;
  offerId: string;
  offerName: string;
  offerArchivedAt: number | null;
  name: string;
  logoUrl: string | null;
  bonusText: string | null;
  paymentMethods: string[];
  markets: string[];
  /** Sites the entry is shown on: its offer's sites. */
  siteIds: string[];
}

export const ONBOARDING_STEPS = ["site", "snippet", "offer", "campaign", "click", "postback", "revenue", "routes"] as const;
export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number];

export interface OnboardingState {
  steps: { id: OnboardingStepId; label: string; done: boolean; fullTrackingOnly: boolean; href: string }[];
  complete: boolean;
}
