import { describe, expect, it } from "vitest";
import { checkReferOnUrl, inferDateFormat, parseReferOn, referon, referonRequestUrl } from "../../workers/revenue/connectors/referon";
import { ConnectorError, type ConnectorOffer } from "../../workers/revenue/connectors/types";
import { figures } from "../sandbox/data";
import { activeRows, makeOffer, sandboxUrl, sync } from "./harness";

const presetUrl = (token: string, extra = "") =>
  `${sandboxUrl()}/referon/statistics?token=${token}&id=42&from=2025-01-01&to=2025-01-31${extra}`;
const offer = (token: string, opts: { extra?: string; config?: Record<string, unknown>; campaignTag?: string | null } = {}) =>
  makeOffer({
    platform: "referon",
    secrets: { reportUrl: presetUrl(token, opts.extra) },
    config: opts.config,
    campaignTag: opts.campaignTag ?? null,
  });

async function sandboxLog(token: string): Promise<string[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/referon/`, { method: "POST" });
  const body = (await res.json()) as { log: { url: string }[] };
  return body.log.map((l) => l.url).filter((u) => u.startsWith("/referon/") && u.includes(`token=${token}&`));
}

type Row = Awaited<ReturnType<typeof activeRows>>[number];
const figuresOf = (r: Row | undefined) =>
  r && [
    r.reportDate,
    r.trackingCode,
    r.clickId,
    r.clicks,
    r.registrations,
    r.depositsMicros,
    r.ngrMicros,
    r.commissionOtherMicros,
    r.commissionTotalMicros,
  ];

describe("ReferOn connector against its sandbox", () => {
  it("asks one day per request (JSON) and keeps media items, sub-ids and the click id", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(6); // 3 days × 2 media items
    const log = await sandboxLog("normal-1");
    expect(log).toHaveLength(3);
    expect(log[0]).toContain("token=normal-1&id=42&from=2026-11-01&to=2026-11-01");
    const r1 = rows.find((r) => r.reportDate === "2026-11-02" && r.trackingCode === "MI-1001");
    const f = figures("normal-1|MI-1001", "2026-11-02");
    expect(r1).toMatchObject({
      brandNameRaw: "Affina Casino",
      brandExtId: "b7f3c1de-2a4e-4f4b-9d61-0c5a8f3e2b10",
      country: "DE",
      currency: "EUR",
      currencyOrigin: "api_field",
      clickId: "cf20261102x1",
      subIds: { var1: "seo", clickid: "cf20261102x1" },
      impressions: f.visits * 5,
      clicks: f.visits,
      registrations: f.registrations,
      ftdCount: f.ftds,
      depositsMicros: f.depositsCents * 10_000,
      ftdAmountMicros: f.ftdSumCents * 10_000,
      ngrMicros: f.ngrCents * 10_000,
      commissionRevshareMicros: (f.partnerIncomeCents - f.fixedPerPlayerCents) * 10_000,
      commissionCpaMicros: f.fixedPerPlayerCents * 10_000,
      commissionOtherMicros: (f.visits * 2 + 150 - f.registrations * 10) * 10_000,
      commissionTotalMicros: (f.partnerIncomeCents + f.visits * 2 + 150 - f.registrations * 10) * 10_000,
    });
    const r2 = rows.find((r) => r.reportDate === "2026-11-02" && r.trackingCode === "MI-1002");
    expect(r2?.clickId).toBeNull(); // the literal {clickid} macro never becomes a click id
    expect(r2?.subIds).toEqual({ var1: "seo", clickid: "{clickid}" });
  });

  it("reads the CSV download (comma or semicolon with decimal commas) to the same figures", async () => {
    const asJson = await offer("same-1");
    const asCsv = await offer("same-1", { extra: "&download=true" });
    const asSemicolon = await offer("semicolon-1", { extra: "&download=true" });
    const asSemicolonJson = await offer("semicolon-1");
    for (const o of [asJson, asCsv, asSemicolon, asSemicolonJson]) expect((await sync(o, "2026-11-01", "2026-11-02")).status).toBe("ok");
    const sorted = async (o: typeof asJson) => (await activeRows(o)).map(figuresOf).sort((a, b) => String(a).localeCompare(String(b)));
    expect(await sorted(asCsv)).toEqual(await sorted(asJson));
    expect(await sorted(asSemicolon)).toEqual(await sorted(asSemicolonJson));
    expect((await activeRows(asCsv))[0]?.metricSemantics?.commissionTotalMicros).toMatch(/Commission Reward/);
  });

  it("filters to the offer's media item when a campaign tag is set", async () => {
    const o = await offer("tag-1", { campaignTag: "MI-1002" });
    await sync(o, "2026-11-01", "2026-11-02");
    expect((await activeRows(o)).map((r) => r.trackingCode)).toEqual(["MI-1002", "MI-1002"]);
  });

  it("imports nothing from an empty report, JSON or CSV", async () => {
    for (const o of [await offer("empty-1"), await offer("empty-2", { extra: "&download=true" })]) {
      const out = await sync(o, "2026-11-01", "2026-11-02");
      expect(out.status).toBe("ok");
      expect(await activeRows(o)).toHaveLength(0);
    }
  });

  it.each([
    ["bad-1", "auth", 401, /refused/],
    ["error200-1", "auth", 200, /Invalid token/],
    ["login-1", "auth", 200, /login page/],
    ["preset-1", "platform_error", 200, /Preset is not available via API/],
    ["down-1", "server", 500, /500/],
    ["malformed-1", "malformed", 200, /column "click_count" is not a count: "abc"/],
    ["garbage-1", "malformed", 200, /broken JSON/],
    ["paged-1", "malformed", 200, /paginated/],
    ["slow-1", "timeout", null, /no answer/],
  ])("says why %s failed (%s) in words the user can act on", async (token, kind, _status, message) => {
    // Kind, HTTP status, nothing stored and redaction are the connector contract (contract.test.ts).
    const out = await sync(await offer(token), "2026-11-01", "2026-11-01");
    expect((out.error as { kind?: string }).kind).toBe(kind);
    expect(out.error?.message).toMatch(message);
  });

  it("names the CSV column of a bad number", async () => {
    const o = await offer("malformed-2", { extra: "&download=true" });
    const out = await sync(o, "2026-11-01", "2026-11-01");
    expect(out.error?.message).toMatch(/column "Click Count" is not a count: "abc"/);
  });

  it("stores the days done before a failing day (partial)", async () => {
    const o = await offer("partial-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("partial");
    expect(new Set((await activeRows(o)).map((r) => r.reportDate))).toEqual(new Set(["2026-11-01"]));
  });

  it("refuses a URL without date parameters or token", async () => {
    for (const [url, message, kind] of [
      [`${sandboxUrl()}/referon/statistics?token=t-1234&id=42`, /URL without date parameters/, "no_date_params"],
      [`${sandboxUrl()}/referon/statistics?id=42&from=2025-01-01&to=2025-01-02`, /no token/, "config"],
    ] as const) {
      const o = await makeOffer({ platform: "referon", secrets: { reportUrl: url } });
      const out = await sync(o, "2026-11-01", "2026-11-01");
      expect((out.error as { kind?: string }).kind).toBe(kind);
      expect(out.error?.message).toMatch(message);
    }
  });
});

const unitOffer = (url: string, config: Record<string, unknown> = {}, accountCurrency: string | null = null): ConnectorOffer => ({
  id: "of_unit",
  platform: "referon",
  brand: "Affina",
  campaignTag: null,
  platformTimezone: "Europe/Tallinn",
  accountCurrency,
  config,
  secrets: { reportUrl: url },
});
const URL_ISO = "https://ro-affiliate.affina.com/statistics?token=tok-secret&id=7&from=2025-01-01&to=2025-01-31&download=true";

describe("ReferOn windows, URL dates and parser", () => {
  it("gives one window per day", () => {
    expect(referon.windows("2026-02-27", "2026-03-01")).toEqual([
      { from: "2026-02-27", to: "2026-02-27" },
      { from: "2026-02-28", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-03-01" },
    ]);
  });

  it("replaces from/to in the pasted format, keeping a time part and every other parameter", () => {
    expect(referonRequestUrl(unitOffer(URL_ISO), "2026-03-04")).toBe(
      "https://ro-affiliate.affina.com/statistics?token=tok-secret&id=7&from=2026-03-04&to=2026-03-04&download=true",
    );
    expect(
      referonRequestUrl(unitOffer("https://r.example/stats?token=t&from=01.01.2025%2000%3A00&to=31.01.2025%2023%3A59"), "2026-03-04"),
    ).toBe("https://r.example/stats?token=t&from=04.03.2026%2000%3A00&to=04.03.2026%2023%3A59");
    expect(referonRequestUrl(unitOffer("https://r.example/stats?token=t&from=&to=", { dateFormat: "DD/MM/YYYY" }), "2026-03-04")).toBe(
      "https://r.example/stats?token=t&from=04/03/2026&to=04/03/2026",
    );
    expect(inferDateFormat(["01/02/2025", "28/02/2025"])).toBe("DD/MM/YYYY");
    expect(inferDateFormat(["02/01/2025", "02/28/2025"])).toBe("MM/DD/YYYY");
    expect(inferDateFormat(["01/02/2025", "03/02/2025"])).toBeNull();
    expect(() => checkReferOnUrl(unitOffer("https://r.example/stats?token=t&from=01/02/2025&to=03/02/2025"))).toThrow(/set dateFormat/);
    expect(referon.secretsOf(unitOffer(URL_ISO))).toEqual(["tok-secret"]);
  });

  it("reads JSON arrays in several shapes and camelCase keys", () => {
    const o = unitOffer(URL_ISO, {}, "EUR");
    const rows = (body: unknown) => parseReferOn(JSON.stringify(body), "application/json", o, "2025-01-05");
    const one = { mediaItem: "MI-1", clickCount: 3, regCount: 1, ngr: "10.50", revenueShare: "3.15", cpa: 0 };
    expect(rows([one])[0]).toMatchObject({
      trackingCode: "MI-1",
      clicks: 3,
      registrations: 1,
      ngrMicros: 10_500_000,
      commissionTotalMicros: 3_150_000,
      currency: "EUR",
    });
    expect(rows({ rows: [one] })).toHaveLength(1);
    expect(rows({ data: { items: [one] } })).toHaveLength(1);
    expect(rows({ data: [] })).toEqual([]);
    expect(() => rows({ status: "error", message: "Token expired" })).toThrow(expect.objectContaining({ kind: "auth" }));
    expect(() => rows({ foo: 1 })).toThrow(expect.objectContaining({ kind: "malformed" }));
  });

  it("computes commission from its parts (deduction subtracted whatever its sign) and keeps a Commission Reward column as is", () => {
    const o = unitOffer(URL_ISO, {}, "EUR");
    const derived = parseReferOn(
      "Media Item,Revenue Share,CPA,CPC,Sub-affiliate reward,Deduction\nMI-1,10.00,50.00,1.00,2.00,-5.00",
      "text/csv",
      o,
      "2025-01-05",
    )[0];
    expect(derived).toMatchObject({ commissionOtherMicros: -2_000_000, commissionTotalMicros: 58_000_000 });
    const positive = parseReferOn("Media Item,Revenue Share,Deduction\nMI-1,10.00,5.00", "text/csv", o, "2025-01-05")[0];
    expect(positive).toMatchObject({ commissionOtherMicros: -5_000_000, commissionTotalMicros: 5_000_000 });
    const given = parseReferOn("Media Item,Revenue Share,Commission Reward\nMI-1,10.00,99.00", "text/csv", o, "2025-01-05")[0];
    expect(given?.commissionTotalMicros).toBe(99_000_000);
  });

  it("never confuses FTDs Deposits or Unique Click Count with Deposits and Click Count", () => {
    const o = unitOffer(URL_ISO, {}, "EUR");
    const csv = "Media Item,Unique Click Count,FTDs Deposits,NDC Deposits,Total Reg. Count,NGR\nMI-1,5,10.00,3.00,4,1.00";
    const [row] = parseReferOn(csv, "text/csv", o, "2025-01-05");
    expect(row).toMatchObject({ clicks: null, depositsMicros: null, registrations: null, ngrMicros: 1_000_000 });
    expect(() => parseReferOn("Media Item,Unique Click Count\nMI-1,5", "text/csv", o, "2025-01-05")).toThrow(
      /no recognizable metric columns/,
    );
  });

  it("keeps other variables as sub-ids and honours clickIdVariable", () => {
    const o = unitOffer(URL_ISO, { clickIdVariable: "var2" }, "EUR");
    const [row] = parseReferOn(
      "Media Item,var2,pubid,click_id,Other,Click Count\nMI-1,cf_7,p9,x,webmasterid=3,4",
      "text/csv",
      o,
      "2025-01-05",
    );
    expect(row?.subIds).toEqual({ var2: "cf_7", pubid: "p9", click_id: "x", other: "webmasterid=3" });
    expect(row?.clickId).toBe("cf_7");
  });

  it("checks the row day against the requested day and sums repeated keys", () => {
    const o = unitOffer(URL_ISO, {}, "EUR");
    expect(() => parseReferOn("Date,Media Item,Click Count\n2025-01-06,MI-1,4", "text/csv", o, "2025-01-05")).toThrow(
      /answered for a request of 2025-01-05/,
    );
    expect(() => parseReferOn("Date,Media Item,Click Count\nyesterday,MI-1,4", "text/csv", o, "2025-01-05")).toThrow(ConnectorError);
    const rows = parseReferOn("Date,Media Item,Click Count\n2025-01-05,MI-1,4\n2025-01-05,MI-1,6\nTotal,,10", "text/csv", o, "2025-01-05");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.clicks).toBe(10);
  });

  it("reads a one-line text answer as an error, not as an empty CSV", () => {
    const o = unitOffer(URL_ISO, {}, "EUR");
    expect(() => parseReferOn("Invalid token", "text/plain", o, "2025-01-05")).toThrow(expect.objectContaining({ kind: "auth" }));
    expect(() => parseReferOn("Report is being generated", "text/csv", o, "2025-01-05")).toThrow(
      expect.objectContaining({ kind: "platform_error" }),
    );
    expect(parseReferOn("Media Item,Click Count\n", "text/csv", o, "2025-01-05")).toEqual([]);
  });

  it("needs a currency from the report or the account", () => {
    expect(() => parseReferOn("Media Item,Click Count\nMI-1,4", "text/csv", unitOffer(URL_ISO), "2025-01-05")).toThrow(/account currency/);
  });
});
