import type { SiteRoute } from "../site-hub/routes";
import { hostAllowed } from "./traffic-source";

/**
 * Is a clicked link one of this workspace's offer links? Either a tracking link (/go/<slug> on
 * CasinoFlux's own host or one of the site's domains, whose slug belongs to this workspace) or a
 * link to an offer's domain (the host of an offer's tracking URL, or a subdomain of it).
 * Returns the "offer" dimension value — the offer id, or "host:<hostname>" when several offers
 * share the host — or null for any other link (not counted).
 */
export async function classifyOfferLink(
  href: URL,
  site: SiteRoute,
  selfHost: string,
  lookupSlug: (slug: string) => Promise<{ workspaceId: string; offerId: string } | null>,
): Promise<string | null> {
  const host = href.hostname.toLowerCase();
  const slug = /^\/go\/([a-z0-9][a-z0-9_-]{0,63})\/?$/i.exec(href.pathname)?.[1];
  if (slug && (host === selfHost || hostAllowed(host, site.domains))) {
    const link = await lookupSlug(slug);
    return link && link.workspaceId === site.workspaceId ? link.offerId : null;
  }
  const bare = host.replace(/^www\./, "");
  const offerHost = site.offerHosts.find((h) => {
    const o = h.replace(/^www\./, "");
    return bare === o || bare.endsWith(`.${o}`);
  });
  if (!offerHost) return null;
  const byHost = site.offerByHost ?? {};
  const id = Object.hasOwn(byHost, offerHost) ? byHost[offerHost] : undefined;
  return id ? id : `host:${offerHost}`;
}
