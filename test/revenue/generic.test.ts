import { describe, expect, it } from "vitest";
import { cleanClickId, parseDateWith } from "../../workers/revenue/connectors/fields";
import { generic, parseGeneric, validateGenericConfig } from "../../workers/revenue/connectors/generic";
import { ConnectorError, type ConnectorOffer } from "../../workers/revenue/connectors/types";
import { GENERIC_CSV_MAPPING } from "../sandbox/platforms/generic";
import { activeRows, makeOffer, sandboxUrl, sync } from "./harness";

/** The CSV report: key in the URL, dates as {from}/{to} placeholders, decimal money. */
const csvMapping = { ...GENERIC_CSV_MAPPING, clickId: "SubID" };
const csvOffer = (token: string, mapping: Record<string, unknown> = csvMapping) =>
  makeOffer({
    platform: "generic",
    secrets: { url: `${sandboxUrl()}/generic/report.csv?key=${token}&start={from}&end={to}` },
    config: { mapping },
  });

/** The JSON report: header auth, nested array, DD/MM/YYYY dates, commission in cents. */
const jsonOffer = (token: string) =>
  makeOffer({
    platform: "generic",
    secrets: { url: `${sandboxUrl()}/generic/report.json`, headerValue: token },
    config: {
      format: "json",
      arrayPath: "result.rows",
      authHeader: "X-Api-Key",
      fromParam: "from",
      toParam: "to",
      urlDateFormat: "DD/MM/YYYY",
      mapping: {
        date: { column: "Date", format: "DD/MM/YYYY" },
        currency: { fixed: "EUR" },
        counts: { clicks: "Clicks", registrations: "Signups", ftdCount: "FTDs" },
        money: { deposits: "Deposits", commissionTotal: { column: "Commission", minorUnits: true } },
        brand: "Brand",
        clickId: "SubID",
      },
    },
  });

describe("generic connector against its sandbox", () => {
  it("imports a CSV report: one row per day, brand and sub-id; money exact; macros never become click ids", async () => {
    const o = await csvOffer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(3 * 2 * 3);
    expect(rows.every((r) => r.currency === "EUR" && r.currencyOrigin === "api_field")).toBe(true);
    expect(new Set(rows.map((r) => r.clickId))).toEqual(new Set(["gq1abc01hzz0000000000000000001aa", null]));
    const macro = rows.find((r) => r.subIds.SubID === "{clickid}");
    expect(macro?.clickId).toBeNull();
    for (const r of rows) {
      expect(Number.isInteger(r.depositsMicros)).toBe(true);
      expect((r.depositsMicros ?? 1) % 10_000).toBe(0);
    }
  });

  it("imports a JSON report with header auth, nested rows, DD/MM/YYYY dates and minor-unit money", async () => {
    const o = await jsonOffer("normal-json-1");
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(2 * 2 * 3);
    expect(rows[0]?.reportDate).toBe("2026-11-01");
    expect(rows.every((r) => r.currencyOrigin === "account_default" || r.currency === "EUR")).toBe(true);
    for (const r of rows) {
      expect(r.commissionTotalMicros).toBeTypeOf("number");
      expect((r.commissionTotalMicros as number) % 10_000).toBe(0);
    }
  });

  it("gives the same figures from CSV decimals and JSON cents for the same data", async () => {
    const a = parseGeneric(
      'Date,Brand,Commission,Currency\r\n2026-11-01,X,"1,234.56",EUR\r\n',
      "text/csv",
      validateGenericConfig(
        { mapping: { date: { column: "Date" }, currency: { column: "Currency" }, money: { commissionTotal: "Commission" } } },
        null,
      ),
      offerStub(),
      null,
    );
    const b = parseGeneric(
      '[{"Date":"2026-11-01","Brand":"X","Commission":123456}]',
      "application/json",
      validateGenericConfig(
        {
          mapping: {
            date: { column: "Date" },
            currency: { fixed: "EUR" },
            money: { commissionTotal: { column: "Commission", minorUnits: true } },
          },
        },
        null,
      ),
      offerStub(),
      null,
    );
    expect(a[0]?.commissionTotalMicros).toBe(1_234_560_000);
    expect(b[0]?.commissionTotalMicros).toBe(1_234_560_000);
  });

  it("imports nothing from an empty report (header only) and still checks its columns", async () => {
    const o = await csvOffer("empty-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect(await activeRows(o)).toHaveLength(0);
  });

  it("names the mapped columns the report lacks, as Test connection shows it", async () => {
    const o = await csvOffer("renamed-1", { ...csvMapping, counts: { ...csvMapping.counts, qftdCount: "QFTDs" } });
    const out = await sync(o, "2026-11-01", "2026-11-01");
    expect(out.status).toBe("failed");
    expect((out.error as ConnectorError).kind).toBe("missing_columns");
    expect(out.error?.message).toContain('"Signups", "QFTDs"');
    expect(out.error?.message).toContain("columns found: Date, Brand, SubID, Clicks, Regs");
  });

  it("rejects an invalid mapping before any request, naming each problem", () => {
    const bad = () =>
      validateGenericConfig({ mapping: { date: { column: "" }, money: { deposits: "Deposits" }, counts: { visits: "Clicks" } } }, null);
    expect(bad).toThrow(ConnectorError);
    try {
      bad();
    } catch (err) {
      expect((err as ConnectorError).kind).toBe("config");
      expect((err as Error).message).toContain("mapping.date.column");
      expect((err as Error).message).toContain("mapping.counts");
    }
    expect(() => validateGenericConfig({ mapping: { date: { column: "Date" }, counts: { clicks: "C" }, visits: "V" } }, null)).toThrow(
      /visits/,
    );
    expect(() => validateGenericConfig({ mapping: { date: { column: "Date" }, money: { deposits: "Deposits" } } }, null)).toThrow(
      /currency column, a fixed currency or the offer's account currency/,
    );
    expect(() => validateGenericConfig({ mapping: { date: { column: "Date", format: "DD/MM" }, counts: { clicks: "C" } } }, null)).toThrow(
      /not a supported format/,
    );
  });

  it("fails a non-numeric cell as malformed, naming the column", async () => {
    const o = await csvOffer("nan-1");
    const out = await sync(o, "2026-11-01", "2026-11-01");
    expect((out.error as ConnectorError).kind).toBe("malformed");
    expect(out.error?.message).toMatch(/row 2: column Clicks is not a count: "n\/a"/);
  });

  it.each([
    ["error200-json-1", "auth"],
    ["malformed-json-1", "malformed"],
  ])("fails JSON token %s as %s", async (token, kind) => {
    const o = await jsonOffer(token);
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect((out.error as { kind?: string }).kind).toBe(kind);
  });

  it("redacts the URL, its key parameter and the header value", () => {
    const offer = offerStub({ url: "https://x.example/r.csv?apikey=s3cretKey&from={from}", headerValue: "Bearer tok-abcdef" });
    expect(generic.secretsOf(offer)).toEqual(
      expect.arrayContaining(["https://x.example/r.csv?apikey=s3cretKey&from={from}", "Bearer tok-abcdef", "s3cretKey", "tok-abcdef"]),
    );
  });

  it("splits windows by the configured maximum and keeps rows inside the window", async () => {
    const seen: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      const u = new URL(String(input));
      seen.push(`${u.searchParams.get("s")}..${u.searchParams.get("e")}`);
      return new Response("Date,Clicks\n2026-10-31,5\n2026-11-01,1\n2026-11-02,2\n2026-11-03,3\n", {
        headers: { "content-type": "text/csv" },
      });
    }) as typeof fetch;
    const offer = offerStub(
      { url: "https://x.example/r?s={from}&e={to}" },
      { maxDays: 2, mapping: { date: { column: "Date" }, counts: { clicks: "Clicks" } } },
    );
    const out = await generic.pull(offer, { from: "2026-11-01", to: "2026-11-03" }, fetcher);
    expect(seen).toEqual(["2026-11-01..2026-11-02", "2026-11-03..2026-11-03"]);
    expect(out.rows.map((r) => [r.reportDate, r.clicks])).toEqual([
      ["2026-11-01", 1],
      ["2026-11-02", 2],
      ["2026-11-03", 3],
    ]);
  });

  it("sums rows that share a key and skips footer lines without a date", () => {
    const rows = parseGeneric(
      "Day;Regs;Income\n01.11.2026;2;10.5\n01.11.2026;3;-0.25\n;5;10.25\n",
      "text/csv",
      validateGenericConfig(
        { mapping: { date: { column: "day", format: "DD.MM.YYYY" }, counts: { registrations: "Regs" }, money: { ngr: "Income" } } },
        "GBP",
      ),
      { ...offerStub(), accountCurrency: "GBP" },
      null,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reportDate: "2026-11-01", registrations: 5, ngrMicros: 10_250_000, currency: "GBP" });
  });

  it("parses date formats strictly and spots macros", () => {
    expect(parseDateWith("MM/DD/YYYY", "11/05/2026")).toBe("2026-11-05");
    expect(parseDateWith("DD/MM/YYYY", "31/02/2026")).toBeNull();
    expect(parseDateWith("YYYY-MM-DD", "2026-11-05 13:00:00")).toBe("2026-11-05");
    expect(parseDateWith("YYYYMMDD", "20261105")).toBe("2026-11-05");
    expect(parseDateWith("unix", 1793836800)).toBe("2026-11-05");
    for (const macro of ["{clickid}", "{{afp}}", "[subid]", "%clickid%", "$sub1$", "#clickid#", "", "  "])
      expect(cleanClickId(macro)).toBeNull();
    expect(cleanClickId(" abc123 ")).toBe("abc123");
  });
});

function offerStub(secrets: Record<string, string> = {}, config: Record<string, unknown> = {}): ConnectorOffer {
  return {
    id: "of_stub",
    platform: "generic",
    brand: "X",
    campaignTag: null,
    platformTimezone: "UTC",
    accountCurrency: null,
    config,
    secrets,
  };
}
