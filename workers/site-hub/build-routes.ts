import { eq } from "drizzle-orm";
import { clickParamFor } from "../../shared/platforms";
import type { DB } from "../db/client";
import { campaignOffers, campaigns, offers, siteOffers, sites, trackingLinks, trafficSources } from "../db/schema";
import { DIRECTORY_SHARDS, shardOf } from "./directory";
import { type LinkRoute, type PostbackRoute, ROUTE_FORMAT, type SiteRef, type SiteRoute } from "./routes";

/** A published record: the route stamped with the format the edge enforces (routes.ts, ROUTE_FORMAT). */
const record = (route: object): string => JSON.stringify({ ...route, format: ROUTE_FORMAT });

/** Every routing record of a workspace, computed from D1 (the source of truth for configuration). */
export async function buildWorkspaceRoutes(db: DB, workspaceId: string): Promise<Map<string, string>> {
  const [siteRows, offerRows, campaignRows, linkRows, sourceRows, siteOfferRows, campaignOfferRows] = await Promise.all([
    db.select().from(sites).where(eq(sites.workspaceId, workspaceId)),
    db.select().from(offers).where(eq(offers.workspaceId, workspaceId)),
    db.select().from(campaigns).where(eq(campaigns.workspaceId, workspaceId)),
    db.select().from(trackingLinks).where(eq(trackingLinks.workspaceId, workspaceId)),
    db.select().from(trafficSources).where(eq(trafficSources.workspaceId, workspaceId)),
    db.select().from(siteOffers).where(eq(siteOffers.workspaceId, workspaceId)),
    db.select().from(campaignOffers).where(eq(campaignOffers.workspaceId, workspaceId)),
  ]);
  const out = new Map<string, string>();
  const siteRef = new Map<string, SiteRef>();
  for (const s of siteRows) {
    siteRef.set(s.id, { workspaceId, siteId: s.id, hubCode: s.hubCode, timezone: s.timezone });
  }
  const offerById = new Map(offerRows.map((o) => [o.id, o]));
  const sourceById = new Map(sourceRows.map((t) => [t.id, t]));
  const campaignById = new Map(campaignRows.map((c) => [c.id, c]));

  const offerHosts = new Set<string>();
  // Host → the one offer using it ("" when several offers share the host).
  const offerByHost: Record<string, string> = {};
  for (const o of offerRows) {
    const host = hostOf(o.trackingUrl);
    if (host) {
      offerHosts.add(host);
      offerByHost[host] = Object.hasOwn(offerByHost, host) ? "" : o.id;
    }
  }

  for (const s of siteRows) {
    const ref = siteRef.get(s.id) as SiteRef;
    const route: SiteRoute = { ...ref, publicKey: s.publicKey, domains: s.domains, offerHosts: [...offerHosts], offerByHost };
    // An archived site's snippet stops counting; its hub code still routes postbacks of its clicks.
    if (s.archivedAt === null) out.set(`site:${s.publicKey}`, record(route));
    out.set(`hub:${s.hubCode}`, record(ref));
  }

  for (const l of linkRows) {
    const offer = offerById.get(l.offerId);
    const ref = siteRef.get(l.siteId);
    if (!offer || !ref) continue;
    const campaign = l.campaignId ? campaignById.get(l.campaignId) : undefined;
    const source = campaign?.trafficSourceId ? sourceById.get(campaign.trafficSourceId) : undefined;
    const route: LinkRoute = {
      ...ref,
      linkId: l.id,
      slug: l.slug,
      offerId: offer.id,
      campaignId: l.campaignId,
      platform: offer.platform,
      trackingUrl: offer.trackingUrl,
      clickParam: clickParamFor(offer.platform, l.clickParamOverride ?? offer.clickParam),
      forwardParams: [...new Set([...l.forwardParams, ...(campaign?.forwardParams ?? [])])],
      sourceClickParam: source?.clickIdParam ?? null,
      sourcePostbackUrl: source?.postbackUrlTemplate ?? null,
    };
    out.set(`slug:${l.slug}`, record(route));
  }

  const firstSiteOfOffer = new Map<string, string>();
  for (const so of siteOfferRows) if (!firstSiteOfOffer.has(so.offerId)) firstSiteOfOffer.set(so.offerId, so.siteId);

  for (const o of offerRows) {
    const siteId = firstSiteOfOffer.get(o.id);
    const route: PostbackRoute = {
      workspaceId,
      scope: "offer",
      offerId: o.id,
      campaignId: null,
      offerIds: [o.id],
      platform: o.platform,
      ipAllowlist: o.ipAllowlist?.length ? o.ipAllowlist : null,
      ipAllowlists: o.ipAllowlist?.length ? [o.ipAllowlist] : [],
      // The account's currency only: the deal's currency says nothing about what the platform reports in.
      defaultCurrency: o.accountCurrency ?? null,
      offerEvents: [{ offerId: o.id, platform: o.platform, map: o.eventMap ?? null }],
      fallback: siteId ? (siteRef.get(siteId) ?? null) : (siteRef.values().next().value ?? null),
    };
    setKeyRoutes(out, o, route);
  }
  for (const c of campaignRows) {
    const ids = campaignOfferRows.filter((co) => co.campaignId === c.id).map((co) => co.offerId);
    const first = ids[0] ? offerById.get(ids[0]) : undefined;
    const covered = ids.map((id) => offerById.get(id)).filter((o) => o !== undefined);
    // One currency for the key only when every offer's account agrees; otherwise an amount must carry its own.
    const currencies = new Set(covered.map((o) => o.accountCurrency ?? null));
    const route: PostbackRoute = {
      workspaceId,
      scope: "campaign",
      offerId: ids.length === 1 ? (ids[0] ?? null) : null,
      campaignId: c.id,
      offerIds: ids,
      platform: first?.platform ?? "generic",
      ipAllowlist: null,
      ipAllowlists: covered.flatMap((o) => (o.ipAllowlist?.length ? [o.ipAllowlist] : [])),
      defaultCurrency: currencies.size === 1 ? ([...currencies][0] ?? null) : null,
      offerEvents: covered.map((o) => ({ offerId: o.id, platform: o.platform, map: o.eventMap ?? null })),
      fallback: siteRef.get(c.siteId) ?? null,
    };
    setKeyRoutes(out, c, route);
  }
  return out;
}

/** The current key's route, and the previous key's until its grace period ends (rotation). */
function setKeyRoutes(
  out: Map<string, string>,
  row: { postbackKey: string; previousPostbackKey: string | null; previousKeyExpiresAt: number | null },
  route: PostbackRoute,
): void {
  out.set(`pbkey:${row.postbackKey}`, record(route));
  if (row.previousPostbackKey && row.previousKeyExpiresAt !== null && row.previousKeyExpiresAt > Date.now()) {
    out.set(`pbkey:${row.previousPostbackKey}`, record({ ...route, expiresAt: row.previousKeyExpiresAt }));
  }
}

/** Pushes a workspace's routes to the directory shards (after any configuration change). */
export async function publishRoutes(env: Env, db: DB, workspaceId: string): Promise<void> {
  const routes = await buildWorkspaceRoutes(db, workspaceId);
  const byShard: [string, string][][] = Array.from({ length: DIRECTORY_SHARDS }, () => []);
  for (const entry of routes) byShard[shardOf(entry[0])]?.push(entry);
  await Promise.all(byShard.map((entries, i) => shardStub(env, i).replaceWorkspace(workspaceId, entries)));
}

function shardStub(env: Env, i: number) {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName(`dir-${i}`));
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
