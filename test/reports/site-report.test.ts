/**
 * Site Report API over the demo workspace: every dimension partitions the totals, two levels add
 * up to one, sort and pagination, compare, the CSV equals the JSON, validation, the all-sites
 * Site Overview and the per-site one with compare and top lists.
 */
import Papa from "papaparse";
import { describe, expect, inject, it, vi } from "vitest";
import type { SiteOverviewResponse } from "../../shared/report-types";
import { compareRange, formatMetric, REPORT_DIMENSIONS, type SiteReportResponse } from "../../shared/site-report";
import { addDays } from "../../shared/time";
import type { SyncMessage } from "../../workers/revenue/cron";
import { api, call, demo, drain, json, login, todayIn } from "../helpers";
import { captureSends, runQueue } from "../queue";

/** Tracked data through /go and /pb, and operator data through a real sync of a sandbox Affilka offer. */
async function seedReportData(): Promise<void> {
  const seed = await demo();
  const cookie = await login();
  for (const l of seed.links) {
    for (let i = 0; i < 3; i++) {
      const res = await call(`/go/${l.slug}?sub1=banner-${i % 2}`);
      const id = [...new URL(res.headers.get("location") ?? "").searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v));
      expect(id).toBeDefined();
      const key = seed.postbackKeys.find((p) => p.offerId === l.offerId)?.key;
      if (i === 0) expect((await call(`/pb/${key}?click_id=${id}&event=ftd&amount=20&currency=EUR&txid=sr-${id}`)).status).toBe(200);
    }
  }
  await drain(seed);
  const token = `sr${Date.now().toString(36)}`;
  const created = await api<{ offer: { id: string } }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: "Report deal",
      platform: "affilka",
      brand: "Wildz",
      campaignTag: "777",
      trackingUrl: "https://go.wildz.example/visit/?bta=777",
      platformTimezone: "UTC",
      accountCurrency: "EUR",
      siteIds: ["site_uk"],
      apiSetup: {
        reportUrl: `${inject("sandboxUrl")}/affilka/api/customer/v1/partner/report?token=${token}`,
        brandId: "14",
        timeoutMs: 1500,
      },
    }),
  );
  expect(created.status).toBe(201);
  const offerId = created.body.offer.id;
  expect(
    (await api(cookie, `/api/offers/${offerId}/tags/routes`, json("PUT", { dimension: "campaign", value: "777", siteId: "site_uk" })))
      .status,
  ).toBe(200);
  const T = todayIn("UTC");
  const resync = async () => {
    const sent: SyncMessage[] = [];
    captureSends(sent);
    const res = await api(cookie, `/api/offers/${offerId}/resync`, json("POST", { from: addDays(T, -10), to: addDays(T, -1) }));
    expect(res.status).toBe(202);
    expect(await runQueue(sent)).toHaveLength(1);
    vi.restoreAllMocks();
  };
  await resync();
  // A restatement: the partition is replaced, and its rollup with it.
  const restate = await fetch(`${inject("sandboxUrl")}/__control/restate`, {
    method: "POST",
    body: JSON.stringify({ platform: "affilka", token, day: addDays(T, -3), factor: 2 }),
  });
  expect(restate.ok).toBe(true);
  await resync();
}

async function report(params: string): Promise<SiteReportResponse> {
  const cookie = await login();
  const res = await api<SiteReportResponse>(cookie, `/api/reports/site?${params}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const sum = (r: SiteReportResponse, k: "clicks" | "ftds" | "registrations") => r.rows.reduce((a, x) => a + (x.metrics[k] ?? 0), 0);

describe("Site Report", () => {
  it("has data to report on; rollups equal raw rows after a revenue restatement", async () => {
    await seedReportData();
    const r = await report("preset=last_30_days&dimension1=day&pageSize=500");
    expect(r.totals.metrics.clicks).toBeGreaterThan(0);
    expect(r.totals.metrics.commissionMicros).toBeTypeOf("number");
    // Each layer says how fresh it is: the synced offers' last pull, and tracked figures as of the answer.
    expect(r.freshness.syncingOffers).toBeGreaterThan(0);
    expect(r.freshness.lastSyncAt).toBeTypeOf("number");
    expect(Date.now() - (r.freshness.lastSyncAt ?? 0)).toBeLessThan(10 * 60_000);
    expect(Math.abs(Date.now() - r.freshness.asOf)).toBeLessThan(60_000);
    const v = "preset=last_30_days&dimension1=offer&dimension2=day&pageSize=500";
    const fromRollup = await report(v);
    const fromRaw = await report(`${v}&naive=1`);
    expect(fromRollup.source).toBe("rollup");
    expect(fromRaw.source).toBe("raw");
    expect(fromRollup.rows).toEqual(fromRaw.rows);
    expect(fromRollup.totals).toEqual(fromRaw.totals);
    expect(fromRollup.freshness.lastSyncAt).toBe(fromRaw.freshness.lastSyncAt);
  });

  it.each(REPORT_DIMENSIONS)("by %s: rows add up to the totals, labels and states present", async (d) => {
    const r = await report(`preset=last_30_days&dimension1=${d}&pageSize=500`);
    expect(r.rows.length).toBeGreaterThan(0);
    expect(r.query.dimension1).toBe(d);
    expect(r.totals.metrics.clicks).toBeTypeOf("number");
    expect(sum(r, "clicks")).toBe(r.totals.metrics.clicks);
    expect(sum(r, "ftds")).toBe(r.totals.metrics.ftds);
    for (const row of r.rows) expect(row.dimension1.label.length).toBeGreaterThan(0);
    expect(r.source).toBe(d === "subId" ? "raw" : r.source);
  });

  it("two levels (offer × month) add up to one level (offer), both layers side by side", async () => {
    const one = await report("preset=last_30_days&dimension1=offer&pageSize=500");
    const two = await report("preset=last_30_days&dimension1=offer&dimension2=month&pageSize=500");
    for (const o of one.rows) {
      const parts = two.rows.filter((r) => r.dimension1.value === o.dimension1.value);
      expect(parts.length).toBeGreaterThan(0);
      expect(parts.reduce((a, p) => a + (p.metrics.clicks ?? 0), 0)).toBe(o.metrics.clicks);
      for (const p of parts) expect(p.dimension2?.value).toMatch(/^\d{4}-\d{2}$/);
    }
    const withOperator = two.rows.find((r) => r.metrics.operatorFtds !== null);
    expect(withOperator).toBeDefined();
    expect(withOperator?.mixedBases).toBe(true);
    expect(withOperator?.state).not.toBeNull();
  });

  it.each(["UTC", "Europe/London"])(
    "marks a time row 'mixed days' only when its operator figures' platform days are in another timezone (member on %s)",
    async (tz) => {
      const cookie = await login();
      expect((await api(cookie, "/api/auth/me", json("PATCH", { timezone: tz }))).status).toBe(200);
      const r = await report("preset=last_30_days&dimension1=offer&dimension2=day&pageSize=500");
      const overview = await api<SiteOverviewResponse>(cookie, "/api/reports/overview?preset=last_30_days");
      expect((await api(cookie, "/api/auth/me", json("PATCH", { timezone: null }))).status).toBe(200);
      // Site Overview's "rows mixing both bases" note follows the same rule (every offer here is on UTC days).
      expect(overview.status).toBe(200);
      expect(overview.body.range.timezone).toBe(tz);
      expect(overview.body.dayBasis.mixed).toBe(tz !== "UTC");
      expect(r.timezone).toBe(tz);
      const offers = await api<{ offers: { id: string; platformTimezone: string }[] }>(cookie, "/api/offers");
      expect(offers.status).toBe(200);
      const zone = new Map(offers.body.offers.map((o) => [o.id, o.platformTimezone]));
      const operatorRows = r.rows.filter((x) => x.metrics.operatorFtds !== null || x.metrics.commissionMicros !== null);
      const same = operatorRows.filter((x) => zone.get(x.dimension1.value) === r.timezone);
      const other = operatorRows.filter((x) => zone.has(x.dimension1.value) && zone.get(x.dimension1.value) !== r.timezone);
      expect(operatorRows.length).toBeGreaterThan(0);
      if (tz === "UTC") expect(same.length, "no operator row of an offer on UTC").toBeGreaterThan(0);
      for (const x of same) expect(x.mixedBases, x.dimension1.label).toBe(false);
      for (const x of other) expect(x.mixedBases, x.dimension1.label).toBe(true);
      // Rows without operator figures are never mixed.
      for (const x of r.rows.filter((y) => !operatorRows.includes(y))) expect(x.mixedBases).toBe(false);
    },
  );

  it("sorts by any column (nulls last) and paginates", async () => {
    const all = await report("preset=last_30_days&dimension1=offer&dimension2=day&sort=clicks&dir=desc&pageSize=500");
    const clicks = all.rows.map((r) => r.metrics.clicks as number);
    expect(clicks).toEqual([...clicks].sort((a, b) => b - a));
    const p1 = await report("preset=last_30_days&dimension1=offer&dimension2=day&sort=clicks&dir=desc&pageSize=25&page=1");
    const p2 = await report("preset=last_30_days&dimension1=offer&dimension2=day&sort=clicks&dir=desc&pageSize=25&page=2");
    expect(p1.pagination).toMatchObject({ page: 1, pageSize: 25, totalRows: all.rows.length });
    expect(p1.pagination.totalPages).toBe(Math.ceil(all.rows.length / 25));
    expect([...p1.rows, ...p2.rows]).toEqual(all.rows.slice(0, 50));
    const byCommission = await report("preset=last_30_days&dimension1=offer&sort=commissionMicros&dir=asc&pageSize=500");
    const values = byCommission.rows.map((r) => r.metrics.commissionMicros);
    const firstNull = values.indexOf(null);
    if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
  });

  it("compares with the previous period and the same period last year", async () => {
    const T = todayIn("Europe/London");
    const from = addDays(T, -4);
    const r = await report(`from=${from}&to=${T}&dimension1=offer&compare=previous&pageSize=500`);
    expect(r.compareRange).toEqual(compareRange("previous", from, T));
    const prev = await report(`from=${r.compareRange?.from}&to=${r.compareRange?.to}&dimension1=offer&pageSize=500`);
    for (const row of r.rows) {
      const p = prev.rows.find((x) => x.dimension1.value === row.dimension1.value);
      expect(row.compare).toEqual(p ? p.metrics : null);
    }
    expect(r.totals.compare).toEqual(prev.totals.metrics);
    // Time buckets are matched by position: a day with the day five days before.
    const byDay = await report(`from=${from}&to=${T}&dimension1=day&compare=previous&pageSize=500`);
    const prevDays = await report(`from=${r.compareRange?.from}&to=${r.compareRange?.to}&dimension1=day&pageSize=500`);
    for (const row of byDay.rows) {
      const p = prevDays.rows.find((x) => x.dimension1.value === addDays(row.dimension1.value, -5));
      expect(row.compare).toEqual(p ? p.metrics : null);
    }
    const ly = await report("from=2026-11-10&to=2026-11-19&dimension1=offer&compare=last_year");
    expect(ly.compareRange).toEqual({ from: "2025-11-10", to: "2025-11-19" });
  });

  it("exports CSV equal to the table: same rows, order, formatting and states", async () => {
    const q = "preset=last_30_days&dimension1=offer&dimension2=week&sort=ftds&dir=desc&pageSize=500";
    const json = await report(q);
    const res = await call(`/api/reports/site.csv?${q}`, { headers: { cookie: await login() } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows = Papa.parse<string[]>(await res.text(), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(["Offer", "Week", ...json.columns.map((c) => c.label), "Operator counts state", "Operator earnings state"]);
    expect(rows.length - 1).toBe(json.pagination.totalRows);
    json.rows.forEach((r, i) => {
      const line = rows[i + 1] as string[];
      expect(line.slice(0, 2)).toEqual([r.dimension1.label, r.dimension2?.label]);
      expect(line.slice(2, 2 + json.columns.length)).toEqual(json.columns.map((c) => formatMetric(c.metric, r.metrics[c.metric])));
    });
  });

  it("refuses bad input naming the field", async () => {
    const cookie = await login();
    for (const [q, field] of [
      ["dimension1=colour&preset=today", "dimension1"],
      ["from=2026-01-01", "from"],
      ["from=2026-02-01&to=2026-01-01", "from"],
      ["preset=today&dimension1=offer&dimension2=offer", "dimension2"],
      ["preset=today&pageSize=7", "pageSize"],
      ["preset=today&compare=sometime", "compare"],
      ["preset=today&market=GBR", "market"],
    ] as const) {
      const res = await api<{ error: { code: string; details?: { field?: string } } }>(cookie, `/api/reports/site?${q}`);
      expect(res.status, q).toBe(400);
      expect(JSON.stringify(res.body.error), q).toContain(field);
    }
    const otherSite = await api<{ error: { details?: { field?: string } } }>(cookie, "/api/reports/site?preset=today&siteId=site_nope");
    expect(otherSite.status).toBe(404);
    expect(otherSite.body.error.details?.field).toBe("siteId");
    // The drill-down's site parameter is called site.
    const drill = await api<{ error: { details?: { field?: string } } }>(
      cookie,
      "/api/drill?metric=clicks&from=2026-11-01&to=2026-11-02&site=site_nope",
    );
    expect(drill.status).toBe(404);
    expect(drill.body.error.details?.field).toBe("site");
  });

  it("refuses a preset sent with from or to, naming preset, on every report route that takes both", async () => {
    const cookie = await login();
    for (const path of ["/api/reports/site", "/api/reports/site.csv", "/api/reports/overview", "/api/sites/site_uk/overview"])
      for (const range of ["from=2026-11-01&to=2026-11-02", "from=2026-11-01", "to=2026-11-02"]) {
        const res = await api<{ error: { details?: { fields?: { field: string }[] } } }>(cookie, `${path}?preset=today&${range}`);
        expect(res.status, `${path} ${range}`).toBe(400);
        expect(
          res.body.error.details?.fields?.map((f) => f.field),
          `${path} ${range}`,
        ).toEqual(["preset"]);
      }
    // Either alone is answered, and echoed as used.
    expect((await report("preset=today")).query).toMatchObject({ preset: "today" });
    expect((await report("from=2026-11-01&to=2026-11-02")).query).toMatchObject({ preset: null, from: "2026-11-01", to: "2026-11-02" });
  });

  it("filters by site, offer and market", async () => {
    const all = await report("preset=last_30_days&dimension1=site&pageSize=500");
    const uk = await report("preset=last_30_days&dimension1=offer&siteId=site_uk&pageSize=500");
    expect(uk.totals.metrics.clicks).toBe(all.rows.find((r) => r.dimension1.value === "site_uk")?.metrics.clicks);
    const spinia = await report("preset=last_30_days&dimension1=day&offerId=of_spinia&pageSize=500");
    expect(spinia.totals.metrics.clicks).toBe(uk.rows.find((r) => r.dimension1.value === "of_spinia")?.metrics.clicks);
  });
});

describe("Site Overview on rollups", () => {
  it("covers all sites at once, with compare, top lists and the member's timezone", async () => {
    const cookie = await login();
    const all = await api<SiteOverviewResponse>(cookie, "/api/reports/overview?preset=last_30_days&compare=previous");
    expect(all.status).toBe(200);
    expect(all.body.site).toBeNull();
    expect(all.body.scope.allSites).toBe(true);
    expect(all.body.scope.sites.length).toBeGreaterThan(1);
    expect(all.body.compare?.mode).toBe("previous");
    expect(all.body.top.offers.length).toBeGreaterThan(0);
    expect(all.body.range.timezone).toBe("Europe/London");
    let perSite = 0;
    for (const s of all.body.scope.sites) {
      const one = await api<SiteOverviewResponse>(
        cookie,
        `/api/sites/${s.id}/overview?from=${all.body.range.from}&to=${all.body.range.to}`,
      );
      expect(one.status).toBe(200);
      perSite += one.body.totals.clicks;
    }
    expect(all.body.totals.clicks).toBe(perSite);
    const csv = await call("/api/reports/overview.csv?preset=last_7_days", { headers: { cookie } });
    expect(csv.status).toBe(200);
  });
});
