import { describe, expect, it } from "vitest";
import { parseSmartico, smartico, smarticoDates, smarticoWindows } from "../../workers/revenue/connectors/smartico";
import type { ConnectorError, ConnectorOffer } from "../../workers/revenue/connectors/types";
import { activeRows, makeOffer, sandboxUrl, sync } from "./harness";

const offer = (token: string, config: Record<string, unknown> = {}) =>
  makeOffer({
    platform: "smartico",
    secrets: { apiKey: token },
    config: { host: `${sandboxUrl()}/smartico`, ...config },
    accountCurrency: "EUR",
  });

async function sandboxLog(): Promise<{ url: string; headers: Record<string, string> }[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/smartico/`, { method: "POST" });
  return ((await res.json()) as { log: { url: string; headers: Record<string, string> }[] }).log;
}

describe("Smartico connector against its sandbox", () => {
  it("imports day × brand × afp rows; asks with an exclusive date_to; macros never become click ids", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-05");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r) => r.reportDate >= "2026-11-01" && r.reportDate <= "2026-11-05")).toBe(true);
    expect(new Set(rows.map((r) => r.brandNameRaw))).toEqual(new Set(["SpinBet", "LuckyDays"]));
    for (const r of rows) {
      expect(r.currency).toBe("EUR");
      expect(r.commissionTotalMicros).toBeTypeOf("number");
      expect((r.commissionTotalMicros as number) % 10_000).toBe(0);
      if (r.subIds.afp === "{{afp}}" || r.subIds.afp === undefined) expect(r.clickId).toBeNull();
      else expect(r.clickId).toMatch(/^sm0001/);
    }
    expect(rows.some((r) => r.subIds.afp === "{{afp}}")).toBe(true);
    const req = (await sandboxLog()).filter((l) => l.headers.authorization === "normal-1");
    expect(req[0]?.url).toContain("aggregation_period=DAY&date_from=2026-11-01&date_to=2026-11-06&group_by=afp%2Cbrand_id");
  });

  it("pulls a single day without sending equal dates (which the platform answers with 500)", async () => {
    const o = await offer("oneday-1");
    const out = await sync(o, "2026-11-03", "2026-11-03");
    expect(out.status).toBe("ok");
    expect((await activeRows(o)).every((r) => r.reportDate === "2026-11-03")).toBe(true);
    expect((await activeRows(o)).length).toBeGreaterThan(0);
  });

  it("sums a group reported in several records on one day (commission is a daily delta)", async () => {
    const o = await offer("split-1");
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    const keys = rows.map((r) => `${r.reportDate}|${r.brandExtId}|${r.subIds.afp ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
    const clicked = rows.filter((r) => r.clickId?.startsWith("sm0001"));
    expect(clicked.length).toBeGreaterThan(0);
    for (const r of clicked) expect((r.raw as unknown[]).length).toBe(2);
  });

  it("keeps the first window when a later one fails (partial)", async () => {
    const o = await offer("partial-1");
    const out = await sync(o, "2026-09-01", "2026-10-15");
    expect(out.status).toBe("partial");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.reportDate <= "2026-10-01")).toBe(true);
  });
});

describe("Smartico window builder", () => {
  it("asks date_to one day after the inclusive end, so the dates are never equal", () => {
    expect(smarticoDates({ from: "2026-11-01", to: "2026-11-01" })).toEqual({ date_from: "2026-11-01", date_to: "2026-11-02" });
    expect(smarticoDates({ from: "2026-11-01", to: "2026-11-30" })).toEqual({ date_from: "2026-11-01", date_to: "2026-12-01" });
    expect(smarticoDates({ from: "2026-12-31", to: "2026-12-31" })).toEqual({ date_from: "2026-12-31", date_to: "2027-01-01" });
    for (const w of smarticoWindows("2026-01-01", "2026-12-31")) {
      const d = smarticoDates(w);
      expect(d.date_to > d.date_from).toBe(true);
    }
  });
  it("splits long ranges into 31-day windows that cover every day once", () => {
    const w = smarticoWindows("2026-01-01", "2026-03-01");
    expect(w).toEqual([
      { from: "2026-01-01", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-03-01" },
    ]);
  });
  it("sends the raw key and honours a configured host", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get("authorization") });
      return new Response('{"data":[]}');
    }) as typeof fetch;
    await smartico.pull(stub({ host: "boapi3.smartico.ai" }), { from: "2026-11-01", to: "2026-11-01" }, fetcher);
    expect(seen[0]?.url).toMatch(/^https:\/\/boapi3\.smartico\.ai\/api\/af2_media_report_af\?/);
    expect(seen[0]?.auth).toBe("key-123");
    await smartico.pull(stub(), { from: "2026-11-01", to: "2026-11-01" }, fetcher);
    expect(seen[1]?.url).toMatch(/^https:\/\/boapi\.smartico\.ai\/api\/af2_media_report_af\?/);
  });
});

describe("Smartico parser", () => {
  it("sums commission deltas of rows sharing a day, brand and afp (never last-wins)", () => {
    const body = JSON.stringify({
      data: [
        { dt: "2026-11-01", brand_id: 7, afp: "c1", registration_count: 2, commissions_total: 10.25 },
        { dt: "2026-11-01", brand_id: 7, afp: "c1", registration_count: 1, commissions_total: -3.5 },
        { dt: "2026-11-01", brand_id: 7, afp: "c2", commissions_total: 1 },
        { dt: "2026-11-02", brand_id: 7, afp: "c1", commissions_total: "0.0001" },
      ],
    });
    const rows = parseSmartico(body, stub(), null);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ reportDate: "2026-11-01", clickId: "c1", registrations: 3, commissionTotalMicros: 6_750_000 });
    expect(rows[2]?.commissionTotalMicros).toBe(100);
  });

  it("keeps {{afp}} as a sub-id but never as a click id, and drops rows outside the window", () => {
    const body = JSON.stringify({
      data: [
        { dt: "2026-11-01", afp: "{{afp}}" },
        { dt: "2026-11-02", afp: "x" },
      ],
    });
    const rows = parseSmartico(body, stub(), { from: "2026-11-01", to: "2026-11-01" });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subIds).toEqual({ afp: "{{afp}}" });
    expect(rows[0]?.clickId).toBeNull();
  });

  it("names the column of a bad number", () => {
    expect(() => parseSmartico('{"data":[{"dt":"2026-11-01","ftd_count":"two"}]}', stub(), null)).toThrow(
      /column ftd_count is not a count/,
    );
    expect(() => parseSmartico('{"data":[{"dt":"2026-11-01","net_pl":"1.2.3"}]}', stub(), null)).toThrow(/column net_pl is not a decimal/);
  });

  it("maps errCode bodies", () => {
    const kind = (body: unknown) => {
      try {
        parseSmartico(JSON.stringify(body), stub(), null);
        return "none";
      } catch (err) {
        return (err as ConnectorError).kind;
      }
    };
    expect(kind({ errCode: 3, message: "Access to this label is not allowed" })).toBe("server");
    expect(kind({ errCode: 5, message: "Invalid api key" })).toBe("auth");
    expect(kind({ errCode: 9, message: "date_from and date_to are equal" })).toBe("config");
    expect(kind({ errCode: 0, data: [] })).toBe("none");
  });
});

function stub(config: Record<string, unknown> = {}): ConnectorOffer {
  return {
    id: "of_stub",
    platform: "smartico",
    brand: "X",
    campaignTag: null,
    platformTimezone: "UTC",
    accountCurrency: "EUR",
    config,
    secrets: { apiKey: "key-123" },
  };
}
