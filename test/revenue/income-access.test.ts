import { describe, expect, it } from "vitest";
import {
  checkReportUrl,
  currencyFromSymbol,
  dayOfPeriod,
  incomeAccess,
  parseIncomeAccessCsv,
  requestUrl,
} from "../../workers/revenue/connectors/income-access";
import { withQueryParams } from "../../workers/revenue/connectors/report-csv";
import { ConnectorError, type ConnectorOffer } from "../../workers/revenue/connectors/types";
import { figures } from "../sandbox/data";
import { activeRows, allRows, makeOffer, sandboxUrl, sync } from "./harness";

const reportUrl = (key: string, extra = "") =>
  `${sandboxUrl()}/income-access/api/affreporting.asp?key=${key}&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7&reportstartdate=2026/01/01&reportenddate=2026/01/31${extra}`;
const offer = (
  key: string,
  opts: { config?: Record<string, unknown>; campaignTag?: string | null; accountCurrency?: string | null; extra?: string } = {},
) =>
  makeOffer({
    platform: "income_access",
    secrets: { reportUrl: reportUrl(key, opts.extra) },
    config: opts.config,
    campaignTag: opts.campaignTag === undefined ? "39356" : opts.campaignTag,
    accountCurrency: opts.accountCurrency ?? null,
  });

async function sandboxLog(key: string): Promise<string[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/income-access/`, { method: "POST" });
  const body = (await res.json()) as { log: { url: string }[] };
  return body.log.map((l) => l.url).filter((u) => u.startsWith("/income-access/") && u.includes(`key=${key}`));
}

const micros = (cents: number) => cents * 10_000;

describe("Income Access connector against its sandbox", () => {
  it("pulls one day per request and imports the offer's site per day and country, money exact", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-05");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(10); // 5 days × 2 countries, site 39356 only (the total row is dropped)
    expect(new Set(rows.map((r) => r.campaignExtId))).toEqual(new Set(["39356"]));
    expect(new Set(rows.map((r) => r.country))).toEqual(new Set(["GB", "CA"]));
    const r = rows.find((x) => x.reportDate === "2026-11-03" && x.country === "GB");
    const f = figures("normal-1|7|39356|GB", "2026-11-03");
    expect(r).toMatchObject({
      brandExtId: "7",
      brandNameRaw: "Betano",
      campaignNameRaw: "casino-reviews.example",
      currency: "EUR",
      currencyOrigin: "api_field",
      clicks: f.visits,
      registrations: f.registrations,
      ftdCount: f.ftds,
      qftdCount: f.qualified,
      depositsMicros: micros(f.depositsCents),
      ngrMicros: micros(f.ngrCents),
      commissionCpaMicros: micros(f.fixedPerPlayerCents),
      commissionTotalMicros: micros(f.partnerIncomeCents),
      granularity: "day",
    });
    expect(r?.metricSemantics?.registrations).toContain("downloads");
    // The pasted URL is kept byte for byte; only the two dates change, to YYYY/MM/DD.
    const log = await sandboxLog("normal-1");
    expect(log).toHaveLength(5);
    expect(log[0]).toContain("reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7");
    expect(log[0]).toContain("reportstartdate=2026/11/01&reportenddate=2026/11/01");
    expect(log[0]).not.toContain("reportdisplayby");
  });

  it("display_by_date mode makes one request with reportdisplayby=Date and yields the same rows", async () => {
    const perDay = await offer("same-1", { campaignTag: null });
    const byDate = await offer("same-1", { campaignTag: null, config: { dailyRows: "display_by_date" } });
    await sync(perDay, "2026-11-01", "2026-11-04");
    await sync(byDate, "2026-11-01", "2026-11-04");
    const strip = (rows: Awaited<ReturnType<typeof activeRows>>) =>
      rows
        .map((r) => [r.reportDate, r.campaignExtId, r.country, r.clicks, r.commissionTotalMicros])
        .sort((a, b) => String(a).localeCompare(String(b)));
    const a = await activeRows(perDay);
    expect(a).toHaveLength(16); // 4 days × 2 sites × 2 countries
    expect(strip(await activeRows(byDate))).toEqual(strip(a));
    const log = await sandboxLog("same-1");
    expect(log.filter((u) => u.includes("reportdisplayby=Date"))).toHaveLength(1);
  });

  it('imports nothing from a "No Records" report', async () => {
    const o = await offer("empty-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect(await activeRows(o)).toHaveLength(0);
  });

  it.each([
    ["bad-1", "auth", 401, /refused/],
    ["forbidden-1", "auth", 403, /refused/],
    ["error200-1", "auth", 200, /Invalid Key/],
    ["ipblock-1", "ip_not_allowed", 200, /not whitelisted/],
    ["reporterror-1", "platform_error", 200, /could not be generated/],
    ["down-1", "server", 500, /500/],
    ["malformed-1", "malformed", 200, /column "clicks" is not a count: "1x2"/],
    ["garbage-1", "malformed", 200, /rowid/],
    ["slow-1", "timeout", null, /no answer/],
  ])("says why %s failed (%s) in words the user can act on", async (key, kind, _status, message) => {
    // Kind, HTTP status, nothing stored and redaction are the connector contract (contract.test.ts).
    const out = await sync(await offer(key), "2026-11-01", "2026-11-02");
    expect((out.error as { kind?: string }).kind).toBe(kind);
    expect(out.error?.message).toMatch(message);
  });

  it("keeps a window atomic when a later day's request fails, and finished windows stored (partial)", async () => {
    const inWindow = await offer("partial-1");
    const a = await sync(inWindow, "2026-11-01", "2026-11-03"); // request 2 of the only window fails
    expect(a.status).toBe("failed");
    expect(await allRows(inWindow)).toHaveLength(0);

    const across = await offer("partial-2");
    const b = await sync(across, "2026-10-31", "2026-11-01"); // windows Oct 31 | Nov 1; the second fails
    expect(b.status).toBe("partial");
    expect((await activeRows(across)).map((r) => r.reportDate)).toEqual(["2026-10-31", "2026-10-31"]);
  });

  it('needs the account currency when the report says only "$"', async () => {
    const without = await offer("dollar-1");
    const out = await sync(without, "2026-11-01", "2026-11-01");
    expect((out.error as { kind?: string }).kind).toBe("config");
    const withCurrency = await offer("dollar-2", { accountCurrency: "CAD" });
    expect((await sync(withCurrency, "2026-11-01", "2026-11-01")).status).toBe("ok");
    expect((await activeRows(withCurrency))[0]).toMatchObject({ currency: "CAD", currencyOrigin: "account_default" });
  });

  it("refuses URLs that cannot give the report", async () => {
    for (const [url, message] of [
      [`${sandboxUrl()}/income-access/api/affreporting.asp?reportname=Member%20Report%20-%20Detailed&reportformat=csv`, /no key/],
      [reportUrl("k-xml").replace("reportformat=csv", "reportformat=xml"), /reportformat=xml/],
      [reportUrl("k-acid").replace("Member%20Report%20-%20Detailed", "ACIDReport"), /ACIDReport/],
    ] as const) {
      const o = await makeOffer({ platform: "income_access", secrets: { reportUrl: url } });
      const out = await sync(o, "2026-11-01", "2026-11-01");
      expect((out.error as { kind?: string }).kind).toBe("config");
      expect(out.error?.message).toMatch(message);
    }
  });
});

const unitOffer = (over: Partial<ConnectorOffer> = {}): ConnectorOffer => ({
  id: "of_unit",
  platform: "income_access",
  brand: "Betano",
  campaignTag: null,
  platformTimezone: "UTC",
  accountCurrency: null,
  config: {},
  secrets: {
    reportUrl:
      "https://affiliates.betano.com/api/affreporting.asp?apipassword=s3cret-pw&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7&reportstartdate=2025/01/01&reportenddate=2025/01/31",
  },
  ...over,
});

const HEADER =
  '"rowid","currencysymbol","totalrecords","period","merchantname","memberid","username","country","memberid","siteid","sitename","impressions","clicks","downloads","firstdepositcount","purchaccountcount","cpacommissioncount","purchases","grossrevenue","revsharecommission","totalcpacommission","totalcommission"';
const line = (cells: (string | number)[]) => cells.map((c) => `"${c}"`).join(",");
const dataRow = (site: string, country: string, clicks: string | number = 10, symbol = "€", rowid = 1) =>
  line([
    rowid,
    symbol,
    3,
    "2025/01/05",
    "Betano",
    1,
    "aff",
    country,
    1,
    site,
    `site ${site}`,
    100,
    clicks,
    5,
    2,
    3,
    1,
    "1,250.50",
    "-20.1234",
    "10.00",
    "100.00",
    "110.00",
  ]);

describe("Income Access window builder and CSV parser", () => {
  it("splits into calendar-month windows of at most 31 days", () => {
    expect(incomeAccess.windows("2026-01-15", "2026-03-02")).toEqual([
      { from: "2026-01-15", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-03-02" },
    ]);
    expect(incomeAccess.windows("2026-11-05", "2026-11-05")).toEqual([{ from: "2026-11-05", to: "2026-11-05" }]);
  });

  it("rewrites only the date parameters (any case), keeping the rest of the URL as generated", () => {
    const o = unitOffer();
    const url = requestUrl(o, "2025-02-03", "2025-02-03");
    expect(url).toBe(
      "https://affiliates.betano.com/api/affreporting.asp?apipassword=s3cret-pw&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7&reportstartdate=2025/02/03&reportenddate=2025/02/03",
    );
    expect(
      withQueryParams("https://h/a.asp?ReportStartDate=x&k=1#frag", { reportstartdate: "2025/01/01", reportenddate: "2025/01/02" }),
    ).toBe("https://h/a.asp?ReportStartDate=2025/01/01&k=1&reportenddate=2025/01/02");
    const byDate = requestUrl(unitOffer({ config: { dailyRows: "display_by_date" } }), "2025-02-01", "2025-02-28");
    expect(byDate).toContain("reportdisplayby=Date");
    const siteDate = unitOffer({ config: { dailyRows: "display_by_date" } });
    siteDate.secrets.reportUrl = `${siteDate.secrets.reportUrl}&reportdisplayby=Site%2CDate`;
    expect(requestUrl(siteDate, "2025-02-01", "2025-02-28")).toContain("reportdisplayby=Site%2CDate");
    expect(requestUrl(siteDate, "2025-02-01", "2025-02-28")).not.toContain("reportdisplayby=Date");
  });

  it("treats key and apipassword as the secret", () => {
    expect(checkReportUrl(unitOffer()).key).toBe("s3cret-pw");
    expect(incomeAccess.secretsOf(unitOffer())).toEqual(["s3cret-pw"]);
  });

  it("skips the preamble, drops the total row, reads the first memberid and parses money exactly", () => {
    const csv = [
      "Member Report - Detailed",
      'Note: "quoted", with commas',
      "",
      HEADER,
      dataRow("1", "GB"),
      dataRow("2", "GB"),
      dataRow("", "", 20, "€", 2),
    ].join("\r\n");
    const rows = parseIncomeAccessCsv(csv, unitOffer(), { from: "2025-01-05", to: "2025-01-05" }, "2025-01-05");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      reportDate: "2025-01-05",
      brandExtId: "7",
      campaignExtId: "1",
      country: "GB",
      currency: "EUR",
      depositsMicros: 1_250_500_000,
      ngrMicros: -20_123_400,
      commissionTotalMicros: 110_000_000,
      clickId: null,
    });
  });

  it("sums rows that share a natural key", () => {
    const csv = [HEADER, dataRow("1", "Great Britain"), dataRow("1", "Canada")].join("\n");
    const rows = parseIncomeAccessCsv(csv, unitOffer(), { from: "2025-01-05", to: "2025-01-05" }, "2025-01-05");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ country: null, clicks: 20, depositsMicros: 2_501_000_000 });
    expect(Array.isArray(rows[0]?.raw)).toBe(true);
  });

  it("reads No Records as empty, and error text as the right error kind", () => {
    const o = unitOffer();
    const w = { from: "2025-01-05", to: "2025-01-05" };
    expect(parseIncomeAccessCsv("Member Report - Detailed\r\n\r\nNo Records\r\n", o, w, w.from)).toEqual([]);
    const kind = (text: string) => {
      try {
        parseIncomeAccessCsv(text, o, w, w.from);
        return "none";
      } catch (e) {
        return (e as ConnectorError).kind;
      }
    };
    expect(kind("Invalid Key")).toBe("auth");
    expect(kind("<html><body>Your IP is not on the whitelist</body></html>")).toBe("ip_not_allowed");
    expect(kind("<html><body>Service temporarily unavailable</body></html>")).toBe("platform_error");
    expect(kind([HEADER, dataRow("1", "GB", 5, "€", 3)].join("\n"))).toBe("malformed");
    expect(kind([HEADER, '"1","€"'].join("\n"))).toBe("malformed");
    expect(kind([HEADER, dataRow("1", "GB", "12.5")].join("\n"))).toBe("malformed");
    expect(() => parseIncomeAccessCsv([HEADER, dataRow("1", "GB", "-3")].join("\n"), o, w, w.from)).toThrow(
      /column "clicks" is not a count/,
    );
  });

  it("takes the day from `period` in display_by_date mode and refuses a multi-day period", () => {
    const o = unitOffer({ config: { dailyRows: "display_by_date" } });
    const w = { from: "2025-01-01", to: "2025-01-31" };
    expect(parseIncomeAccessCsv([HEADER, dataRow("1", "GB")].join("\n"), o, w, null)[0]?.reportDate).toBe("2025-01-05");
    const ranged = [HEADER, dataRow("1", "GB").replace("2025/01/05", "2025/01/01 - 2025/01/31")].join("\n");
    expect(() => parseIncomeAccessCsv(ranged, o, w, null)).toThrow(/not one day/);
    expect(dayOfPeriod("2025/1/5")).toBe("2025-01-05");
    expect(dayOfPeriod("2025/01/05 - 2025/01/05")).toBe("2025-01-05");
    expect(dayOfPeriod("January 2025")).toBeNull();
  });

  it("maps currency symbols, entities and codes; $ is ambiguous", () => {
    expect(currencyFromSymbol("€")).toBe("EUR");
    expect(currencyFromSymbol("&euro;")).toBe("EUR");
    expect(currencyFromSymbol("&#163;")).toBe("GBP");
    expect(currencyFromSymbol("usd")).toBe("USD");
    expect(currencyFromSymbol("R$")).toBe("BRL");
    expect(currencyFromSymbol("$")).toBeNull();
    expect(currencyFromSymbol("kr")).toBeNull();
  });

  it("takes a click id from a sub-id column but never an unreplaced macro", () => {
    const header = `${HEADER},"c"`;
    const w = { from: "2025-01-05", to: "2025-01-05" };
    const rows = parseIncomeAccessCsv(
      [header, `${dataRow("1", "GB")},"cf_01ABC"`, `${dataRow("1", "CA")},"{clickid}"`].join("\n"),
      unitOffer(),
      w,
      w.from,
    );
    expect(rows.map((r) => r.clickId)).toEqual(["cf_01ABC", null]);
    expect(rows[1]?.subIds).toEqual({ c: "{clickid}" });
  });

  it("lets config.columns remap a figure", () => {
    const o = unitOffer({ config: { columns: { registrations: "firstdepositcount" } } });
    const w = { from: "2025-01-05", to: "2025-01-05" };
    expect(parseIncomeAccessCsv([HEADER, dataRow("1", "GB")].join("\n"), o, w, w.from)[0]?.registrations).toBe(2);
    expect(() =>
      parseIncomeAccessCsv([HEADER, dataRow("1", "GB")].join("\n"), unitOffer({ config: { columns: { nope: "x" } } }), w, w.from),
    ).toThrow(ConnectorError);
  });
});
