/** Dashboard calls of the entity APIs (sites, traffic sources, campaigns, links, casino entries, offer lifecycle, onboarding). */
import type {
  CampaignDetail,
  CampaignView,
  CasinoEntryView,
  OnboardingState,
  RoundTripResult,
  SiteDetail,
  TrafficSourceView,
} from "../../shared/entity-types";
import type { SiteSummary } from "../../shared/report-types";
import { request } from "./api";

const call = <T>(path: string, method = "GET", body?: unknown): Promise<T> =>
  request<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

const enc = encodeURIComponent;

export interface SiteInput {
  name?: string;
  domains?: string[];
  market?: string;
  locale?: string;
  timezone?: string;
  offerIds?: string[];
}
export const listSites = (archived = false) =>
  call<{ sites: SiteSummary[] }>(`/api/sites${archived ? "?archived=1" : ""}`).then((r) => r.sites);
export const getSite = (id: string) => call<{ site: SiteDetail }>(`/api/sites/${enc(id)}`).then((r) => r.site);
export const createSite = (input: SiteInput) => call<{ site: SiteDetail }>("/api/sites", "POST", input).then((r) => r.site);
export const updateSite = (id: string, input: SiteInput) =>
  call<{ site: SiteDetail }>(`/api/sites/${enc(id)}`, "PATCH", input).then((r) => r.site);
export const archiveSite = (id: string, archive: boolean) =>
  call<{ site: SiteDetail }>(`/api/sites/${enc(id)}/${archive ? "archive" : "restore"}`, "POST").then((r) => r.site);

export interface SourceInput {
  name?: string;
  type?: string;
  clickIdParam?: string | null;
  postbackUrlTemplate?: string | null;
  cost?: { model: string; amount?: string; currency?: string; revsharePct?: string } | null;
}
export const listSources = (archived = false) =>
  call<{ sources: TrafficSourceView[] }>(`/api/traffic-sources${archived ? "?archived=1" : ""}`).then((r) => r.sources);
export const getSource = (id: string) => call<{ source: TrafficSourceView }>(`/api/traffic-sources/${enc(id)}`).then((r) => r.source);
export const createSource = (input: SourceInput) =>
  call<{ source: TrafficSourceView }>("/api/traffic-sources", "POST", input).then((r) => r.source);
export const updateSource = (id: string, input: SourceInput) =>
  call<{ source: TrafficSourceView }>(`/api/traffic-sources/${enc(id)}`, "PATCH", input).then((r) => r.source);
export const archiveSource = (id: string, archive: boolean) =>
  call<{ source: TrafficSourceView }>(`/api/traffic-sources/${enc(id)}/${archive ? "archive" : "restore"}`, "POST").then((r) => r.source);

export interface CampaignInput {
  name?: string;
  siteId?: string;
  trafficSourceId?: string | null;
  offerIds?: string[];
  status?: string;
  forwardParams?: string[];
}
export const listCampaigns = (archived = false) =>
  call<{ campaigns: CampaignView[] }>(`/api/campaigns${archived ? "?archived=1" : ""}`).then((r) => r.campaigns);
export const getCampaign = (id: string) => call<{ campaign: CampaignDetail }>(`/api/campaigns/${enc(id)}`).then((r) => r.campaign);
export const createCampaign = (input: CampaignInput) =>
  call<{ campaign: CampaignDetail }>("/api/campaigns", "POST", input).then((r) => r.campaign);
export const updateCampaign = (id: string, input: CampaignInput) =>
  call<{ campaign: CampaignDetail }>(`/api/campaigns/${enc(id)}`, "PATCH", input).then((r) => r.campaign);
export const testCampaign = (id: string, linkId?: string) =>
  call<{ result: RoundTripResult }>(`/api/campaigns/${enc(id)}/test`, "POST", linkId ? { linkId } : {}).then((r) => r.result);

export const createLink = (input: { campaignId: string; offerId: string; slug?: string; forwardParams?: string[] }) =>
  call<{ id: string; slug: string; url: string }>("/api/links", "POST", input);
export const deleteLink = (id: string) => call<{ ok: true }>(`/api/links/${enc(id)}`, "DELETE");

export interface CasinoEntryInput {
  name?: string;
  logoUrl?: string | null;
  bonusText?: string | null;
  paymentMethods?: string[];
  markets?: string[];
}
export const listCasinoEntries = () => call<{ entries: CasinoEntryView[] }>("/api/casino-entries").then((r) => r.entries);
export const updateCasinoEntry = (id: string, input: CasinoEntryInput) =>
  call<{ entry: CasinoEntryView }>(`/api/casino-entries/${enc(id)}`, "PATCH", input).then((r) => r.entry);

export const archiveOffer = (id: string, archive: boolean) =>
  call<{ offer: { id: string; archivedAt: number | null } }>(`/api/offers/${enc(id)}/${archive ? "archive" : "restore"}`, "POST");
export const cloneOffer = (id: string) =>
  call<{ offer: { id: string; name: string } }>(`/api/offers/${enc(id)}/clone`, "POST").then((r) => r.offer);

export const getOnboarding = () => call<OnboardingState>("/api/onboarding");
