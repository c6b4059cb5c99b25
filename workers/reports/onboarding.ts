import { and, eq, gt, inArray, isNotNull, isNull, ne, or } from "drizzle-orm";
import type { OnboardingState, OnboardingStepId } from "../../shared/entity-types";
import type { DB } from "../db/client";
import { analyticsHourly, campaigns, clicks, offers, postbacks, revenueRows, sites, syncRuns } from "../db/schema";

/**
 * The onboarding checklist, every step ticked from data (never from a button press):
 * a site exists → its snippet has reported → an offer with an API Setup → a campaign → a counted
 * click → an accepted postback → a successful revenue pull → every reported tag placed on a site
 * (its "Where revenue goes" set; direct players, who carry no tag, stay unassigned). Campaign, click and postback are Full
 * Tracking steps: a Fast Launch workspace (sites + offers, no campaign) is complete without them.
 */
export async function onboardingState(db: DB, workspaceId: string): Promise<OnboardingState> {
  const ws = workspaceId;
  const exists = async (q: Promise<unknown[]>) => (await q).length > 0;
  const [site, snippet, offer, campaign, click, postback, revenue, unrouted] = await Promise.all([
    exists(
      db
        .select({ id: sites.id })
        .from(sites)
        .where(and(eq(sites.workspaceId, ws), isNull(sites.archivedAt)))
        .limit(1),
    ),
    exists(
      db
        .select({ s: analyticsHourly.siteId })
        .from(analyticsHourly)
        .where(and(eq(analyticsHourly.workspaceId, ws), eq(analyticsHourly.dim, "total"), gt(analyticsHourly.pageviews, 0)))
        .limit(1),
    ),
    // An API Setup is saved when the offer holds credentials or connector settings.
    exists(
      db
        .select({ id: offers.id })
        .from(offers)
        .where(
          and(eq(offers.workspaceId, ws), or(isNotNull(offers.apiSecretEnc), and(isNotNull(offers.apiConfig), ne(offers.apiConfig, {})))),
        )
        .limit(1),
    ),
    exists(
      db
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(and(eq(campaigns.workspaceId, ws), ne(campaigns.status, "archived")))
        .limit(1),
    ),
    exists(
      db
        .select({ id: clicks.id })
        .from(clicks)
        .where(and(eq(clicks.workspaceId, ws), isNull(clicks.flag)))
        .limit(1),
    ),
    exists(
      db
        .select({ id: postbacks.id })
        .from(postbacks)
        .where(and(eq(postbacks.workspaceId, ws), inArray(postbacks.outcome, ["accepted", "duplicate"])))
        .limit(1),
    ),
    exists(
      db
        .select({ id: syncRuns.id })
        .from(syncRuns)
        .where(and(eq(syncRuns.workspaceId, ws), eq(syncRuns.status, "ok"), ne(syncRuns.trigger, "test")))
        .limit(1),
    ),
    // An offer with stored revenue whose tag no route places on a site: the step links to its routes.
    db
      .select({ offerId: revenueRows.offerId })
      .from(revenueRows)
      .where(
        and(eq(revenueRows.workspaceId, ws), isNull(revenueRows.siteId), isNotNull(revenueRows.tagValue), eq(revenueRows.state, "active")),
      )
      .limit(1),
  ]);
  const unroutedOffer = unrouted[0]?.offerId;
  const routes = revenue && !unroutedOffer;
  const done: Record<OnboardingStepId, boolean> = { site, snippet, offer, campaign, click, postback, revenue, routes };
  const steps: OnboardingState["steps"] = [
    { id: "site", label: "Add a site", done: done.site, fullTrackingOnly: false, href: "/sites/new" },
    { id: "snippet", label: "Install the snippet (first page view)", done: done.snippet, fullTrackingOnly: false, href: "/sites" },
    { id: "offer", label: "Add an offer and its API Setup", done: done.offer, fullTrackingOnly: false, href: "/offers/new" },
    { id: "campaign", label: "Create a campaign (for postbacks)", done: done.campaign, fullTrackingOnly: true, href: "/campaigns/new" },
    { id: "click", label: "First click on a tracking link", done: done.click, fullTrackingOnly: true, href: "/campaigns" },
    { id: "postback", label: "First postback accepted", done: done.postback, fullTrackingOnly: true, href: "/postbacks" },
    { id: "revenue", label: "First revenue sync", done: done.revenue, fullTrackingOnly: false, href: "/revenue" },
    {
      id: "routes",
      label: "Set where revenue goes (place each reported tag on a site)",
      done: done.routes,
      fullTrackingOnly: false,
      href: unroutedOffer ? `/offers/${unroutedOffer}#where-revenue-goes` : "/offers",
    },
  ];
  // Fast Launch (no campaign) is complete without the Full Tracking steps.
  const complete = steps.every((s) => s.done || (s.fullTrackingOnly && !done.campaign));
  return { steps, complete };
}
