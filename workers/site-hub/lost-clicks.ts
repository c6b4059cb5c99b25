import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { trackingLinks } from "../db/schema";
import { hubCodeOf, linkTag, linkTagOf } from "../lib/ids";
import { findClick, type StoredClick } from "./clicks";
import type { ClickLink, HubSite, PostbackInput, Sql } from "./types";

/**
 * A postback whose click this hub does not hold — lost between its redirect and its write (the
 * accepted cost of recording clicks after the response), or pruned after the retention — still names
 * its link: the click id carries the link's tag. The site's links are read from D1 (only on this rare
 * path, and at most every 10 s per hub); a tag shared by two links of the site is left unresolved
 * rather than guessed.
 */
const REFRESH_MS = 10_000;

export class LostClickLinks {
  private links: { at: number; byTag: Map<string, ClickLink | "ambiguous"> } | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly db: D1Database,
  ) {}

  /**
   * The input with `clickLink` set when its click is unknown here and its id resolves to one of the
   * site's links; and the click when it was found here (a stored click never changes, so the write
   * need not look it up again).
   */
  async resolve(site: HubSite, input: PostbackInput): Promise<{ input: PostbackInput; click?: StoredClick }> {
    // A request kept aside is resolved too: its log entry is filed under its click's campaign (postbacks.ts).
    const clickId = input.parsed?.clickId ?? input.aside?.clickId;
    if (!clickId || !site.siteId || hubCodeOf(clickId) !== site.hubCode) return { input };
    const click = findClick(this.sql, clickId);
    if (click) return { input, click };
    const tag = linkTagOf(clickId);
    if (!tag) return { input };
    if (!this.links || (!this.links.byTag.has(tag) && Date.now() - this.links.at > REFRESH_MS)) {
      const rows = await getDb(this.db)
        .select({ linkId: trackingLinks.id, offerId: trackingLinks.offerId, campaignId: trackingLinks.campaignId })
        .from(trackingLinks)
        .where(eq(trackingLinks.siteId, site.siteId));
      const byTag = new Map<string, ClickLink | "ambiguous">();
      for (const r of rows) {
        const t = linkTag(r.linkId);
        byTag.set(t, byTag.has(t) ? "ambiguous" : r);
      }
      this.links = { at: Date.now(), byTag };
    }
    const link = this.links.byTag.get(tag);
    return { input: link && link !== "ambiguous" ? { ...input, clickLink: link } : input };
  }
}
