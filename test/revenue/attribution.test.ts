/**
 * Attribution proof, for every platform through its sandbox: one offer (one deal) on two sites,
 * each site with its own tag on the platform, plus players who came direct. Before any route every
 * row is unassigned (never put on a site by default); one route per tag moves that tag's rows to its
 * site; each site's revenue then equals its own tag's rows exactly, direct stays unassigned, the
 * offer's total equals the report, and a re-pull writes nothing.
 */
import { describe, expect, inject, it } from "vitest";
import { formatMicros } from "../../shared/money";
import type { PlatformId } from "../../shared/platforms";
import type { OfferDetail, TestConnectionResult } from "../../shared/report-types";
import type { OfferTagsResponse, TagRoutesResponse } from "../../shared/revenue-tags";
import { ulid } from "../../workers/lib/ids";
import { runOfferSync } from "../../workers/revenue/sync";
import { api, call, demo, env, json, login } from "../helpers";
import { everflowClickId } from "../sandbox/platforms/everflow";
import { GENERIC_CSV_MAPPING } from "../sandbox/platforms/generic";
import { activeRows, makeOffer, sync } from "./harness";

const sandbox = () => String(inject("sandboxUrl"));

interface PlatformCase {
  platform: PlatformId;
  /** The sandbox's platform key in its truth ledger. */
  ledger: string;
  setup: (token: string) => Record<string, unknown>;
  accountCurrency: string | null;
  siteTags: [string, string];
  /** The tag value direct players carry (null = none). */
  direct: string | null;
  dimension: string;
}

const CASES: PlatformCase[] = [
  {
    platform: "affilka",
    ledger: "affilka",
    setup: (t) => ({ reportUrl: `${sandbox()}/affilka/api/customer/v1/partner/report?token=${t}`, tagDimension: "promo" }),
    accountCurrency: "EUR",
    siteTags: ["promo-a", "promo-b"],
    direct: null,
    dimension: "promo",
  },
  {
    platform: "cellxpert",
    ledger: "cellxpert",
    setup: (t) => ({ baseUrl: `${sandbox()}/cellxpert`, affiliateId: "35614", apiKey: t }),
    accountCurrency: "USD",
    siteTags: ["tc-a", "tc-b"],
    direct: null,
    dimension: "tracking_code",
  },
  {
    platform: "smartico",
    ledger: "smartico",
    setup: (t) => ({ host: `${sandbox()}/smartico`, apiKey: t }),
    accountCurrency: "EUR",
    siteTags: ["site-a", "site-b"],
    direct: null,
    dimension: "afp1",
  },
  {
    platform: "income_access",
    ledger: "income_access",
    setup: (t) => ({
      reportUrl: `${sandbox()}/income-access/api/affreporting.asp?key=${t}&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7&reportstartdate=2026/01/01&reportenddate=2026/01/31`,
    }),
    accountCurrency: null,
    siteTags: ["39356", "40122"],
    direct: "41000",
    dimension: "campaign",
  },
  {
    platform: "myaffiliates",
    ledger: "myaffiliates",
    setup: (t) => ({
      clientId: t,
      clientSecret: `secret-${t}`,
      reportUrl: `${sandbox()}/myaffiliates/statistics.php?d1=2025-01-01&d2=2025-01-31&mode=csv&sbm=1&dnl=1&channel=Casino%20Main&show_campaigns=1&tag=${t}`,
    }),
    accountCurrency: "GBP",
    siteTags: ["Site A", "Site B"],
    direct: null,
    dimension: "campaign",
  },
  {
    platform: "netrefer",
    ledger: "netrefer",
    setup: (t) => ({
      tokenUrl: `${sandbox()}/netrefer/tenant-123/oauth2/v2.0/token`,
      clientId: "nr-client",
      clientSecret: "nr-secret",
      username: t,
      password: "nr-password",
      host: `${sandbox()}/netrefer`,
      affiliateId: "4242",
    }),
    accountCurrency: null,
    siteTags: ["7101", "7102"],
    direct: "7100",
    dimension: "campaign",
  },
  {
    platform: "everflow",
    ledger: "everflow",
    setup: (t) => ({ baseUrl: `${sandbox()}/everflow`, apiKey: t, tagDimension: "sub2" }),
    accountCurrency: "USD",
    siteTags: ["site-a", "site-b"],
    direct: null,
    dimension: "sub2",
  },
  {
    platform: "referon",
    ledger: "referon",
    setup: (t) => ({
      reportUrl: `${sandbox()}/referon/statistics?token=${t}&id=42&from=2025-01-01&to=2025-01-31`,
      tagDimension: "tracking_code",
    }),
    accountCurrency: null,
    siteTags: ["MI-2001", "MI-2002"],
    direct: "MI-2000",
    dimension: "tracking_code",
  },
  {
    platform: "generic",
    ledger: "generic",
    setup: (t) => ({
      url: `${sandbox()}/generic/report.csv?key=${t}&start={from}&end={to}`,
      mapping: {
        ...GENERIC_CSV_MAPPING,
        campaign: "Campaign",
        clickId: "SubID",
      },
    }),
    accountCurrency: null,
    siteTags: ["site-a", "site-b"],
    direct: null,
    dimension: "campaign",
  },
  {
    platform: "map",
    ledger: "map",
    setup: (t) => ({
      reportUrl: `${sandbox()}/map/generatemapreports.aspx?ver=3.0&username=aff01&apikey=${t}&reportstartdate=01/01/2025&reportenddate=01/31/2025&command=activityreport&format=csv`,
    }),
    accountCurrency: null,
    siteTags: ["site-a", "site-b"],
    direct: null,
    dimension: "campaign",
  },
];

const FROM = "2026-11-02";
const TO = "2026-11-06";

async function truth(platform: string, token: string): Promise<Record<string, number>> {
  const res = await fetch(`${sandbox()}/__control/truth`, { method: "POST", body: JSON.stringify({ platform, token }) });
  return (await res.json()) as Record<string, number>;
}

const amountOf = (micros: number | undefined) => {
  expect(micros).toBeTypeOf("number");
  return formatMicros(micros as number);
};

describe.each(CASES)("attribution on $platform: one offer, two sites, direct players", (pc) => {
  it("places each tag's rows on its site only once routed; direct stays unassigned; totals equal the report", async () => {
    const seed = await demo();
    const cookie = await login();
    const token = `sites${ulid().toLowerCase()}`;
    const created = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: `Two sites on ${pc.platform} ${token}`,
        platform: pc.platform,
        brand: "One deal",
        trackingUrl: "https://operator.example/track",
        platformTimezone: "UTC",
        accountCurrency: pc.accountCurrency,
        siteIds: ["site_uk", "site_de"],
        apiSetup: { ...pc.setup(token), timeoutMs: 5000 },
      }),
    );
    expect(created.status).toBe(201);
    const offerId = created.body.offer.id;
    const sync = () => runOfferSync(env, { offerId, workspaceId: seed.workspaceId, trigger: "test", from: FROM, to: TO });

    const first = await sync();
    expect(first.error).toBeNull();
    expect(first.status).toBe("ok");
    const report = await truth(pc.ledger, token);
    const [tagA, tagB] = pc.siteTags;
    const directKey = pc.direct ?? "";
    for (const t of [tagA, tagB, directKey]) expect(report[t]).toBeTypeOf("number");
    const reportTotal = Object.values(report).reduce((a, b) => a + b, 0);

    // Before any route: every row is on the offer, unassigned, with its tag; none is on a site.
    const before = await api<OfferTagsResponse>(cookie, `/api/offers/${offerId}/tags`);
    expect(before.status).toBe(200);
    expect(before.body.tagDimension).toBe(pc.dimension);
    expect(before.body.tags.every((t) => t.siteId === null && t.placement === "unassigned")).toBe(true);
    expect(before.body.tags.map((t) => t.value).sort()).toEqual([tagA, tagB, pc.direct].sort());
    expect(before.body.totals.commission.map((c) => c.amount)).toEqual([amountOf(reportTotal)]);

    // One call per tag assigns it: its stored rows move at once.
    for (const [value, siteId] of [
      [tagA, "site_uk"],
      [tagB, "site_de"],
    ] as const) {
      const put = await api(cookie, `/api/offers/${offerId}/tags/routes`, json("PUT", { dimension: pc.dimension, value, siteId }));
      expect(put.status).toBe(200);
    }
    const routes = await api<TagRoutesResponse>(cookie, `/api/offers/${offerId}/tags/routes`);
    expect(routes.body.routes.map((r) => [r.value, r.siteId])).toEqual([
      [tagA, "site_uk"],
      [tagB, "site_de"],
    ]);

    const check = async () => {
      const after = await api<OfferTagsResponse>(cookie, `/api/offers/${offerId}/tags`);
      const byValue = new Map(after.body.tags.map((t) => [t.value, t]));
      const a = byValue.get(tagA);
      const b = byValue.get(tagB);
      const d = byValue.get(pc.direct);
      expect(a?.siteId).toBe("site_uk");
      expect(a?.placement).toBe("tag");
      expect(b?.siteId).toBe("site_de");
      expect(d?.siteId).toBeNull();
      expect(d?.placement).toBe("unassigned");
      expect(a?.commission.map((c) => c.amount)).toEqual([amountOf(report[tagA])]);
      expect(b?.commission.map((c) => c.amount)).toEqual([amountOf(report[tagB])]);
      expect(d?.commission.map((c) => c.amount)).toEqual([amountOf(report[directKey])]);
      expect(after.body.totals.commission.map((c) => c.amount)).toEqual([amountOf(reportTotal)]);
      const unassigned = await api<{ tags: { value: string | null; sample: unknown[] }[] }>(
        cookie,
        `/api/offers/${offerId}/tags/unassigned`,
      );
      expect(unassigned.body.tags.map((t) => t.value)).toEqual([pc.direct]);
      expect(unassigned.body.tags[0]?.sample.length).toBeGreaterThan(0);
    };
    await check();

    // Future pulls follow the routes, and an unchanged report writes nothing.
    const again = await sync();
    expect(again.status).toBe("ok");
    expect(again.counts).toMatchObject({ inserted: 0, changed: 0, removed: 0 });
    await check();

    // Test connection shows, per tag found, its rows and where they would go.
    const test = await api<TestConnectionResult>(cookie, `/api/offers/${offerId}/test-connection`, json("POST", {}));
    expect(test.status).toBe(200);
    if (!test.body.ok) throw new Error(`test connection failed: ${test.body.error.message}`);
    expect(test.body.tagDimension).toBe(pc.dimension);
    const preview = new Map(test.body.tags.map((t) => [t.value, t]));
    expect(preview.get(tagA)?.siteId).toBe("site_uk");
    expect(preview.get(tagB)?.siteId).toBe("site_de");
    expect(preview.get(pc.direct)?.placement).toBe("unassigned");
    for (const t of test.body.tags) expect(t.rows).toBeGreaterThan(0);
  });
});

describe("tag routes API", () => {
  it("refuses a dimension the platform does not report and a site the offer is not on, naming the field", async () => {
    await demo();
    const cookie = await login();
    const created = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: `Routes validation ${ulid()}`,
        platform: "cellxpert",
        brand: "One deal",
        trackingUrl: "https://operator.example/track",
        accountCurrency: "USD",
        siteIds: ["site_uk"],
        apiSetup: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "1", apiKey: "k" },
      }),
    );
    const id = created.body.offer.id;
    type Err = { error: { code: string; details?: { fields: { field: string }[] } } };
    const badDim = await api<Err>(
      cookie,
      `/api/offers/${id}/tags/routes`,
      json("PUT", { dimension: "promo", value: "x", siteId: "site_uk" }),
    );
    expect(badDim.status).toBe(400);
    expect(badDim.body.error.details?.fields.map((f) => f.field)).toEqual(["dimension"]);
    const badSite = await api<Err>(
      cookie,
      `/api/offers/${id}/tags/routes`,
      json("PUT", { dimension: "tracking_code", value: "x", siteId: "site_de" }),
    );
    expect(badSite.status).toBe(400);
    expect(badSite.body.error.details?.fields.map((f) => f.field)).toEqual(["siteId"]);
    const missing = await api<Err>(cookie, `/api/offers/${id}/tags/routes`, json("PUT", { dimension: "tracking_code" }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.fields.map((f) => f.field).sort()).toEqual(["siteId", "value"]);
    const del = await api<Err>(cookie, `/api/offers/${id}/tags/routes?dimension=tracking_code&value=nope`, { method: "DELETE" });
    expect(del.status).toBe(404);
  });

  it("deleting a route puts its rows back to unassigned", async () => {
    const seed = await demo();
    const cookie = await login();
    const token = `sites${ulid().toLowerCase()}`;
    const created = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: `Route delete ${token}`,
        platform: "cellxpert",
        brand: "One deal",
        trackingUrl: "https://operator.example/track",
        accountCurrency: "USD",
        siteIds: ["site_uk"],
        apiSetup: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "1", apiKey: token },
      }),
    );
    const id = created.body.offer.id;
    const put = await api(
      cookie,
      `/api/offers/${id}/tags/routes`,
      json("PUT", { dimension: "tracking_code", value: "tc-a", siteId: "site_uk" }),
    );
    expect(put.status).toBe(200);
    const out = await runOfferSync(env, { offerId: id, workspaceId: seed.workspaceId, trigger: "test", from: FROM, to: FROM });
    expect(out.status).toBe("ok");
    const placed = await api<OfferTagsResponse>(cookie, `/api/offers/${id}/tags`);
    expect(placed.body.tags.find((t) => t.value === "tc-a")?.siteId).toBe("site_uk");
    const del = await call(`/api/offers/${id}/tags/routes?dimension=tracking_code&value=tc-a`, { method: "DELETE", headers: { cookie } });
    expect(del.status).toBe(204);
    const after = await api<OfferTagsResponse>(cookie, `/api/offers/${id}/tags`);
    expect(after.body.tags.every((t) => t.siteId === null && t.placement === "unassigned")).toBe(true);
  });
});

describe("offer filters are never ignored", () => {
  it("matches the campaign tag in a connector that does not filter itself (Everflow sub-ids)", async () => {
    const token = `ok${ulid().toLowerCase()}`;
    const o = await makeOffer({
      platform: "everflow",
      secrets: { apiKey: token },
      config: { baseUrl: `${sandbox()}/everflow` },
      campaignTag: everflowClickId(token, 2),
    });
    const out = await sync(o, "2026-11-02", "2026-11-04");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Object.values(r.subIds).includes(everflowClickId(token, 2)))).toBe(true);
  });

  it("refuses a campaign tag on a report with no column to match it, instead of importing every row (MAP)", async () => {
    const o = await makeOffer({
      platform: "map",
      secrets: {
        reportUrl: `${sandbox()}/map/generatemapreports.aspx?ver=3.0&username=aff01&apikey=ok${ulid()}&reportstartdate=01/01/2025&reportenddate=01/31/2025&command=activityreport&format=csv`,
      },
      config: { brandName: "Luckster" },
      campaignTag: "501",
    });
    const out = await sync(o, "2026-11-02", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as { kind?: string }).kind).toBe("config");
    expect(out.error?.message).toMatch(/campaign tag "501"/);
    expect(await activeRows(o)).toEqual([]);
  });

  it("keeps only the configured brand in a connector that does not filter itself (generic)", async () => {
    const o = await makeOffer({
      platform: "generic",
      secrets: { url: `${sandbox()}/generic/report.csv?key=ok${ulid().toLowerCase()}&start={from}&end={to}` },
      config: {
        brandName: "wildz",
        mapping: {
          date: { column: "Date", format: "YYYY-MM-DD" },
          currency: { column: "Currency" },
          counts: { clicks: "Clicks" },
          money: { commissionTotal: "Commission" },
          brand: "Brand",
          clickId: "SubID",
        },
      },
    });
    expect((await sync(o, "2026-11-02", "2026-11-02")).status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.brandNameRaw))).toEqual(new Set(["Wildz"]));
  });

  it("Affilka keeps only the configured promo, and Smartico only rows carrying the configured tag", async () => {
    const af = await makeOffer({
      platform: "affilka",
      secrets: { reportUrl: `${sandbox()}/affilka/api/customer/v1/partner/report?token=sites${ulid().toLowerCase()}` },
      config: { promo: "promo-b" },
    });
    expect((await sync(af, "2026-11-02", "2026-11-03")).status).toBe("ok");
    const afRows = await activeRows(af);
    expect(afRows).toHaveLength(2);
    expect(afRows.every((r) => r.subIds.promo === "promo-b")).toBe(true);

    const sm = await makeOffer({
      platform: "smartico",
      secrets: { apiKey: `sites${ulid().toLowerCase()}` },
      config: { host: `${sandbox()}/smartico` },
      campaignTag: "site-a",
      accountCurrency: "EUR",
    });
    expect((await sync(sm, "2026-11-02", "2026-11-03")).status).toBe("ok");
    const smRows = await activeRows(sm);
    expect(smRows).toHaveLength(2);
    expect(smRows.every((r) => r.subIds.afp1 === "site-a")).toBe(true);
  });
});
