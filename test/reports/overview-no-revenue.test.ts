/**
 * A brand-new affiliate (not the demo), set up only through the public API with a key: a site whose
 * offer has no revenue row on it yet shows revenue and EPC as "not reported" (null), never EUR 0.00,
 * while its live clicks count.
 */
import { describe, expect, it } from "vitest";
import type { DemoSeed } from "../../workers/dev/seed";
import { api, apiKey, call, drain, json, signUp, todayIn } from "../helpers";

type Overview = {
  totals: { clicks: number; revenue: { micros: number | null; currency: string }; epcMicros: number | null };
  series: { day: string; revenueMicros: number | null }[];
};

describe("Site Overview of a new workspace without revenue", () => {
  it("shows revenue and EPC as not reported (null), not 0, next to counted clicks", async () => {
    const user = await signUp();
    const key = await apiKey(user.cookie, "read_write");
    const site = await api<{ site: { id: string } }>(
      key,
      "/api/sites",
      json("POST", { name: "Cold Start Guide", market: "GB", timezone: "UTC", domains: ["coldstart.example"] }),
    );
    expect(site.status).toBe(201);
    const offer = await api<{ offer: { id: string } }>(
      key,
      "/api/offers",
      json("POST", {
        name: "Cold Casino",
        platform: "generic",
        brand: "Cold Casino",
        trackingUrl: "https://cold-casino.example/?a=1",
        accountCurrency: "EUR",
        siteIds: [site.body.site.id],
      }),
    );
    expect(offer.status).toBe(201);
    const campaign = await api<{ campaign: { id: string } }>(
      key,
      "/api/campaigns",
      json("POST", { name: "Cold campaign", siteId: site.body.site.id, offerIds: [offer.body.offer.id] }),
    );
    expect(campaign.status).toBe(201);
    const link = await api<{ slug: string }>(
      key,
      "/api/links",
      json("POST", { campaignId: campaign.body.campaign.id, offerId: offer.body.offer.id }),
    );
    expect(link.status).toBe(201);
    const click = await call(`/go/${link.body.slug}`, { redirect: "manual" });
    expect(click.status).toBe(302);
    await drain({ workspaceId: user.workspaceId, sites: [{ id: site.body.site.id }] } as unknown as DemoSeed);

    const today = todayIn("UTC");
    const res = await api<Overview>(key, `/api/sites/${site.body.site.id}/overview?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.body.totals.clicks).toBe(1);
    expect(res.body.series.length).toBeGreaterThan(0);
    expect(res.body.series.every((d) => d.revenueMicros === null)).toBe(true);
    expect(res.body.totals.revenue).toHaveProperty("micros");
    expect(res.body.totals.revenue.micros).toBeNull();
    expect(res.body.totals).toHaveProperty("epcMicros");
    expect(res.body.totals.epcMicros).toBeNull();
  });
});
