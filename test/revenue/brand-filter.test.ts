/**
 * The brand filter of API Setup, on every platform whose setup has one: with it set, the import keeps
 * that brand's rows only, whatever the platform's report layout (another brand's revenue must never be
 * booked on the offer), and a report that cannot say which brand a row is refuses the pull by name
 * instead of importing every brand. Through Test connection, which runs the sync's row pipeline.
 */
import { describe, expect, inject, it } from "vitest";
import type { PlatformId } from "../../shared/platforms";
import type { TestConnectionResult } from "../../shared/report-types";
import { api, signUp } from "../helpers";
import { GENERIC_CSV_MAPPING } from "../sandbox/platforms/generic";

const sb = () => String(inject("sandboxUrl"));
const tok = () => `brand${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

interface BrandCase {
  name: string;
  platform: PlatformId;
  accountCurrency: string | null;
  /** The setup without the brand filter (an account reporting several brands where the sandbox has them). */
  setup: () => Record<string, unknown>;
  /** The brand filter's key and value, and the brand the kept rows show. */
  filter: [string, string];
  shown: string;
  /** The account reports several brands (so the unfiltered pull shows more than one). */
  several: boolean;
}

const CASES: BrandCase[] = [
  {
    name: "affilka",
    platform: "affilka",
    accountCurrency: "EUR",
    setup: () => ({ reportUrl: `${sb()}/affilka/api/customer/v1/partner/report?token=${tok()}` }),
    filter: ["brandId", "14"],
    shown: "Wildz",
    several: true,
  },
  {
    name: "cellxpert",
    platform: "cellxpert",
    accountCurrency: "USD",
    setup: () => ({ baseUrl: `${sb()}/cellxpert`, affiliateId: "35614", apiKey: tok() }),
    filter: ["brand", "bb"],
    shown: "bb",
    several: false,
  },
  {
    name: "smartico (default grouping)",
    platform: "smartico",
    accountCurrency: "EUR",
    setup: () => ({ host: `${sb()}/smartico`, apiKey: tok() }),
    filter: ["brandId", "102"],
    shown: "LuckyDays",
    several: true,
  },
  {
    name: "smartico (grouping without brand_id)",
    platform: "smartico",
    accountCurrency: "EUR",
    setup: () => ({ host: `${sb()}/smartico`, apiKey: tok(), groupBy: "afp" }),
    filter: ["brandId", "102"],
    shown: "LuckyDays",
    several: false,
  },
  {
    name: "netrefer",
    platform: "netrefer",
    accountCurrency: null,
    setup: () => ({
      tokenUrl: `${sb()}/netrefer/tenant-123/oauth2/v2.0/token`,
      clientId: "nr-client",
      clientSecret: "nr-secret",
      username: tok(),
      password: "nr-password",
      host: `${sb()}/netrefer`,
      affiliateId: "4242",
    }),
    filter: ["brandId", "b2"],
    shown: "Maria Casino",
    several: true,
  },
  {
    name: "map",
    platform: "map",
    accountCurrency: null,
    setup: () => ({
      reportUrl: `${sb()}/map/generatemapreports.aspx?ver=3.0&username=aff01&apikey=daily${tok()}&reportstartdate=01/01/2025&reportenddate=01/31/2025&command=activityreport&format=csv`,
    }),
    filter: ["brandName", "Casino Joy"],
    shown: "Casino Joy",
    several: true,
  },
  {
    name: "generic",
    platform: "generic",
    accountCurrency: null,
    setup: () => ({
      url: `${sb()}/generic/report.csv?key=${tok()}&start={from}&end={to}`,
      mapping: {
        ...GENERIC_CSV_MAPPING,
      },
    }),
    filter: ["brandName", "Wildz"],
    shown: "Wildz",
    several: true,
  },
];

const testConnection = (cookie: string, c: BrandCase, apiSetup: Record<string, unknown>) =>
  api<TestConnectionResult>(cookie, "/api/offers/test-connection", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ platform: c.platform, accountCurrency: c.accountCurrency, apiSetup: { ...apiSetup, timeoutMs: 5000 } }),
  });

describe.each(CASES)("brand filter on $name", (c) => {
  it("imports only the chosen brand's rows", async () => {
    const { cookie } = await signUp();
    const setup = c.setup();
    if (c.several) {
      const wide = await testConnection(cookie, c, setup);
      expect(wide.status).toBe(200);
      if (!wide.body.ok) throw new Error(`test connection failed: ${wide.body.error.message}`);
      expect(new Set(wide.body.rows.map((r) => r.brand)).size).toBeGreaterThan(1);
    }
    const narrow = await testConnection(cookie, c, { ...setup, [c.filter[0]]: c.filter[1] });
    expect(narrow.status).toBe(200);
    if (!narrow.body.ok) throw new Error(`test connection failed: ${narrow.body.error.message}`);
    expect(narrow.body.rowCount).toBeGreaterThan(0);
    expect([...new Set(narrow.body.rows.map((r) => r.brand))]).toEqual([c.shown]);
    expect(narrow.body.note).toBeNull();
  });
});

describe("brand filter on a report without a brand column", () => {
  it("refuses the pull, naming the brand, instead of importing every brand", async () => {
    const { cookie } = await signUp();
    const c = CASES.find((x) => x.platform === "generic") as BrandCase;
    const setup = c.setup() as { mapping: Record<string, unknown> };
    const { brand: _brand, ...mapping } = setup.mapping;
    const res = await testConnection(cookie, c, { ...setup, mapping, brandName: "Wildz" });
    expect(res.status).toBe(200);
    if (res.body.ok) throw new Error("a brand filter on a report without brands was not refused");
    expect(res.body.error.message).toMatch(/brand "Wildz"/);
  });
});
