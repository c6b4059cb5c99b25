import { describe, expect, it } from "vitest";
import type { SiteAnalyticsResponse } from "../../shared/report-types";
import { api, call, demo, login, todayIn } from "../helpers";
import { beacon, flush, freshSite, IPHONE_UA, page, report } from "./helpers";

describe("POST /e — beacon endpoint", () => {
  it("answers valid beacons 204 with CORS, and bad ones with a 4xx naming the problem", async () => {
    const site = await freshSite();
    const ok = await beacon(site, { t: "pv", u: page(site, "/"), r: "", w: 1280 });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");

    const cases: [Record<string, unknown>, number, string][] = [
      [{ t: "pv", u: "not a url" }, 400, "invalid_input"],
      [{ t: "pv", u: "javascript:alert(1)" }, 400, "invalid_input"],
      [{ t: "pv", u: page(site, `/${"x".repeat(2100)}`) }, 400, "invalid_input"],
      [{ t: "zz", u: page(site, "/") }, 400, "invalid_input"],
      [{ t: "e", u: page(site, "/"), d: -5 }, 400, "invalid_input"],
      [{ t: "e", u: page(site, "/"), d: "12" }, 400, "invalid_input"],
      [{ t: "c", u: page(site, "/"), h: "mailto:x@y.z" }, 400, "invalid_input"],
      [{ t: "pv", u: page(site, "/"), w: 1e9 }, 400, "invalid_input"],
      [{ t: "pv", u: "https://evil.example/" }, 403, "origin_not_allowed"],
    ];
    for (const [body, status, code] of cases) {
      const res = await beacon(site, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const badField = await beacon(site, { t: "e", u: page(site, "/"), d: -5 });
    expect(((await badField.json()) as { error: { details: { fields: { field: string }[] } } }).error.details.fields[0]?.field).toBe("d");

    const unknown = await beacon({ ...site, publicKey: "pknosuchsite000" }, { t: "pv", u: page(site, "/") });
    expect(unknown.status).toBe(404);
    const wrongOrigin = await beacon(site, { t: "pv", u: page(site, "/") }, { origin: "https://evil.example" });
    expect(wrongOrigin.status).toBe(403);
    const nullOrigin = await beacon(site, { t: "pv", u: page(site, "/") }, { origin: "null" });
    expect(nullOrigin.status).toBe(403);
    const sub = await beacon(site, { t: "pv", u: `https://www.${site.domain}/` }, { origin: `https://www.${site.domain}` });
    expect(sub.status).toBe(204);
    const noType = await beacon(site, {});
    expect(noType.status).toBe(400);
    const notJson = await call("/e", { method: "POST", headers: { origin: `https://${site.domain}` }, body: "{oops" });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    const big = await beacon(site, { t: "pv", u: page(site, "/"), r: "x".repeat(5000) });
    expect(big.status).toBe(413);
  });

  it("drops bots (isbot) and requests without a user agent without counting them", async () => {
    const site = await freshSite();
    const bot = await beacon(
      site,
      { t: "pv", u: page(site, "/bot") },
      { ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
    );
    expect(bot.status).toBe(204);
    const headless = await beacon(
      site,
      { t: "pv", u: page(site, "/bot") },
      { ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36" },
    );
    expect(headless.status).toBe(204);
    await beacon(site, { t: "pv", u: page(site, "/human") });
    await flush(site);
    const cookie = await login();
    const today = todayIn(site.timezone);
    const r = await report<SiteAnalyticsResponse>(cookie, site, `from=${today}&to=${today}`);
    expect(r.totals.pageviews).toBe(1);
    expect(r.breakdowns.path.map((p) => p.value)).toEqual(["/human"]);
  });

  it("rolls a visit up: pageviews, visitors, visits, bounces, time on site, entry pages, sources, UTM, devices", async () => {
    await demo();
    const site = await freshSite();
    const a = { ip: "198.51.100.1" };
    const b = { ip: "198.51.100.2", ua: IPHONE_UA };
    // Visitor A: lands from Google with UTM and a gclid, reads two pages, engaged 12 s + 8 s, clicks nothing.
    await beacon(
      site,
      { t: "pv", u: page(site, "/best?utm_source=news&utm_medium=email&utm_campaign=spring&gclid=abc"), r: "https://www.google.co.uk/" },
      a,
    );
    await beacon(site, { t: "e", u: page(site, "/best?utm_source=news"), d: 12_000 }, a);
    await beacon(site, { t: "pv", u: page(site, "/reviews/spinia"), r: page(site, "/best") }, a);
    await beacon(site, { t: "e", u: page(site, "/reviews/spinia"), d: 8_000 }, a);
    // Visitor B: one page, direct, bounces.
    await beacon(site, { t: "pv", u: page(site, "/reviews/spinia"), r: "", w: 390 }, b);
    await flush(site);

    const cookie = await login();
    const today = todayIn(site.timezone);
    const r = await report<SiteAnalyticsResponse>(cookie, site, `from=${today}&to=${today}`);
    expect(r.totals).toMatchObject({ pageviews: 3, visitors: 2, visits: 2, bounces: 1, engagedMs: 20_000, offerClicks: 0 });
    expect(r.totals.bounceRate).toBe(0.5);
    expect(r.totals.visitDurationMs).toBe(10_000);
    expect(r.totals.pagesPerVisit).toBe(1.5);
    expect(r.granularity).toBe("hour");
    expect(r.series.reduce((s, p) => s + p.pageviews, 0)).toBe(3);

    const row = (dim: keyof SiteAnalyticsResponse["breakdowns"], value: string) => r.breakdowns[dim].find((x) => x.value === value);
    expect(row("path", "/reviews/spinia")).toMatchObject({ pageviews: 2, visitors: 2, engagedMs: 8_000 });
    expect(row("path", "/best")).toMatchObject({ pageviews: 1, visitors: 1, engagedMs: 12_000 });
    expect(row("entry", "/best")).toMatchObject({ visits: 1, bounces: 0, pageviews: 2 });
    expect(row("entry", "/reviews/spinia")).toMatchObject({ visits: 1, bounces: 1, bounceRate: 1 });
    expect(row("source", "Google")).toMatchObject({ visits: 1, pageviews: 2, visitors: 1 });
    expect(row("source", "(direct)")).toMatchObject({ visits: 1, bounces: 1 });
    expect(row("utm_source", "news")).toMatchObject({ visits: 1 });
    expect(row("utm_medium", "email")).toMatchObject({ visits: 1 });
    expect(row("utm_campaign", "spring")).toMatchObject({ visits: 1, engagedMs: 20_000 });
    expect(row("click_source", "Google Ads")).toMatchObject({ visits: 1 });
    expect(row("device", "mobile")).toMatchObject({ visits: 1 });
    expect(row("device", "desktop")).toMatchObject({ visits: 1 });
    expect(row("os", "iOS")).toMatchObject({ visits: 1 });
    expect(row("browser", "Safari")).toMatchObject({ visits: 1 });
    expect(r.breakdowns.country.reduce((s, c) => s + c.visits, 0)).toBe(2);
    // Nothing UTM-less is rolled up as an empty UTM value.
    expect(r.breakdowns.utm_source.map((x) => x.value)).toEqual(["news"]);
  });

  it("counts offer-link clicks per page (tracking links and offer domains), un-bounces the visit, ignores other links", async () => {
    const seed = await demo();
    const cookie = await login();
    const site = await freshSite();
    const ip = { ip: "198.51.100.20" };
    await beacon(site, { t: "pv", u: page(site, "/top-10") }, ip);
    const clicks = [
      "https://cf.test/go/spinia-uk?p=hero", // this workspace's tracking link on CasinoFlux's host
      `https://${site.domain}/go/betano-uk`, // tracking link cloaked on the site's own domain
      "https://go.spinia.example/visit/?bta=501", // straight to the offer's domain
      "https://www.wildz.example/promo", // not an offer host of this workspace (go.wildz.example is)
      "https://example.org/about", // ordinary outbound link
      "https://cf.test/go/no-such-slug",
    ];
    for (const h of clicks) expect((await beacon(site, { t: "c", u: page(site, "/top-10"), h }, ip)).status).toBe(204);
    await flush(site);
    const today = todayIn(site.timezone);
    const r = await report<SiteAnalyticsResponse>(cookie, site, `from=${today}&to=${today}`);
    expect(r.totals).toMatchObject({ pageviews: 1, visits: 1, bounces: 0, offerClicks: 3, clickVisits: 1 });
    expect(r.totals.ctr).toBe(3);
    expect(r.totals.visitCtr).toBe(1);
    expect(r.breakdowns.path.find((p) => p.value === "/top-10")).toMatchObject({ offerClicks: 3, ctr: 3 });
    const offers = Object.fromEntries(r.breakdowns.offer.map((o) => [o.value, o]));
    expect(offers.of_spinia?.offerClicks).toBe(2);
    expect(offers.of_spinia?.label).toContain("Spinia");
    expect(offers.of_betano?.offerClicks).toBe(1);
    expect(seed.links.some((l) => l.slug === "spinia-uk")).toBe(true);
  });

  it("returns a 401 without a session and a 404 for a site of another workspace", async () => {
    await demo();
    const site = await freshSite();
    const res = await beacon(site, { t: "pv", u: page(site, "/") });
    expect(res.status).toBe(204);
    expect((await call(`/api/sites/${site.id}/analytics?from=2026-01-01&to=2026-01-02`)).status).toBe(401);
    const cookie = await login();
    expect((await api(cookie, "/api/sites/site_nope/analytics?from=2026-01-01&to=2026-01-02")).status).toBe(404);
    expect((await api(cookie, `/api/sites/${site.id}/analytics?from=2026-01-05&to=2026-01-02`)).status).toBe(400);
    expect((await api(cookie, `/api/sites/${site.id}/analytics/breakdown/nope?from=2026-01-01&to=2026-01-02`)).status).toBe(404);
  });
});
