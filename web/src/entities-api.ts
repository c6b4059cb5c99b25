/**
 * Dashboard calls of the entity APIs (sites, traffic sources, campaigns, links, casino entries, offer
 * lifecycle, onboarding), through the client typed from the Worker app: answers are the handlers' types.
 */
import type { z } from "zod";
import type {
  casinoEntrySchema,
  createCampaignInputSchema,
  createSiteSchema,
  createSourceSchema,
  testRoundTripSchema,
  updateCampaignSchema,
  updateSiteSchema,
  updateSourceSchema,
} from "../../shared/entities";
import type { createLinkSchema } from "../../shared/links";
import { client, jsonBody, typed } from "./api";

const id = (value: string) => ({ param: { id: value } });
/** `?archived=1` (archivedQuerySchema, parsed in the handlers rather than by a validator, so the typed client has no query type). */
const archivedArgs = (archived: boolean) => {
  const args = { query: archived ? { archived: "1" } : {} };
  return args;
};

export type SiteInput = z.input<typeof createSiteSchema> & z.input<typeof updateSiteSchema>;
const sites = client.api.sites;
export const listSites = (archived = false) => typed(sites.$get(archivedArgs(archived))).then((r) => r.sites);
export const getSite = (siteId: string) => typed(sites[":id"].$get(id(siteId))).then((r) => r.site);
export const createSite = (input: z.input<typeof createSiteSchema>) =>
  typed(sites.$post(undefined, jsonBody<typeof createSiteSchema>(input))).then((r) => r.site);
export const updateSite = (siteId: string, input: z.input<typeof updateSiteSchema>) =>
  typed(sites[":id"].$patch(id(siteId), jsonBody<typeof updateSiteSchema>(input))).then((r) => r.site);
export const archiveSite = (siteId: string, archive: boolean) =>
  typed(archive ? sites[":id"].archive.$post(id(siteId)) : sites[":id"].restore.$post(id(siteId))).then((r) => r.site);

export type SourceInput = z.input<typeof createSourceSchema> & z.input<typeof updateSourceSchema>;
const sources = client.api["traffic-sources"];
export const listSources = (archived = false) => typed(sources.$get(archivedArgs(archived))).then((r) => r.sources);
export const getSource = (sourceId: string) => typed(sources[":id"].$get(id(sourceId))).then((r) => r.source);
export const createSource = (input: z.input<typeof createSourceSchema>) =>
  typed(sources.$post(undefined, jsonBody<typeof createSourceSchema>(input))).then((r) => r.source);
export const updateSource = (sourceId: string, input: z.input<typeof updateSourceSchema>) =>
  typed(sources[":id"].$patch(id(sourceId), jsonBody<typeof updateSourceSchema>(input))).then((r) => r.source);
export const archiveSource = (sourceId: string, archive: boolean) =>
  typed(archive ? sources[":id"].archive.$post(id(sourceId)) : sources[":id"].restore.$post(id(sourceId))).then((r) => r.source);

export type CampaignInput = z.input<typeof createCampaignInputSchema> & z.input<typeof updateCampaignSchema>;
const campaigns = client.api.campaigns;
export const listCampaigns = (archived = false) => typed(campaigns.$get(archivedArgs(archived))).then((r) => r.campaigns);
export const getCampaign = (campaignId: string) => typed(campaigns[":id"].$get(id(campaignId))).then((r) => r.campaign);
export const createCampaign = (input: z.input<typeof createCampaignInputSchema>) =>
  typed(campaigns.$post(undefined, jsonBody<typeof createCampaignInputSchema>(input))).then((r) => r.campaign);
export const updateCampaign = (campaignId: string, input: z.input<typeof updateCampaignSchema>) =>
  typed(campaigns[":id"].$patch(id(campaignId), jsonBody<typeof updateCampaignSchema>(input))).then((r) => r.campaign);
export const testCampaign = (campaignId: string, linkId?: string) =>
  typed(campaigns[":id"].test.$post(id(campaignId), jsonBody<typeof testRoundTripSchema>(linkId ? { linkId } : {}))).then((r) => r.result);

export const createLink = (input: z.input<typeof createLinkSchema>) =>
  typed(client.api.links.$post(undefined, jsonBody<typeof createLinkSchema>(input)));
export const deleteLink = (linkId: string) => typed(client.api.links[":id"].$delete(id(linkId)));

export type CasinoEntryInput = z.input<typeof casinoEntrySchema>;
const entries = client.api["casino-entries"];
export const listCasinoEntries = () => typed(entries.$get()).then((r) => r.entries);
export const updateCasinoEntry = (entryId: string, input: CasinoEntryInput) =>
  typed(entries[":id"].$patch(id(entryId), jsonBody<typeof casinoEntrySchema>(input))).then((r) => r.entry);

const offers = client.api.offers;
export const archiveOffer = (offerId: string, archive: boolean) =>
  typed(archive ? offers[":id"].archive.$post(id(offerId)) : offers[":id"].restore.$post(id(offerId)));
export const cloneOffer = (offerId: string) => typed(offers[":id"].clone.$post(id(offerId))).then((r) => r.offer);

export const getOnboarding = () => typed(client.api.onboarding.$get());
