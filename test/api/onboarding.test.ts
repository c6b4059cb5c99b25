/**
 * Onboarding: on an empty workspace every step starts open and is ticked by real data as a new user
 * goes through them over the API — never by a button press. Fast Launch (no campaign) is complete
 * without the Full Tracking steps; creating a campaign reopens them until a click and a postback arrive.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { CampaignDetail, OnboardingState, SiteDetail } from "../../shared/entity-types";
import { hubStub } from "../../workers/edge/resolve";
import worker from "../../workers/index";
import { ulid } from "../../workers/lib/ids";
import type { SyncMessage } from "../../workers/revenue/cron";
import { api, call, clearRouteCache, env, todayIn } from "../helpers";
import { json, otherWorkspace } from "./entity-helpers";

async function state(cookie: string): Promise<Record<string, boolean> & { complete: boolean }> {
  const res = await api<OnboardingState>(cookie, "/api/onboarding");
  expect(res.status).toBe(200);
  return { ...Object.fromEntries(res.body.steps.map((s) => [s.id, s.done])), complete: res.body.complete };
}

describe("Onboarding checklist", () => {
  it("ticks each step from data as a new workspace is set up", async () => {
    const cookie = await otherWorkspace();
    const me = await api<{ workspace: { id: string } }>(cookie, "/api/auth/me");
    const ws = me.body.workspace.id;
    expect(await state(cookie)).toEqual({
      site: false,
      snippet: false,
      offer: false,
      campaign: false,
      click: false,
      postback: false,
      revenue: false,
      routes: false,
      complete: false,
    });

    const site = (
      await api<{ site: SiteDetail }>(
        cookie,
        "/api/sites",
        json("POST", { name: "Onboard", domains: ["onboard.example"], market: "GB", timezone: "Europe/London" }),
      )
    ).body.site;
    expect((await state(cookie)).site).toBe(true);

    clearRouteCache();
    const beacon = await call("/e", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://onboard.example" },
      body: JSON.stringify({ s: site.publicKey, t: "pv", u: "https://onboard.example/", r: "" }),
      ip: "203.0.113.7",
    });
    expect(beacon.status).toBe(204);
    await hubStub(env, site.id).flushAll();
    expect((await state(cookie)).snippet).toBe(true);

    const offer = await api<{ offer: { id: string } }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: "Onboard offer",
        platform: "affilka",
        brand: "Spinia",
        campaignTag: "501",
        trackingUrl: "https://go.spinia.example/visit/?bta=501",
        accountCurrency: "EUR",
        siteIds: [site.id],
        apiSetup: {
          reportUrl: `${inject("sandboxUrl")}/affilka/api/customer/v1/partner/report?token=onboard${ulid().toLowerCase()}`,
          brandId: "12",
        },
      }),
    );
    expect(offer.status).toBe(201);
    expect((await state(cookie)).offer).toBe(true);

    const today = todayIn("UTC");
    const msg: SyncMessage = {
      offerId: offer.body.offer.id,
      workspaceId: ws,
      trigger: "manual",
      from: today,
      to: today,
      requestId: `rq_${ulid()}`,
    };
    const batch = createMessageBatch<SyncMessage>("casinoflux-sync", [
      { id: `m-${ulid()}`, timestamp: new Date(), attempts: 1, body: msg },
    ]);
    await worker.queue(batch, env);
    await getQueueResult(batch, createExecutionContext());
    const synced = await state(cookie);
    expect(synced.revenue).toBe(true);
    // The pulled rows carry the deal's tag, which no route places on a site yet: the step links to the offer's routes.
    expect(synced.routes).toBe(false);
    expect(synced.complete).toBe(false);
    const step = (await api<OnboardingState>(cookie, "/api/onboarding")).body.steps.find((s) => s.id === "routes");
    expect(step?.href).toBe(`/offers/${offer.body.offer.id}#where-revenue-goes`);
    const route = await api(
      cookie,
      `/api/offers/${offer.body.offer.id}/tags/routes`,
      json("PUT", { dimension: "campaign", value: "501", siteId: site.id }),
    );
    expect(route.status).toBe(200);
    const fast = await state(cookie);
    expect(fast.routes).toBe(true);
    // Fast Launch: site + snippet + offer + revenue placed, no campaign, is a complete setup.
    expect(fast.complete).toBe(true);

    const cp = await api<{ campaign: CampaignDetail }>(
      cookie,
      "/api/campaigns",
      json("POST", { name: "Onboard campaign", siteId: site.id, offerIds: [offer.body.offer.id] }),
    );
    const after = await state(cookie);
    expect(after.campaign).toBe(true);
    expect(after.complete).toBe(false);

    const link = await api<{ slug: string }>(
      cookie,
      "/api/links",
      json("POST", { campaignId: cp.body.campaign.id, offerId: offer.body.offer.id }),
    );
    clearRouteCache();
    const clickId = new URL((await call(`/go/${link.body.slug}`)).headers.get("location") ?? "").searchParams.get("click_id") ?? "";
    await hubStub(env, site.id).flushAll();
    expect((await state(cookie)).click).toBe(true);

    const pbUrl = (cp.body.campaign.postbackUrls.find((u) => u.event === "registration")?.url ?? "").replace("https://cf.test", "");
    const pb = await call(pbUrl.replace("{transaction_id}", clickId).replace("{amount}", ""));
    expect(pb.status).toBe(200);
    await hubStub(env, site.id).flushAll();
    expect(await state(cookie)).toEqual({
      site: true,
      snippet: true,
      offer: true,
      campaign: true,
      click: true,
      postback: true,
      revenue: true,
      routes: true,
      complete: true,
    });
  });

  it("requires a session", async () => {
    expect((await call("/api/onboarding")).status).toBe(401);
  });
});
