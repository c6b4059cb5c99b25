/**
 * Campaigns API: create / edit / archive, offers must carry an account currency, forwarded
 * parameters reach the operator link, links listed, per-platform postback URLs accepted by /pb
 * exactly as pasted once the platform fills its macros, the test round trip, and workspace scoping.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { CampaignDetail, CampaignView, RoundTripResult } from "../../shared/entity-types";
import { PLATFORM_PRESETS, type PlatformId } from "../../shared/platforms";
import { getDb } from "../../workers/db/client";
import { auditLog, campaigns, conversions, postbacks } from "../../workers/db/schema";
import { ulid } from "../../workers/lib/ids";
import { api, call, clearRouteCache, demo, drain, env, login } from "../helpers";
import { type ErrorBody, expectAll404, fieldsOf, json, otherWorkspace } from "./entity-helpers";

async function offerOn(cookie: string, platform: PlatformId, accountCurrency: string | null): Promise<string> {
  const res = await api<{ offer: { id: string } }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: `${platform} ${ulid()}`,
      platform,
      brand: "Brand",
      trackingUrl: "https://go.brand.example/visit?a=1",
      accountCurrency,
      siteIds: ["site_uk"],
    }),
  );
  if (res.status !== 201) throw new Error(`offer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.offer.id;
}

/** The pasted URL after the platform replaced its macros. */
function fillMacros(url: string, platform: PlatformId, values: Record<string, string>): string {
  let out = url;
  for (const [field, macro] of Object.entries(PLATFORM_PRESETS[platform].macros)) out = out.split(macro).join(values[field] ?? "x");
  return out.replace("https://cf.test", "");
}

describe("Campaigns API", () => {
  it("creates a campaign, lists its links with forwarded params, and audits it", async () => {
    await demo();
    const cookie = await login();
    const res = await api<{ campaign: CampaignDetail }>(
      cookie,
      "/api/campaigns",
      json("POST", { name: "UK push", siteId: "site_uk", trafficSourceId: "ts_meta", offerIds: ["of_spinia"], forwardParams: ["sub2"] }),
    );
    expect(res.status).toBe(201);
    const cp = res.body.campaign;
    expect(cp).toMatchObject({
      name: "UK push",
      siteId: "site_uk",
      siteName: "CasinoGuide UK",
      trafficSource: "Meta media buyer",
      status: "active",
    });
    expect(cp.offers.map((o) => o.id)).toEqual(["of_spinia"]);
    const link = await api<{ slug: string }>(cookie, "/api/links", json("POST", { campaignId: cp.id, offerId: "of_spinia" }));
    expect(link.status).toBe(201);
    const got = await api<{ campaign: CampaignDetail }>(cookie, `/api/campaigns/${cp.id}`);
    expect(got.body.campaign.links).toEqual([
      expect.objectContaining({ slug: link.body.slug, url: `https://cf.test/go/${link.body.slug}` }),
    ]);
    clearRouteCache();
    const loc = new URL((await call(`/go/${link.body.slug}?sub2=banner&sub3=x`)).headers.get("location") ?? "");
    expect(loc.searchParams.get("sub2")).toBe("banner");
    expect(loc.searchParams.has("sub3")).toBe(false);
    const audit = (await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, cp.id)))[0];
    expect(audit?.action).toBe("campaign.create");
  });

  it("refuses bad input naming the field, including an offer without an account currency", async () => {
    await demo();
    const cookie = await login();
    const noCurrency = await offerOn(cookie, "everflow", null);
    const base = { name: "X", siteId: "site_uk", offerIds: ["of_spinia"] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, name: "" }, "name"],
      [{ ...base, siteId: "site_nope" }, "siteId"],
      [{ ...base, trafficSourceId: "ts_nope" }, "trafficSourceId"],
      [{ ...base, offerIds: [] }, "offerIds"],
      [{ ...base, offerIds: ["of_spinia", "of_nope"] }, "offerIds.1"],
      [{ ...base, offerIds: ["of_spinia", noCurrency] }, "offerIds.1"],
      [{ ...base, status: "deleted" }, "status"],
      [{ ...base, forwardParams: ["p"] }, "forwardParams.0"],
    ];
    const before = (await getDb(env.DB).select({ id: campaigns.id }).from(campaigns)).length;
    for (const [body, field] of cases) {
      const res = await api<ErrorBody>(cookie, "/api/campaigns", json("POST", body));
      expect(res.status, field).toBe(400);
      expect(fieldsOf(res.body)[0], JSON.stringify(res.body)).toBe(field);
      if (field === "offerIds.1" && body.offerIds && (body.offerIds as string[])[1] === noCurrency) {
        expect(res.body.error.message).toContain("no account currency");
      }
    }
    expect((await getDb(env.DB).select({ id: campaigns.id }).from(campaigns)).length).toBe(before);
    // A link cannot bring such an offer into a campaign either.
    const link = await api<ErrorBody>(cookie, "/api/links", json("POST", { campaignId: "cp_uk_seo", offerId: noCurrency }));
    expect(link.status).toBe(400);
    expect(fieldsOf(link.body)).toEqual(["offerId"]);
  });

  it("edits and archives a campaign; an offer with links cannot be removed", async () => {
    await demo();
    const cookie = await login();
    const { body } = await api<{ campaign: CampaignDetail }>(
      cookie,
      "/api/campaigns",
      json("POST", { name: "Edit me", siteId: "site_uk", offerIds: ["of_spinia"] }),
    );
    const id = body.campaign.id;
    const edited = await api<{ campaign: CampaignDetail }>(
      cookie,
      `/api/campaigns/${id}`,
      json("PATCH", { name: "Edited", status: "paused", offerIds: ["of_spinia", "of_betano"], trafficSourceId: "ts_google" }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.campaign).toMatchObject({ name: "Edited", status: "paused", trafficSource: "Google Ads" });
    expect(edited.body.campaign.offerIds.sort()).toEqual(["of_betano", "of_spinia"]);
    await api(cookie, "/api/links", json("POST", { campaignId: id, offerId: "of_betano" }));
    const stuck = await api<ErrorBody>(cookie, `/api/campaigns/${id}`, json("PATCH", { offerIds: ["of_spinia"] }));
    expect(stuck.status).toBe(400);
    expect(fieldsOf(stuck.body)).toEqual(["offerIds"]);
    const moved = await api<ErrorBody>(cookie, `/api/campaigns/${id}`, json("PATCH", { siteId: "site_de" }));
    expect(fieldsOf(moved.body)).toEqual(["siteId"]);
    const archived = await api<{ campaign: CampaignDetail }>(cookie, `/api/campaigns/${id}`, json("PATCH", { status: "archived" }));
    expect(archived.body.campaign.status).toBe("archived");
    const list = await api<{ campaigns: CampaignView[] }>(cookie, "/api/campaigns");
    expect(list.body.campaigns.map((c) => c.id)).not.toContain(id);
    const all = await api<{ campaigns: CampaignView[] }>(cookie, "/api/campaigns?archived=1");
    expect(all.body.campaigns.map((c) => c.id)).toContain(id);
  });

  it.each([
    ["affilka", "EUR"],
    ["everflow", "USD"],
    ["referon", "EUR"],
    ["income_access", "GBP"],
  ] as [PlatformId, string][])(
    "gives a %s postback URL that /pb accepts as pasted once the macros are filled",
    async (platform, currency) => {
      const seed = await demo();
      const cookie = await login();
      const offerId = await offerOn(cookie, platform, currency);
      const { body } = await api<{ campaign: CampaignDetail }>(
        cookie,
        "/api/campaigns",
        json("POST", { name: `${platform} pb`, siteId: "site_uk", offerIds: [offerId] }),
      );
      const link = await api<{ slug: string }>(cookie, "/api/links", json("POST", { campaignId: body.campaign.id, offerId }));
      const detail = (await api<{ campaign: CampaignDetail }>(cookie, `/api/campaigns/${body.campaign.id}`)).body.campaign;
      const ftd = detail.postbackUrls.find((u) => u.platform === platform && u.event === "ftd");
      expect(ftd?.url).toMatch(/^https:\/\/cf\.test\/pb\/[a-z0-9]{16,}\?/);
      clearRouteCache();
      const param = PLATFORM_PRESETS[platform].clickParam;
      const clickId = new URL((await call(`/go/${link.body.slug}`)).headers.get("location") ?? "").searchParams.get(param) ?? "";
      expect(clickId).toMatch(/^cguk01/);
      const txid = `tx-${ulid()}`;
      const res = await call(
        fillMacros(ftd?.url ?? "", platform, { clickId, amount: "25.50", txid, playerId: "p-1", currency, status: "approved" }),
      );
      const out = (await res.json()) as { outcome: string; conversion_id: string };
      expect(res.status, JSON.stringify(out)).toBe(200);
      expect(out.outcome).toBe("accepted");
      await drain(seed);
      const conv = (await getDb(env.DB).select().from(conversions).where(eq(conversions.id, out.conversion_id)))[0];
      expect(conv).toMatchObject({ campaignId: body.campaign.id, clickId, eventType: "ftd", attributed: true });
      if (PLATFORM_PRESETS[platform].macros.amount) expect(conv).toMatchObject({ amountMicros: 25_500_000, currency });
    },
  );

  it.each([
    ["affilka", "EUR"],
    ["everflow", "USD"],
  ] as [PlatformId, string][])(
    "runs a test click and test postback through /go and /pb on %s, and counts neither",
    async (platform, currency) => {
      const seed = await demo();
      const cookie = await login();
      const offerId = await offerOn(cookie, platform, currency);
      const { body } = await api<{ campaign: CampaignDetail }>(
        cookie,
        "/api/campaigns",
        json("POST", { name: `Round trip ${platform}`, siteId: "site_uk", offerIds: [offerId] }),
      );
      const none = await api<ErrorBody>(cookie, `/api/campaigns/${body.campaign.id}/test`, json("POST", {}));
      expect(none.status).toBe(409);
      await api(cookie, "/api/links", json("POST", { campaignId: body.campaign.id, offerId }));
      clearRouteCache();
      const res = await api<{ result: RoundTripResult }>(cookie, `/api/campaigns/${body.campaign.id}/test`, json("POST", {}));
      expect(res.status).toBe(200);
      const r = res.body.result;
      expect(r.click.status).toBe(302);
      expect(r.click.clickId).toMatch(/^cguk01/);
      expect(r.postback?.status).toBe(200);
      expect(r.postback?.reason).toBe("click flagged (preview)");
      expect(r.ok).toBe(true);
      await drain(seed);
      const logged = (
        await getDb(env.DB)
          .select()
          .from(postbacks)
          .where(eq(postbacks.clickId, r.click.clickId ?? ""))
      )[0];
      expect(logged?.campaignId).toBe(body.campaign.id);
      const conv = (
        await getDb(env.DB)
          .select()
          .from(conversions)
          .where(eq(conversions.clickId, r.click.clickId ?? ""))
      )[0];
      expect(conv?.status).toBe("rejected");
      expect(conv?.attributed).toBe(false);
    },
  );

  it("answers 404 for another workspace's campaign", async () => {
    await demo();
    const other = await otherWorkspace();
    const list = await api<{ campaigns: CampaignView[] }>(other, "/api/campaigns");
    expect(list.body.campaigns).toEqual([]);
    const wrong = await expectAll404(other, [
      ["/api/campaigns/cp_uk_seo", {}],
      ["/api/campaigns/cp_uk_seo", json("PATCH", { name: "Mine" })],
      ["/api/campaigns/cp_uk_seo/test", json("POST", {})],
      ["/api/links/tl_nope", { method: "DELETE" }],
    ]);
    expect(wrong).toEqual([]);
    // Using another workspace's site or offer in one's own campaign is refused as a 400 naming the field.
    const res = await api<ErrorBody>(other, "/api/campaigns", json("POST", { name: "X", siteId: "site_uk", offerIds: ["of_spinia"] }));
    expect(fieldsOf(res.body)).toEqual(["siteId"]);
  });
});
