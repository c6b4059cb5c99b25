/** Routing records the edge resolves (slug, postback key, site key) — cached, never read from D1 on the hot path. */
import type { PlatformId } from "../../shared/platforms";
import type { OfferEvents } from "../../shared/postback-events";

export interface SiteRef {
  workspaceId: string;
  siteId: string;
  hubCode: string;
  timezone: string;
}

export interface LinkRoute extends SiteRef {
  linkId: string;
  slug: string;
  offerId: string;
  campaignId: string | null;
  platform: PlatformId;
  trackingUrl: string;
  clickParam: string;
  forwardParams: string[];
  /** Incoming parameter that carries the traffic source's own click id. */
  sourceClickParam: string | null;
  /** The traffic source's postback URL template (macros {source_click_id} {event} {amount} {currency} {txid}). */
  sourcePostbackUrl: string | null;
}

export interface PostbackRoute {
  workspaceId: string;
  scope: "offer" | "campaign";
  offerId: string | null;
  campaignId: string | null;
  /** Offers this key may report for (campaign keys cover the campaign's offers). */
  offerIds: string[];
  platform: PlatformId;
  ipAllowlist: string[] | null;
  /**
   * Every allowlist the sender must pass: the offer's own, or for a campaign key each covered
   * offer's (the campaign key must not bypass them). Absent in routes published before it existed.
   */
  ipAllowlists?: string[][];
  /** Set on the route of a rotated-out key: after this instant (epoch ms) the key is unknown. */
  expiresAt?: number;
  /** Currency assumed when a postback sends an amount without one (the offer's account currency; null: refuse). */
  defaultCurrency: string | null;
  /** Each covered offer's platform and event mapping, so /pb resolves event names without D1. Absent in routes published before it existed. */
  offerEvents?: OfferEvents[];
  /** Site whose hub keeps postbacks that carry no usable click id. */
  fallback: SiteRef | null;
}

export interface SiteRoute extends SiteRef {
  publicKey: string;
  domains: string[];
  /** Hostnames of this workspace's offers and its tracking links, for offer-click detection. */
  offerHosts: string[];
  /** Offer host → the offer id using it ("" when several offers share it). Absent in routes published before it existed. */
  offerByHost?: Record<string, string>;
}

export type RouteKind = "slug" | "pbkey" | "site" | "hub";

/**
 * Version of the published record format, stamped on every record. The edge treats a record with
 * another (or no) version as unpublished and rebuilds it from D1: a record published by older code
 * may lack a rule added since (e.g. campaign keys' offer allowlists) and must not be obeyed as is.
 * Bump it whenever a record gains a field the edge enforces.
 */
export const ROUTE_FORMAT = 2;
