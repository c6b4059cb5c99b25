import { describe, expect, it } from "vitest";
import { everflow, everflowWindows, halves, parseEverflow } from "../../workers/revenue/connectors/everflow";
import type { ConnectorError, ConnectorOffer } from "../../workers/revenue/connectors/types";
import { activeRows, makeOffer, sandboxUrl, sync } from "./harness";

const offer = (token: string, config: Record<string, unknown> = {}, platformTimezone = "UTC") =>
  makeOffer({
    platform: "everflow",
    secrets: { apiKey: token },
    config: { baseUrl: `${sandboxUrl()}/everflow`, ...config },
    accountCurrency: "USD",
    platformTimezone,
  });

async function requestsOf(token: string): Promise<{ url: string; headers: Record<string, string> }[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/everflow/`, { method: "POST" });
  const log = ((await res.json()) as { log: { url: string; headers: Record<string, string> }[] }).log;
  return log.filter((l) => l.url.startsWith("/everflow/") && l.headers["x-eflow-api-key"] === token);
}

describe("Everflow connector against its sandbox", () => {
  it("imports day × sub1 rows in currency_id; macros and empty sub1 never become click ids", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(3 * 5);
    for (const r of rows) {
      expect(r.currency).toBe("USD");
      expect(r.currencyOrigin).toBe("platform_converted");
      expect(r.commissionTotalMicros).toBeTypeOf("number");
      expect((r.commissionTotalMicros as number) % 10_000).toBe(0);
      expect(r.clicks).not.toBeNull();
      expect(r.ftdCount).not.toBeNull();
      expect(r.registrations).not.toBeNull();
    }
    expect(rows.filter((r) => r.clickId !== null)).toHaveLength(9);
    expect(rows.find((r) => r.subIds.sub1 === "{sub1}")?.clickId).toBeNull();
    expect(rows.filter((r) => r.subIds.sub1 === undefined)).toHaveLength(3);
    expect(await requestsOf("normal-1")).toHaveLength(1);
  });

  it("splits a window whose answer hit the row cap (incomplete_results) until every part is complete", async () => {
    const o = await offer("capped-1");
    const out = await sync(o, "2026-11-01", "2026-11-10");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(10 * 5);
    expect(new Set(rows.map((r) => r.reportDate)).size).toBe(10);
    // 10 days (50 rows) → 5+5 days (25 each, still cut) → 2+3 days … all under 20 rows
    expect((await requestsOf("capped-1")).length).toBeGreaterThan(3);
  });

  it("fails when a single day alone is over the row cap", async () => {
    const o = await offer("hugeday-1");
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as ConnectorError).kind).toBe("platform_error");
    expect(out.error?.message).toContain("more than its row cap for 2026-11-01");
  });

  it("keeps the first window when a later one fails (partial)", async () => {
    const o = await offer("partial-1");
    const out = await sync(o, "2025-01-01", "2026-02-10");
    expect(out.status).toBe("partial");
    // The first window (2025-01-01 … 2026-01-02) is kept whole; nothing of the failed one is stored.
    // (An empty result would pass a bare `.every()`, so the days kept are checked first.)
    const days = new Set((await activeRows(o)).map((r) => r.reportDate));
    expect(days.size).toBe(367);
    expect([...days].sort()[0]).toBe("2025-01-01");
    expect([...days].sort().at(-1)).toBe("2026-01-02");
  });

  it("refuses to bucket days in a non-UTC platform timezone without Everflow's timezone id", async () => {
    const o = await offer("tz-1", {}, "Europe/Malta");
    const out = await sync(o, "2026-11-01", "2026-11-01");
    expect((out.error as ConnectorError).kind).toBe("config");
    expect(out.error?.message).toContain("Europe/Malta");
    const ok = await offer("tz-2", { timezoneId: 90 }, "Europe/Malta");
    expect((await sync(ok, "2026-11-01", "2026-11-01")).status).toBe("ok");
  });

  it("sends the documented body and header", async () => {
    let seen: { url: string; init: RequestInit | undefined } | null = null;
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen = { url: String(input), init };
      return new Response('{"table":[],"incomplete_results":false}');
    }) as typeof fetch;
    await everflow.pull(stub({ offerId: "55", currencyId: "eur" }), { from: "2026-11-01", to: "2026-11-30" }, fetcher);
    const s = seen as { url: string; init: RequestInit | undefined } | null;
    expect(s?.url).toBe("https://api.eflow.team/v1/affiliates/reporting/entity/table");
    expect(new Headers(s?.init?.headers).get("x-eflow-api-key")).toBe("ef-key");
    expect(JSON.parse(String(s?.init?.body))).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      timezone_id: 67,
      currency_id: "EUR",
      columns: [{ column: "date" }, { column: "sub1" }],
      query: { filters: [{ resource_type: "offer", filter_id_value: "55" }] },
    });
  });
});

describe("Everflow windows and parser", () => {
  it("asks at most 367 days at once and halves windows exactly", () => {
    expect(everflowWindows("2025-01-01", "2026-12-31")).toEqual([
      { from: "2025-01-01", to: "2026-01-02" },
      { from: "2026-01-03", to: "2026-12-31" },
    ]);
    expect(halves({ from: "2026-11-01", to: "2026-11-10" })).toEqual([
      { from: "2026-11-01", to: "2026-11-05" },
      { from: "2026-11-06", to: "2026-11-10" },
    ]);
    expect(halves({ from: "2026-11-01", to: "2026-11-03" })).toEqual([
      { from: "2026-11-01", to: "2026-11-01" },
      { from: "2026-11-02", to: "2026-11-03" },
    ]);
    expect(halves({ from: "2026-11-01", to: "2026-11-01" })).toBeNull();
  });

  const settings = { currency: "USD", clickColumn: "sub1", conversionField: "ftdCount" as const, eventField: "registrations" as const };

  it("reads the day from the date column's Unix id (or its label) and sums repeated keys", () => {
    const body = JSON.stringify({
      table: [
        {
          columns: [
            { column_type: "date", id: "1793836800" },
            { column_type: "sub1", id: "c1", label: "c1" },
          ],
          reporting: { cv: 1, event: 2, revenue: 10.5 },
        },
        {
          columns: [
            { column_type: "date", id: 1793836800 },
            { column_type: "sub1", id: "c1", label: "c1" },
          ],
          reporting: { cv: 2, revenue: "-0.25" },
        },
        { columns: [{ column_type: "date", id: "x", label: "2026-11-06" }], reporting: { total_click: 3 } },
      ],
      incomplete_results: false,
    });
    const { rows, incomplete } = parseEverflow(body, stub(), settings, null);
    expect(incomplete).toBe(false);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      reportDate: "2026-11-05",
      clickId: "c1",
      ftdCount: 3,
      registrations: 2,
      commissionTotalMicros: 10_250_000,
    });
    expect(rows[1]).toMatchObject({ reportDate: "2026-11-06", clicks: 3, clickId: null });
  });

  it("names the column of a bad number and recognizes error bodies", () => {
    const bad = JSON.stringify({ table: [{ columns: [{ column_type: "date", id: "1793836800" }], reporting: { cv: "1.5" } }] });
    expect(() => parseEverflow(bad, stub(), settings, null)).toThrow(/column cv is not a count/);
    expect(() => parseEverflow('{"Error":"Something went wrong"}', stub(), settings, null)).toThrow(/Everflow error: Something went wrong/);
  });
});

function stub(config: Record<string, unknown> = {}): ConnectorOffer {
  return {
    id: "of_stub",
    platform: "everflow",
    brand: "X",
    campaignTag: null,
    platformTimezone: "UTC",
    accountCurrency: "USD",
    config,
    secrets: { apiKey: "ef-key" },
  };
}
