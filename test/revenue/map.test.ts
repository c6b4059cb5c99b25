import { describe, expect, it } from "vitest";
import { currencyOfCell, MAP_COLUMNS, map, mapRequestUrl, parseMapCsv } from "../../workers/revenue/connectors/map";
import { normalizeHeader, resolveColumns } from "../../workers/revenue/connectors/report-csv";
import { ConnectorError, type ConnectorOffer } from "../../workers/revenue/connectors/types";
import { figures } from "../sandbox/data";
import { activeRows, allRows, makeOffer, sandboxUrl, sync } from "./harness";

const reportUrl = (key: string) =>
  `${sandboxUrl()}/map/generatemapreports.aspx?ver=3.0&username=aff01&apikey=${key}&reportstartdate=01/01/2025&reportenddate=01/31/2025&command=activityreport&format=csv`;
const offer = (key: string, config: Record<string, unknown> = { brandName: "Luckster" }) =>
  makeOffer({ platform: "map", secrets: { reportUrl: reportUrl(key) }, config });

async function sandboxLog(key: string): Promise<string[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/map/`, { method: "POST" });
  const body = (await res.json()) as { log: { url: string }[] };
  return body.log.map((l) => l.url).filter((u) => u.startsWith("/map/") && u.includes(`apikey=${key}&`));
}

describe("MAP connector against its sandbox", () => {
  it("asks per day when the report has no date column, and imports the offer's brand exactly", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.map((r) => r.reportDate)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    const f = figures("normal-1|Luckster", "2026-11-02");
    expect(rows[1]).toMatchObject({
      brandNameRaw: "Luckster",
      currency: "GBP",
      currencyOrigin: "api_field",
      impressions: f.visits * 9,
      clicks: f.visits,
      registrations: f.registrations,
      ftdCount: f.ftds,
      depositsMicros: f.depositsCents * 10_000,
      ngrMicros: f.ngrCents * 10_000,
      commissionRevshareMicros: (f.partnerIncomeCents - f.fixedPerPlayerCents) * 10_000,
      commissionTotalMicros: (f.partnerIncomeCents - f.fixedPerPlayerCents) * 10_000,
    });
    expect(rows[1]?.metricSemantics?.commissionTotalMicros).toMatch(/sum of the MAP commission columns/);
    const log = await sandboxLog("normal-1");
    expect(log).toHaveLength(4); // the window once (no date column), then each day
    expect(log[0]).toContain("reportstartdate=11/01/2026&reportenddate=11/03/2026&command=activityreport&format=csv");
    expect(log[1]).toContain("reportstartdate=11/01/2026&reportenddate=11/01/2026");
  });

  it("uses a Date column when the report has one: one request per window", async () => {
    const o = await offer("daily-1", {});
    const out = await sync(o, "2026-11-01", "2026-11-04");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(8); // 4 days × 2 brands, the Total row dropped
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(["GBP", "EUR"]));
    expect(await sandboxLog("daily-1")).toHaveLength(1);
  });

  it("perDayRequests: true always asks per day; false refuses an undated report", async () => {
    const always = await offer("daily-2", { perDayRequests: true });
    await sync(always, "2026-11-01", "2026-11-03");
    expect(await sandboxLog("daily-2")).toHaveLength(3);
    expect(await activeRows(always)).toHaveLength(6);
    const never = await offer("never-1", { perDayRequests: false });
    const out = await sync(never, "2026-11-01", "2026-11-03");
    expect((out.error as { kind?: string }).kind).toBe("missing_columns");
    expect(out.error?.message).toMatch(/no per-day date column/);
  });

  it.each([
    ["bad-1", "auth", 401, /refused/],
    ["error200-1", "auth", 200, /Invalid username or API key/],
    ["login-1", "auth", 200, /refused/],
    ["reporterror-1", "platform_error", 200, /error occurred while generating/],
    ["down-1", "server", 500, /500/],
    ["malformed-1", "malformed", 200, /column "Clicks" is not a count: "n\/a"/],
    ["slow-1", "timeout", null, /no answer/],
  ])("says why %s failed (%s) in words the user can act on", async (key, kind, _status, message) => {
    // Kind, HTTP status, nothing stored and redaction are the connector contract (contract.test.ts).
    const out = await sync(await offer(key), "2026-11-01", "2026-11-02");
    expect((out.error as { kind?: string }).kind).toBe(kind);
    expect(out.error?.message).toMatch(message);
  });

  it("keeps a window atomic when a day request fails, and finished windows stored (partial)", async () => {
    const inWindow = await offer("partial-1");
    expect((await sync(inWindow, "2026-11-01", "2026-11-03")).status).toBe("failed");
    expect(await allRows(inWindow)).toHaveLength(0);
    const across = await offer("partial-2");
    const out = await sync(across, "2026-10-31", "2026-11-01"); // windows Oct 31 | Nov 1; the second fails
    expect(out.status).toBe("partial");
    expect((await activeRows(across)).map((r) => r.reportDate)).toEqual(["2026-10-31"]);
  });

  it("refuses URLs without command=activityreport, format=csv or credentials", async () => {
    for (const [url, message] of [
      [reportUrl("k1").replace("&command=activityreport", ""), /no command parameter/],
      [reportUrl("k2").replace("command=activityreport", "command=salesreport"), /command=salesreport/],
      [reportUrl("k3").replace("&format=csv", ""), /no format parameter/],
      [reportUrl("k4").replace("format=csv", "format=xls"), /format=xls/],
      [reportUrl("k5").replace("apikey=k5&", ""), /apikey/],
    ] as const) {
      const o = await makeOffer({ platform: "map", secrets: { reportUrl: url } });
      const out = await sync(o, "2026-11-01", "2026-11-01");
      expect((out.error as { kind?: string }).kind).toBe("config");
      expect(out.error?.message).toMatch(message);
    }
  });
});

const unitOffer = (config: Record<string, unknown> = {}, accountCurrency: string | null = null): ConnectorOffer => ({
  id: "of_unit",
  platform: "map",
  brand: "Luckster",
  campaignTag: null,
  platformTimezone: "UTC",
  accountCurrency,
  config,
  secrets: {
    reportUrl:
      "https://partners.affiliatesdiv.com/generatemapreports.aspx?ver=3.0&username=u&apikey=topsecret&reportstartdate=01/01/2025&reportenddate=01/31/2025&command=activityreport&format=csv",
  },
});
const day = { from: "2025-01-05", to: "2025-01-05" };

describe("MAP window builder and CSV parser", () => {
  it("splits into calendar-month windows", () => {
    expect(map.windows("2026-01-30", "2026-02-02")).toEqual([
      { from: "2026-01-30", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-02-02" },
    ]);
  });

  it("writes MM/DD/YYYY into the two date parameters only", () => {
    expect(mapRequestUrl(unitOffer(), "2025-02-03", "2025-02-28")).toBe(
      "https://partners.affiliatesdiv.com/generatemapreports.aspx?ver=3.0&username=u&apikey=topsecret&reportstartdate=02/03/2025&reportenddate=02/28/2025&command=activityreport&format=csv",
    );
    expect(map.secretsOf(unitOffer())).toEqual(["topsecret"]);
  });

  it("matches headers flexibly and derives the total commission from its parts", () => {
    const csv = [
      '"Brand Name","Total Impressions","Clicks","Unique Clicks","Sign Ups","FTDs","First Deposit Amount","Total Deposits","NGR","Revenue Commission","CPA Commission","Currency"',
      '"Luckster","1,200","300","250","12","4","400.00","1,234.56","-50.5","10.10","100.00","USD($)"',
    ].join("\n");
    const [row] = parseMapCsv(csv, unitOffer(), day, day.from).rows;
    expect(row).toMatchObject({
      brandNameRaw: "Luckster",
      impressions: 1200,
      clicks: 300,
      registrations: 12,
      ftdCount: 4,
      ftdAmountMicros: 400_000_000,
      depositsMicros: 1_234_560_000,
      ngrMicros: -50_500_000,
      commissionRevshareMicros: 10_100_000,
      commissionCpaMicros: 100_000_000,
      commissionTotalMicros: 110_100_000,
      currency: "USD",
    });
  });

  it("lets config.columns name a column and rejects unknown fields or missing columns", () => {
    const csv = ["Brand,Hits,Players,Currency", "Luckster,10,3,EUR"].join("\n");
    expect(parseMapCsv(csv, unitOffer({ columns: { registrations: "Players" } }), day, day.from).rows[0]?.registrations).toBe(3);
    expect(() => parseMapCsv(csv, unitOffer({ columns: { players: "Players" } }), day, day.from)).toThrow(/unknown field "players"/);
    expect(() => parseMapCsv(csv, unitOffer({ columns: { registrations: "Signups" } }), day, day.from)).toThrow(/no column "Signups"/);
    const headers = ["Date", "Brand", "Click ID", "Clicks", "First Deposits", "Deposits"];
    const cols = resolveColumns(headers, MAP_COLUMNS, undefined, "MAP");
    expect([cols.get("clickId"), cols.get("clicks"), cols.get("ftdCount"), cols.get("depositsMicros")]).toEqual([2, 3, 4, 5]);
    expect(normalizeHeader("Reg. Count")).toBe("reg count");
    expect(normalizeHeader("ftdCount")).toBe("ftd count");
  });

  it("sums rows of one brand and day, skips the Total row, and refuses ambiguous numbers", () => {
    const csv = ["Brand,Clicks,Deposits,Currency", "Luckster,10,5.00,GBP(£)", "Luckster,7,2.50,GBP(£)", "Total,17,7.50,"].join("\n");
    const rows = parseMapCsv(csv, unitOffer(), day, day.from).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ clicks: 17, depositsMicros: 7_500_000 });
    expect(() => parseMapCsv('Brand,Deposits,Currency\nLuckster,"1.234,56",EUR', unitOffer(), day, day.from)).toThrow(
      /column "Deposits" is not a decimal amount: "1.234,56"/,
    );
    expect(() => parseMapCsv("Brand,Clicks,Currency\nLuckster,12.5,EUR", unitOffer(), day, day.from)).toThrow(ConnectorError);
  });

  it("skips another brand's rows before reading their currency: a brand the offer does not track never fails its pull", () => {
    // Luckster's row is fine; Other Casino's names no currency, and the offer has no account currency.
    const csv = ["Brand,Clicks,Deposits,Currency", "Luckster,4,5.00,EUR", "Other Casino,9,3.00,"].join("\n");
    const rows = parseMapCsv(csv, unitOffer({ brandName: "Luckster" }), day, day.from).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ brandNameRaw: "Luckster", clicks: 4, depositsMicros: 5_000_000, currency: "EUR" });
    // Without the brand filter the same report is refused, with the reason: nothing is guessed.
    expect(() => parseMapCsv(csv, unitOffer(), day, day.from)).toThrow(/account currency/);
  });

  it("reads currency cells, else the account currency, else asks for it", () => {
    expect(currencyOfCell("GBP(£)")).toBe("GBP");
    expect(currencyOfCell("EUR (€)")).toBe("EUR");
    expect(currencyOfCell("€")).toBe("EUR");
    expect(currencyOfCell("$")).toBeNull();
    const csv = "Brand,Clicks\nLuckster,3";
    expect(parseMapCsv(csv, unitOffer({}, "SEK"), day, day.from).rows[0]).toMatchObject({
      currency: "SEK",
      currencyOrigin: "account_default",
    });
    expect(() => parseMapCsv(csv, unitOffer(), day, day.from)).toThrow(/account currency/);
  });

  it("counts rows without a day as undated when the request covered a window", () => {
    const w = { from: "2025-01-01", to: "2025-01-31" };
    expect(parseMapCsv("Brand,Clicks,Currency\nLuckster,3,EUR", unitOffer(), w, null)).toMatchObject({ rows: [], undated: 1 });
    expect(parseMapCsv("Date,Brand,Clicks,Currency\n01/07/2025,Luckster,3,EUR", unitOffer(), w, null).rows[0]?.reportDate).toBe(
      "2025-01-07",
    );
    expect(() => parseMapCsv("Date,Brand,Clicks,Currency\n02/07/2025,Luckster,3,EUR", unitOffer(), w, null)).toThrow(/outside/);
  });

  it("takes a click id from a sub-id column, never an unreplaced macro", () => {
    const csv = ["Brand,SubID,Clicks,Currency", "Luckster,cf_123,3,EUR", "Luckster,{subid},4,EUR"].join("\n");
    const rows = parseMapCsv(csv, unitOffer(), day, day.from).rows;
    expect(rows.map((r) => r.clickId)).toEqual(["cf_123", null]);
    expect(rows[1]?.subIds).toEqual({ SubID: "{subid}" });
  });

  it("classifies error bodies", () => {
    const kind = (text: string) => {
      try {
        parseMapCsv(text, unitOffer(), day, day.from);
        return "none";
      } catch (e) {
        return (e as ConnectorError).kind;
      }
    };
    expect(kind("Invalid username or API key.")).toBe("auth");
    expect(kind('<html><form action="Login.aspx"><input type="password"></form></html>')).toBe("auth");
    expect(kind("Error: report unavailable")).toBe("platform_error");
    expect(kind("")).toBe("none");
  });
});
