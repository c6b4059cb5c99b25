/**
 * Unassigned revenue (no click id or tag route places it on a site) in Site Overview and Site Report,
 * for a new affiliate whose offer is on two sites and syncs before "Where revenue goes" is set:
 * - all sites: both pages show the same revenue total, the unassigned rows included and stated as a part;
 * - one site: both pages show only the site's rows, with its offers' unassigned revenue stated beside;
 * - the overview names, per offer, how many rows are not on a site and where that is fixed.
 */
import { describe, expect, inject, it } from "vitest";
import type { SiteOverviewResponse } from "../../shared/report-types";
import type { SiteReportResponse } from "../../shared/site-report";
import { runOfferSync } from "../../workers/revenue/sync";
import { api, call, drain, env, json, signUp, todayIn } from "../helpers";

const FROM = "2026-11-02";
const TO = "2026-11-06";

async function setup() {
  const user = await signUp();
  const siteIds: string[] = [];
  for (const name of ["Alpha Guide", "Beta Guide"]) {
    const res = await api<{ site: { id: string } }>(
      user.cookie,
      "/api/sites",
      json("POST", { name, market: "GB", timezone: "UTC", domains: [`${name.split(" ")[0]?.toLowerCase()}.example`] }),
    );
    expect(res.status).toBe(201);
    siteIds.push(res.body.site.id);
  }
  const token = `sites${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const offer = await api<{ offer: { id: string } }>(
    user.cookie,
    "/api/offers",
    json("POST", {
      name: "New Casino",
      platform: "smartico",
      brand: "New Casino",
      trackingUrl: "https://operator.example/track",
      platformTimezone: "UTC",
      accountCurrency: "EUR",
      siteIds,
      apiSetup: { host: `${inject("sandboxUrl")}/smartico`, apiKey: token, timeoutMs: 5000 },
    }),
  );
  expect(offer.status).toBe(201);
  const offerId = offer.body.offer.id;
  const run = await runOfferSync(env, { offerId, workspaceId: String(user.workspaceId), trigger: "test", from: FROM, to: TO });
  expect(run.status).toBe("ok");
  return { ...user, workspaceId: String(user.workspaceId), siteIds: siteIds as [string, string], offerId };
}

const range = `from=${FROM}&to=${TO}`;
const overview = (cookie: string, site: string | null) =>
  api<SiteOverviewResponse>(cookie, site ? `/api/sites/${site}/overview?${range}` : `/api/reports/overview?${range}`);
const report = (cookie: string, site: string | null) =>
  api<SiteReportResponse>(cookie, `/api/reports/site?${range}&dimension1=day&siteId=${site ?? "all"}`);

describe("Unassigned revenue in Site Overview and Site Report", () => {
  it("all sites: one total in both pages, unassigned stated as its part; one site: beside it, never in it", async () => {
    const { cookie, siteIds, offerId, workspaceId } = await setup();

    // Nothing routed yet: every row is unassigned.
    const o = await overview(cookie, null);
    const r = await report(cookie, null);
    expect(o.status).toBe(200);
    expect(r.status).toBe(200);
    const total = r.body.totals.metrics.commissionMicros;
    expect(total).toBeTypeOf("number");
    expect(o.body.totals.revenue.micros).toBe(total);
    for (const part of [o.body.totals.revenue.unassigned, r.body.totals.unassigned]) {
      expect(part.inTotal).toBe(true);
      expect(part.commissionMicros).toBe(total);
    }

    // The overview (all sites, and each site of the offer) says how many rows are not on a site and where to fix it.
    for (const site of [null, siteIds[0]]) {
      const u = (await overview(cookie, site)).body.freshness.revenue.unassigned.find((x) => x.offerId === offerId);
      expect(u).toBeDefined();
      expect(u?.rows).toBeGreaterThan(0);
      expect(u?.fixPath).toBe(`/offers/${offerId}#where-revenue-goes`);
    }
    const alphaBefore = await overview(cookie, siteIds[0]);
    expect(alphaBefore.body.totals.revenue.micros).toBeNull();
    expect(alphaBefore.body.totals.revenue.unassigned).toEqual({ inTotal: false, commissionMicros: total, missingFx: [] });

    // Route one tag to Alpha: Alpha's figure is its own rows in both pages, the rest stays unassigned.
    const put = await api(
      cookie,
      `/api/offers/${offerId}/tags/routes`,
      json("PUT", { dimension: "afp1", value: "site-a", siteId: siteIds[0] }),
    );
    expect(put.status).toBe(200);
    const [oAll, rAll, oAlpha, rAlpha] = await Promise.all([
      overview(cookie, null),
      report(cookie, null),
      overview(cookie, siteIds[0]),
      report(cookie, siteIds[0]),
    ]);
    const alpha = rAlpha.body.totals.metrics.commissionMicros;
    expect(alpha).toBeTypeOf("number");
    expect(oAlpha.body.totals.revenue.micros).toBe(alpha);
    expect(rAll.body.totals.metrics.commissionMicros).toBe(total);
    expect(oAll.body.totals.revenue.micros).toBe(total);
    const rest = (total as number) - (alpha as number);
    expect(rest).not.toBe(0);
    for (const part of [oAll.body.totals.revenue.unassigned, rAll.body.totals.unassigned]) expect(part.commissionMicros).toBe(rest);
    for (const part of [oAlpha.body.totals.revenue.unassigned, rAlpha.body.totals.unassigned]) {
      expect(part.inTotal).toBe(false);
      expect(part.commissionMicros).toBe(rest);
    }

    // An offer on no site: all of its revenue is unassigned, in the all-sites total of both pages, and the
    // notice says it must go on a site before any route can place it.
    const lone = await api<{ offer: { id: string } }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: "Lone Casino",
        platform: "smartico",
        brand: "Lone Casino",
        trackingUrl: "https://operator.example/track",
        platformTimezone: "UTC",
        accountCurrency: "EUR",
        apiSetup: { host: `${inject("sandboxUrl")}/smartico`, apiKey: `lone${offerId.toLowerCase()}`, timeoutMs: 5000 },
      }),
    );
    expect(lone.status).toBe(201);
    const loneRun = await runOfferSync(env, { offerId: lone.body.offer.id, workspaceId, trigger: "test", from: FROM, to: TO });
    expect(loneRun.status).toBe("ok");
    const [o2, r2] = await Promise.all([overview(cookie, null), report(cookie, null)]);
    const total2 = r2.body.totals.metrics.commissionMicros;
    expect(total2).toBeTypeOf("number");
    expect(total2).not.toBe(total);
    expect(o2.body.totals.revenue.micros).toBe(total2);
    expect(o2.body.totals.revenue.unassigned.commissionMicros).toBe(r2.body.totals.unassigned.commissionMicros);
    const u = o2.body.freshness.revenue.unassigned.find((x) => x.offerId === lone.body.offer.id);
    expect(u).toBeDefined();
    expect(u?.tags).toBeNull();
    expect(u?.rows).toBeGreaterThan(0);
    expect(u?.fixPath).toBe(`/offers/${lone.body.offer.id}`);
  });

  it("all sites: EPC leaves out commission placed on no site (no click of the sites earned it)", async () => {
    const { cookie, siteIds, offerId, workspaceId } = await setup();
    const cp = await api<{ campaign: { id: string } }>(
      cookie,
      "/api/campaigns",
      json("POST", { name: "Alpha push", siteId: siteIds[0], offerIds: [offerId] }),
    );
    const link = await api<{ slug: string }>(cookie, "/api/links", json("POST", { campaignId: cp.body.campaign.id, offerId }));
    expect(link.status).toBe(201);
    for (const ip of ["198.51.100.31", "198.51.100.32"]) expect((await call(`/go/${link.body.slug}`, { ip })).status).toBe(302);
    await drain({ sites: siteIds.map((id) => ({ id })), workspaceId });
    const T = todayIn("UTC");
    expect((await runOfferSync(env, { offerId, workspaceId, trigger: "test", from: T, to: T })).status).toBe("ok");
    const today = async () => {
      const r = await api<SiteReportResponse>(cookie, `/api/reports/site?from=${T}&to=${T}&dimension1=day&siteId=all`);
      expect(r.status).toBe(200);
      return r.body;
    };
    // Nothing routed: all of today's commission is on no site, so the sites' clicks earned nothing of it.
    const before = await today();
    expect(before.totals.metrics.clicks).toBe(2);
    expect(before.totals.metrics.commissionMicros).toBeGreaterThan(0);
    expect(before.totals.unassigned.commissionMicros).toBe(before.totals.metrics.commissionMicros);
    expect(before.totals.metrics.epcMicros).toBe(0);
    expect(before.rows[0]?.metrics.epcMicros).toBe(0);
    const ov = await api<SiteOverviewResponse>(cookie, `/api/reports/overview?from=${T}&to=${T}`);
    expect(ov.body.totals.clicks).toBe(2);
    expect(ov.body.totals.epcMicros).toBe(0);
    // One tag routed to Alpha: EPC is Alpha's commission over the clicks; the total still counts all of it.
    const put = await api(
      cookie,
      `/api/offers/${offerId}/tags/routes`,
      json("PUT", { dimension: "afp1", value: "site-a", siteId: siteIds[0] }),
    );
    expect(put.status).toBe(200);
    const after = await today();
    const placed = (after.totals.metrics.commissionMicros as number) - (after.totals.unassigned.commissionMicros ?? 0);
    expect(placed).toBeGreaterThan(0);
    expect(after.totals.metrics.epcMicros).toBe(Math.round(placed / 2));
    expect(after.rows[0]?.metrics.epcMicros).toBe(Math.round(placed / 2));
    const ov2 = await api<SiteOverviewResponse>(cookie, `/api/reports/overview?from=${T}&to=${T}`);
    expect(ov2.body.totals.epcMicros).toBe(Math.round(placed / 2));
  });
});
