import { z } from "zod";

/**
 * Why a click is stored but not counted. Declared once: the edge sets them, the hub stores them,
 * reports count per reason, and each site chooses which of them to count anyway (`sites.counted_flags`).
 */
export const CLICK_FLAGS = ["head", "preview", "no_user_agent", "bot", "rate_limited"] as const;
export type ClickFlag = (typeof CLICK_FLAGS)[number];

export const CLICK_FLAG_LABELS: Record<ClickFlag, string> = {
  head: "HEAD requests (link checkers)",
  preview: "Link previews and prefetches",
  no_user_agent: "No user agent",
  bot: "Bots and crawlers",
  rate_limited: "Over the rate limit",
};

export const isClickFlag = (v: unknown): v is ClickFlag => (CLICK_FLAGS as readonly unknown[]).includes(v);

/** PUT /api/sites/:id/click-flags — which flags this site counts anyway (the rest stay uncounted). */
export const clickFlagRulesSchema = z.strictObject({
  countedFlags: z
    .array(z.enum(CLICK_FLAGS, { error: `must be one of ${CLICK_FLAGS.join(", ")}` }), { error: "must be a list of click flags" })
    .max(CLICK_FLAGS.length),
});
export type ClickFlagRules = z.infer<typeof clickFlagRulesSchema>;

/**
 * The live (hub counter) form of the reports' rule (`countedForSite` in workers/reports/click-flags.ts):
 * a site's clicks are its clean clicks plus its flagged clicks of the reasons it counts. The hub counts
 * flagged clicks per reason; the site's rule is applied here, when read, for one site or each of several.
 */
export function liveCountedClicks(counters: readonly { metric: string; value: number }[], countedFlags: readonly string[]): number {
  const counted = new Set(["clicks", ...countedFlags.filter(isClickFlag).map((f) => `flagged_${f}`)]);
  return counters.reduce((a, c) => (counted.has(c.metric) ? a + c.value : a), 0);
}

/** GET /api/sites/:id/click-flags — stored clicks per reason in a range, and whether each is counted. */
export interface ClickFlagCounts {
  siteId: string;
  from: string;
  to: string;
  /** Clicks with no flag (always counted). */
  clean: number;
  /** Every flag known, with its stored clicks (0 when none); `counted` = the site counts them anyway. */
  reasons: { reason: string; label: string; clicks: number; counted: boolean }[];
  countedFlags: ClickFlag[];
  /** What reports count: clean clicks plus those of the counted flags. */
  countedClicks: number;
}
