import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { clicks, offers, trackingLinks } from "../../workers/db/schema";
import { hubStub } from "../../workers/edge/resolve";
import { publishRoutes } from "../../workers/site-hub/build-routes";
import { api, call, clearRouteCache, demo, drain, env, login } from "../helpers";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const clickIdOf = (res: Response, param: string) => new URL(res.headers.get("location") ?? "").searchParams.get(param);

describe("tracking links", () => {
  it("puts the click id in each platform's preset parameter", async () => {
    await demo();
    expect(clickIdOf(await call("/go/spinia-uk"), "click_id")).toMatch(/^cguk01/); // Affilka preset
    expect(clickIdOf(await call("/go/betano-uk"), "c")).toMatch(/^cguk01/); // Income Access: c= after btag
    expect(clickIdOf(await call("/go/vulkan-de"), "clickid")).toMatch(/^srde01/); // ReferOn
    const location = new URL((await call("/go/betano-uk")).headers.get("location") ?? "");
    expect(location.searchParams.get("btag")).toBe("a_39356b_18233c_");
  });

  it("lets the user override the click-id parameter name per link", async () => {
    await demo();
    const cookie = await login();
    const created = await api<{ slug: string }>(cookie, "/api/links", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        campaignId: "cp_uk_seo",
        offerId: "of_spinia",
        slug: "spinia-var",
        clickParam: "var1",
        forwardParams: ["utm_campaign"],
      }),
    });
    expect(created.status).toBe(201);
    clearRouteCache();
    const res = await call("/go/spinia-var?utm_campaign=black-friday&p=sidebar");
    const loc = new URL(res.headers.get("location") ?? "");
    expect(loc.searchParams.get("var1")).toMatch(/^cguk01/);
    expect(loc.searchParams.get("utm_campaign")).toBe("black-friday");
    expect(loc.searchParams.has("p")).toBe(false);
  });

  it("rejects a bad link definition naming the field", async () => {
    await demo();
    const cookie = await login();
    const res = await api<{ error: { message: string } }>(cookie, "/api/links", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ campaignId: "cp_uk_seo", offerId: "of_spinia", slug: "Bad Slug!" }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("slug");
  });

  it("stores sub-ids and the placement with the click, and no IP", async () => {
    const seed = await demo();
    const res = await call("/go/spinia-uk-ads?sub1=top10&utm_source=google&gclid=G-123&placement=hero-cta", { ip: "203.0.113.99" });
    const id = clickIdOf(res, "click_id") ?? "";
    await drain(seed);
    const row = (await getDb(env.DB).select().from(clicks).where(eq(clicks.id, id)))[0];
    expect(row?.subIds).toEqual({ sub1: "top10", utm_source: "google", gclid: "G-123" });
    expect(row?.placement).toBe("hero-cta");
    expect(JSON.stringify(row)).not.toContain("203.0.113.99");
    expect(row?.visitorHash).toMatch(/^[0-9a-f]{24}$/);
  });

  it("records bots, link-preview fetchers and HEAD requests flagged, not counted", async () => {
    const seed = await demo();
    const before = await liveClicks();
    const bot = await call("/go/wildz-de", { ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    const preview = await call("/go/wildz-de", { ua: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" });
    const fb = await call("/go/wildz-de", { ua: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" });
    const head = await call("/go/wildz-de", { method: "HEAD", ua: CHROME });
    for (const r of [bot, preview, fb, head]) expect(r.status).toBe(302);
    const after = await liveClicks();
    expect(after.clicks - before.clicks).toBe(0);
    expect(after.flagged - before.flagged).toBe(4);
    await drain(seed);
    const ids = [bot, preview, fb, head].map((r) => clickIdOf(r, "click_id") ?? "");
    const rows = await getDb(env.DB).select({ id: clicks.id, flag: clicks.flag }).from(clicks);
    const flags = ids.map((id) => rows.find((r) => r.id === id)?.flag);
    expect(flags).toEqual(["bot", "bot", "bot", "head"]);
  });

  it("counts one visitor's repeat clicks within an hour as one unique click", async () => {
    await demo();
    const before = await liveClicks();
    for (let i = 0; i < 3; i++) await call("/go/vulkan-de", { ip: "198.51.100.77", ua: CHROME });
    await call("/go/vulkan-de", { ip: "198.51.100.78", ua: CHROME });
    const after = await liveClicks();
    expect(after.clicks - before.clicks).toBe(4);
    expect(after.unique - before.unique).toBe(2);
  });

  it("answers a burst of concurrent clicks at once and records each exactly once", async () => {
    await demo();
    const before = await liveClicks();
    // 40 visitors at the same moment: the isolate coalesces them into few hub calls, written after the redirects.
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(`/go/vulkan-de?sub1=burst-${i}`, { ip: `198.51.100.${100 + i}`, ua: CHROME })),
    );
    expect(responses.every((r) => r.status === 302)).toBe(true);
    const ids = responses.map((r) => clickIdOf(r, "clickid"));
    expect(new Set(ids).size).toBe(40);
    const after = await liveClicks();
    expect(after.clicks - before.clicks).toBe(40);
    expect(after.unique - before.unique).toBe(40);
    const seed = await demo();
    await drain(seed);
    const stored = await getDb(env.DB)
      .select({ id: clicks.id, subIds: clicks.subIds })
      .from(clicks)
      .where(inArray(clicks.id, ids as string[]));
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((c) => c.subIds.sub1)).size).toBe(40);
  });

  it("counts a click once when its hub write is retried (the edge retries a failed call)", async () => {
    const seed = await demo();
    const before = await liveClicks();
    const res = await call("/go/vulkan-de", { ip: "198.51.100.201", ua: CHROME });
    const clickId = clickIdOf(res, "clickid") ?? "";
    const site = { workspaceId: seed.workspaceId, siteId: "site_de", hubCode: clickId.slice(0, 6), timezone: "Europe/Berlin" };
    const again = {
      clickId,
      ts: Date.now(),
      linkId: "tl_vulkan_de",
      campaignId: "cp_de_meta",
      offerId: "of_vulkan",
      identity: "198.51.100.201|x",
      flag: null,
      country: null,
      subIds: {},
      placement: null,
      referrer: null,
      sourceClickId: null,
      sourceTemplate: null,
    };
    const [retried] = await hubStub(env, "site_de").recordClicks(site, [again]);
    expect(retried).toEqual({ unique: true });
    const after = await liveClicks();
    expect(after.clicks - before.clicks).toBe(1);
    expect(after.unique - before.unique).toBe(1);
  });

  it("shows a helpful page, never a 500, when the offer's link is broken", async () => {
    const seed = await demo();
    const db = getDb(env.DB);
    await db.update(offers).set({ trackingUrl: "javascript:alert(1)" }).where(eq(offers.id, "of_vulkan"));
    await publishRoutes(env, db, seed.workspaceId);
    clearRouteCache();
    const res = await call("/go/vulkan-de");
    expect(res.status).not.toBe(500);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("temporarily unavailable");
    await db.update(offers).set({ trackingUrl: "https://ro.vulkan.example/track?mid=88" }).where(eq(offers.id, "of_vulkan"));
    await publishRoutes(env, db, seed.workspaceId);
    clearRouteCache();
  });

  it("resolves a link created straight in D1 (directory miss falls back once, then republishes)", async () => {
    const seed = await demo();
    await getDb(env.DB).insert(trackingLinks).values({
      id: "tl_direct",
      workspaceId: seed.workspaceId,
      siteId: "site_uk",
      campaignId: "cp_uk_seo",
      offerId: "of_spinia",
      slug: "direct-d1",
      forwardParams: [],
    });
    clearRouteCache();
    expect((await call("/go/direct-d1")).status).toBe(302);
  });
});

async function liveClicks() {
  const cookie = await login();
  const out = { clicks: 0, unique: 0, flagged: 0 };
  for (const site of ["site_uk", "site_de"]) {
    const { body } = await api<{ counters: { metric: string; value: number }[] }>(cookie, `/api/sites/${site}/live`);
    for (const c of body.counters) {
      if (c.metric === "clicks") out.clicks += c.value;
      if (c.metric === "unique_clicks") out.unique += c.value;
      if (c.metric === "flagged_clicks") out.flagged += c.value;
    }
  }
  return out;
}
