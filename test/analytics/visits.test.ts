import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RealtimeVisitors, SiteAnalyticsResponse } from "../../shared/report-types";
import { startOfLocalDay } from "../../shared/time";
import { hubStub } from "../../workers/edge/resolve";
import { ANALYTICS_DDL, type BeaconInput, localHour, migrateAnalytics, type SessionValues } from "../../workers/site-hub/analytics";
import { api, env, login } from "../helpers";
import { flush, freshSite, report, sessionFrom, type TestSite } from "./helpers";

const SESSION = sessionFrom("Google");
const MIN = 60_000;

function hub(site: TestSite) {
  const stub = hubStub(env, site.id);
  const one = async (b: BeaconInput) => (await stub.ingestBeacons(site.hub, [b], crypto.randomUUID()))[0];
  return {
    pv: (ts: number, path: string, who = "v1", session: Partial<SessionValues> = {}) =>
      one({ type: "pageview", ts, path, identity: who, session: { ...SESSION, ...session } }),
    engage: (ts: number, path: string, ms: number, who = "v1") => one({ type: "engagement", ts, path, identity: who, ms }),
    click: (ts: number, path: string, offer: string, who = "v1") =>
      one({ type: "offer_click", ts, path, identity: who, offer, session: SESSION }),
  };
}

describe("visits in the site's hub", () => {
  it("starts a new visit after 30 minutes without activity; a visitor counts once per day", async () => {
    const site = await freshSite();
    const h = hub(site);
    const t0 = Date.parse("2026-03-10T09:00:00Z");
    expect(await h.pv(t0, "/a")).toBe("visit_started");
    expect(await h.pv(t0 + 29 * MIN, "/b")).toBe("pageview"); // same visit, un-bounced
    expect(await h.pv(t0 + 29 * MIN + 31 * MIN, "/a")).toBe("visit_started"); // gap > 30 min
    expect(await h.pv(t0 + 24 * 60 * MIN, "/a")).toBe("visit_started"); // next day: a new daily visitor hash
    await flush(site);
    const cookie = await login();
    const day1 = await report<SiteAnalyticsResponse>(cookie, site, "from=2026-03-10&to=2026-03-10");
    expect(day1.totals).toMatchObject({ pageviews: 3, visitors: 1, visits: 2, bounces: 1 });
    expect(day1.breakdowns.entry.find((e) => e.value === "/a")).toMatchObject({ visits: 2, visitors: 1, bounces: 1 });
    expect(day1.breakdowns.path.find((e) => e.value === "/a")).toMatchObject({ pageviews: 2, visitors: 1 });
    const both = await report<SiteAnalyticsResponse>(cookie, site, "from=2026-03-10&to=2026-03-11");
    // Unique per day, summed over the range (the salt rotates daily: nobody is followed across days).
    expect(both.totals).toMatchObject({ pageviews: 4, visitors: 2, visits: 3, bounces: 2 });
    expect(both.series.map((p) => [p.label, p.pageviews, p.visitors])).toEqual([
      ["2026-03-10", 3, 1],
      ["2026-03-11", 1, 1],
    ]);
  });

  it("adds visible time to the visit it belongs to and ignores engagement with no visit", async () => {
    const site = await freshSite();
    const h = hub(site);
    const t0 = Date.parse("2026-03-12T10:00:00Z");
    await h.pv(t0, "/a");
    expect(await h.engage(t0 + 5 * MIN, "/a", 5 * MIN)).toBe("engagement");
    // Shown again 20 minutes after the last activity, visible 15 more minutes: still this visit.
    expect(await h.engage(t0 + 40 * MIN, "/a", 15 * MIN)).toBe("engagement");
    expect(await h.engage(t0 + 40 * MIN, "/a", 1000, "stranger")).toBe("ignored_no_visit");
    expect(await h.engage(t0 + 300 * MIN, "/a", 1000)).toBe("ignored_no_visit");
    await flush(site);
    const r = await report<SiteAnalyticsResponse>(await login(), site, "from=2026-03-12&to=2026-03-12");
    expect(r.totals).toMatchObject({ visits: 1, engagedMs: 20 * MIN, visitDurationMs: 20 * MIN, timeOnPageMs: 20 * MIN });
  });

  it("counts every offer click, but a visit with clicks once in click-visits; a click un-bounces", async () => {
    const site = await freshSite();
    const h = hub(site);
    const t0 = Date.parse("2026-03-13T10:00:00Z");
    await h.pv(t0, "/landing", "v1", { utm_campaign: "promo" });
    await h.click(t0 + MIN, "/landing", "of_spinia");
    await h.click(t0 + 2 * MIN, "/landing", "of_betano");
    await h.pv(t0, "/landing", "v2", { utm_campaign: "promo" });
    await flush(site);
    const r = await report<SiteAnalyticsResponse>(await login(), site, "from=2026-03-13&to=2026-03-13");
    expect(r.totals).toMatchObject({ pageviews: 2, visits: 2, bounces: 1, offerClicks: 2, clickVisits: 1, visitCtr: 0.5, ctr: 1 });
    expect(r.breakdowns.entry[0]).toMatchObject({ value: "/landing", visits: 2, clickVisits: 1, offerClicks: 2, bounceRate: 0.5 });
    expect(r.breakdowns.utm_campaign[0]).toMatchObject({ value: "promo", visits: 2, clickVisits: 1 });
  });

  it("uses the site's timezone for days and hours, including half-hour offsets", async () => {
    const site = await freshSite("Asia/Kolkata");
    const h = hub(site);
    // 00:10 local on 2026-03-15 is 18:40 UTC on 2026-03-14.
    const ts = startOfLocalDay("2026-03-15", "Asia/Kolkata") + 10 * MIN;
    expect(new Date(ts).toISOString()).toBe("2026-03-14T18:40:00.000Z");
    expect(localHour(ts, "Asia/Kolkata")).toBe(Date.parse("2026-03-14T18:30:00Z"));
    await h.pv(ts, "/late-night");
    await flush(site);
    const cookie = await login();
    const r = await report<SiteAnalyticsResponse>(cookie, site, "from=2026-03-15&to=2026-03-15");
    expect(r.range.timezone).toBe("Asia/Kolkata");
    expect(r.totals.pageviews).toBe(1);
    expect(r.series).toHaveLength(24);
    expect(r.series[0]).toMatchObject({ label: "2026-03-15 00:00", pageviews: 1 });
    const before = await report<SiteAnalyticsResponse>(cookie, site, "from=2026-03-14&to=2026-03-14");
    expect(before.totals.pageviews).toBe(0);
  });

  it("compares with the previous period of the same length", async () => {
    const site = await freshSite();
    const h = hub(site);
    const day = (d: string) => Date.parse(`${d}T12:00:00Z`);
    await h.pv(day("2026-04-01"), "/x", "p1");
    await h.pv(day("2026-04-02"), "/x", "p2");
    await h.pv(day("2026-04-02"), "/y", "p3");
    for (const who of ["c1", "c2", "c3"]) await h.pv(day("2026-04-03"), "/x", who);
    await h.pv(day("2026-04-04"), "/y", "c4");
    await flush(site);
    const r = await report<SiteAnalyticsResponse>(await login(), site, "from=2026-04-03&to=2026-04-04&compare=1");
    expect(r.previousRange).toEqual({ from: "2026-04-01", to: "2026-04-02" });
    expect(r.totals.pageviews).toBe(4);
    expect(r.previousTotals?.pageviews).toBe(3);
    expect(r.previousSeries?.map((p) => p.pageviews)).toEqual([1, 2]);
    const x = r.breakdowns.path.find((p) => p.value === "/x");
    expect(x?.pageviews).toBe(3);
    expect(x?.previous?.pageviews).toBe(2);
    const noCompare = await report<SiteAnalyticsResponse>(await login(), site, "from=2026-04-03&to=2026-04-04");
    expect(noCompare.previousTotals).toBeNull();
    expect(noCompare.breakdowns.path[0]?.previous).toBeNull();
  });

  it("counts exactly when many beacons reach the hub at once (one batch, one transaction)", async () => {
    const site = await freshSite();
    const h = hub(site);
    const t0 = Date.parse("2026-03-25T10:00:00Z");
    // Two bursts: concurrent RPCs may reach the hub in any order under load, and an engagement or
    // offer click before its visit's first pageview is (rightly) ignored.
    const pageviews = await Promise.all([
      // One visitor's 30 pageviews; 20 other visitors, one bounce each.
      ...Array.from({ length: 30 }, (_, i) => h.pv(t0 + i, `/p${i % 3}`, "same")),
      ...Array.from({ length: 20 }, (_, i) => h.pv(t0, "/landing", `v${i}`)),
    ]);
    const followUps = await Promise.all([
      // The first visitor's 10 engagements; 5 of the others click an offer.
      ...Array.from({ length: 10 }, (_, i) => h.engage(t0 + 100 + i, "/p0", 1000, "same")),
      ...Array.from({ length: 5 }, (_, i) => h.click(t0 + 200, "/landing", "of_spinia", `v${i}`)),
    ]);
    const outcomes = [...pageviews, ...followUps];
    expect(outcomes.filter((o) => o === "visit_started")).toHaveLength(21);
    expect(outcomes.filter((o) => o === "engagement")).toHaveLength(10);
    await flush(site);
    const r = await report<SiteAnalyticsResponse>(await login(), site, "from=2026-03-25&to=2026-03-25");
    expect(r.totals).toMatchObject({
      pageviews: 50,
      visitors: 21,
      visits: 21,
      bounces: 15,
      engagedMs: 10_000,
      offerClicks: 5,
      clickVisits: 5,
    });
    expect(r.breakdowns.path.find((p) => p.value === "/p0")).toMatchObject({ pageviews: 10, visitors: 1, engagedMs: 10_000 });
  });

  it("reports realtime visitors (last 5 minutes) from the hub, through the API", async () => {
    const site = await freshSite();
    const h = hub(site);
    const now = Date.now();
    await h.pv(now - 10 * MIN, "/old", "gone");
    await h.pv(now - MIN, "/a", "r1");
    await h.pv(now, "/a", "r2", { source: "Bing" });
    await h.pv(now, "/b", "r3");
    const res = await api<RealtimeVisitors>(await login(), `/api/sites/${site.id}/analytics/realtime`);
    expect(res.status).toBe(200);
    expect(res.body.visitors).toBe(3);
    expect(res.body.pages).toEqual([
      { path: "/a", visitors: 2 },
      { path: "/b", visitors: 1 },
    ]);
    expect(res.body.sources).toEqual([
      { source: "Google", visitors: 2 },
      { source: "Bing", visitors: 1 },
    ]);
  });

  it("keeps no raw beacons: deltas leave after the flush, ended visits and old visitor state are pruned", async () => {
    const site = await freshSite();
    const h = hub(site);
    const t0 = Date.parse("2026-03-20T10:00:00Z");
    await h.pv(t0, "/a");
    await h.engage(t0 + MIN, "/a", MIN);
    await flush(site);
    await runInDurableObject(hubStub(env, site.id), async (_obj, state) => {
      const sql = state.storage.sql;
      const count = (t: string) => sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${t}`).one().n;
      expect(count("analytics_delta")).toBe(0);
      expect(count("visits")).toBe(1);
      expect(count("seen")).toBeGreaterThan(0);
      const { pruneAnalytics } = await import("../../workers/site-hub/analytics");
      pruneAnalytics(sql, t0 + 2 * 86_400_000, "2026-03-21");
      expect(count("visits")).toBe(0);
      expect(count("seen")).toBe(0);
      const tables = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((r) => r.name);
      expect(tables).not.toContain("presence");
    });
  });

  it("adds click_visits to a hub created before the column existed", async () => {
    const site = await freshSite();
    await runInDurableObject(hubStub(env, site.id), async (_obj, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE analytics_delta");
      sql.exec(`CREATE TABLE analytics_delta (hour INTEGER NOT NULL, dim TEXT NOT NULL, value TEXT NOT NULL, batch INTEGER NOT NULL DEFAULT 0,
        pageviews INTEGER NOT NULL DEFAULT 0, visitors INTEGER NOT NULL DEFAULT 0, visits INTEGER NOT NULL DEFAULT 0,
        bounces INTEGER NOT NULL DEFAULT 0, engaged_ms INTEGER NOT NULL DEFAULT 0, offer_clicks INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, dim, value, batch))`);
      for (const ddl of ANALYTICS_DDL) sql.exec(ddl);
      migrateAnalytics(sql);
      migrateAnalytics(sql);
      const cols = sql.exec<{ name: string }>("PRAGMA table_info(analytics_delta)").toArray();
      expect(cols.map((c) => c.name)).toContain("click_visits");
    });
  });
});
