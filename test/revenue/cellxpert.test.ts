import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/time";
import { parseConnectorOffer } from "../../workers/revenue/connector-offer";
import { cellxpert, cellxpertRows, cellxpertWindows, parseAfp, parseCellxpert } from "../../workers/revenue/connectors/cellxpert";
import { ConnectorError, type ConnectorOffer } from "../../workers/revenue/connectors/types";
import { activeRows, makeOffer, sandboxUrl, sync } from "./harness";

const offer = (token: string, config: Record<string, unknown> = {}, campaignTag: string | null = "tc-reviews") =>
  makeOffer({
    platform: "cellxpert",
    secrets: { apiKey: token },
    config: { baseUrl: `${sandboxUrl()}/cellxpert`, affiliateId: "35614", ...config },
    campaignTag,
    accountCurrency: "USD",
  });

describe("Cellxpert connector against its sandbox", () => {
  it("imports one mediareport row per day for the offer's tracking code; 4-decimal commission exact", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-05");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.reportDate)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]);
    for (const r of rows) {
      expect(r.trackingCode).toBe("tc-reviews");
      expect(r.currency).toBe("USD");
      expect(r.currencyOrigin).toBe("account_default");
      expect(Number.isInteger(r.commissionTotalMicros)).toBe(true);
      expect(r.commissionTotalMicros).toBeTypeOf("number");
      expect((r.commissionTotalMicros as number) % 100).toBe(0); // 4 decimals → micros exactly
      expect(r.depositsMicros).not.toBeNull();
      expect(r.clickId).toBeNull();
    }
    const req = (await (await fetch(`${sandboxUrl()}/__control/state?prefix=/cellxpert/`, { method: "POST" })).json()) as {
      log: { url: string; headers: Record<string, string> }[];
    };
    const mine = req.log.filter((l) => l.url.startsWith("/cellxpert/") && l.headers["x-api-key"] === "normal-1");
    expect(mine[0]?.url).toContain("command=mediareport&fromdate=2026-11-01&todate=2026-11-05&Day=1&TrackingCode=1");
    expect(mine[0]?.headers.affiliateid).toBe("35614");
  });

  it("breaks down by brand when configured and keeps only the offer's brand", async () => {
    const o = await offer("brand-1", { breakdown: ["TrackingCode", "Brand"], brand: "6option" });
    await sync(o, "2026-11-01", "2026-11-02");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.brandExtId))).toEqual(new Set(["6option"]));
  });

  it("sums the commissions ledger per day and sub-id; macros never become click ids", async () => {
    const o = await offer("ledger-1", { report: "commissions" });
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    // per day: click 1 (CPA + adjustment), click 2 (CPA), the unreplaced macro (sub-affiliate + chargeback)
    expect(rows).toHaveLength(2 * 3);
    const day1 = rows.filter((r) => r.reportDate === "2026-11-01");
    const c1 = day1.find((r) => r.clickId?.startsWith("cx0001") && r.commissionCpaMicros === 100_000_000);
    expect(c1).toMatchObject({
      commissionTotalMicros: 100_000_000 - 53_400_000,
      commissionOtherMicros: -53_400_000,
      dateBasis: "commission_created",
    });
    const macro = day1.find((r) => r.subIds.afp1 === "{YOURCLICKID}");
    expect(macro?.clickId).toBeNull();
    expect(macro?.commissionTotalMicros).toBe(12_345_600 - 20_000_000);
    expect(macro?.subIds.afp10).toBe("Streamers");
  });

  it("splits a long range into ≤31-day windows and never asks for future dates", async () => {
    const o = await offer("long-1");
    const today = new Date().toISOString().slice(0, 10);
    const out = await sync(o, addDays(today, -40), addDays(today, 5));
    expect(out.status).toBe("ok"); // the sandbox answers Bad Command for >31 days or a future todate
    const rows = await activeRows(o);
    expect(rows).toHaveLength(41);
    expect(rows.at(-1)?.reportDate).toBe(today);
  });

  it("keeps the first windows when a later window fails (partial)", async () => {
    const o = await offer("partial-1");
    const out = await sync(o, "2026-09-01", "2026-10-15");
    expect(out.status).toBe("partial");
    expect(await activeRows(o)).toHaveLength(31);
  });

  it("needs an account currency, a program URL, an affiliate id and a key", async () => {
    const base = stub({ apiKey: "k" }, { baseUrl: "https://track.example.com", affiliateId: "1" });
    await expect(cellxpert.pull({ ...base, accountCurrency: null }, { from: "2026-11-01", to: "2026-11-01" }, fetch)).rejects.toMatchObject(
      {
        kind: "config",
      },
    );
    await expect(cellxpert.pull({ ...base, config: {} }, { from: "2026-11-01", to: "2026-11-01" }, fetch)).rejects.toThrow(/program URL/);
    await expect(cellxpert.pull({ ...base, secrets: {} }, { from: "2026-11-01", to: "2026-11-01" }, fetch)).rejects.toThrow(/API key/);
    expect(cellxpert.secretsOf(base)).toEqual(["k"]);
  });
});

describe("Cellxpert request", () => {
  it("takes the breakdown as a list or a comma-separated string and adds /api/ to the program URL", async () => {
    const asked: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      asked.push(String(input));
      return new Response("<ResultSet></ResultSet>");
    }) as typeof fetch;
    const w = { from: "2026-11-01", to: "2026-11-02" };
    await cellxpert.pull(
      stub({ apiKey: "k" }, { baseUrl: "https://track.example.com", affiliateId: "1", breakdown: "TrackingCode, Brand" }),
      w,
      fetcher,
    );
    await cellxpert.pull(
      stub({ apiKey: "k" }, { baseUrl: "https://track.example.com/api", affiliateId: "1", breakdown: ["Brand"] }),
      w,
      fetcher,
    );
    expect(asked[0]).toBe(
      "https://track.example.com/api/?command=mediareport&fromdate=2026-11-01&todate=2026-11-02&Day=1&TrackingCode=1&Brand=1",
    );
    expect(asked[1]).toBe("https://track.example.com/api/?command=mediareport&fromdate=2026-11-01&todate=2026-11-02&Day=1&Brand=1");
    expect(() => stub({ apiKey: "k" }, { baseUrl: "https://track.example.com", affiliateId: "1", breakdown: ["Country"] })).toThrow(
      /breakdown: "Country" is not one of TrackingCode, Brand/,
    );
  });
});

describe("Cellxpert window builder", () => {
  const now = Date.parse("2026-11-24T10:00:00Z");
  it("cuts ranges into windows of at most 31 days", () => {
    const w = cellxpertWindows("2026-01-01", "2026-03-15", now);
    expect(w).toEqual([
      { from: "2026-01-01", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-03-03" },
      { from: "2026-03-04", to: "2026-03-15" },
    ]);
  });
  it("never goes past the latest 'today' on Earth, and pull() stops at today in the platform timezone", async () => {
    expect(cellxpertWindows("2026-11-20", "2026-12-31", now)).toEqual([{ from: "2026-11-20", to: "2026-11-25" }]);
    expect(cellxpertWindows("2026-12-01", "2026-12-31", now)).toEqual([]);
    const asked: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      asked.push(String(input));
      return new Response("<ResultSet></ResultSet>", { headers: { "content-type": "text/html" } });
    }) as typeof fetch;
    const o = stub({ apiKey: "k" }, { baseUrl: "https://track.example.com/api/", affiliateId: "1" });
    const today = new Date().toISOString().slice(0, 10);
    await cellxpert.pull(o, { from: addDays(today, -1), to: addDays(today, 1) }, fetcher);
    expect(asked[0]).toContain(`todate=${today}`);
    expect(await cellxpert.pull(o, { from: addDays(today, 1), to: addDays(today, 1) }, fetcher)).toMatchObject({ rows: [] });
    expect(asked).toHaveLength(1);
  });
});

describe("Cellxpert parser", () => {
  it("tolerates a tag repeated within one row (first value wins) and reads 2023/01/02 days", () => {
    const xml =
      '<?xml version="1.0"?><ResultSet><row><Day>2023/01/02</Day><Impressions>10</Impressions><Leads>3</Leads><Leads>3</Leads>' +
      "<Registrations>2</Registrations><FTD>1</FTD><QFTD>1</QFTD><Deposits>250.5</Deposits><Commission>18371.6054</Commission></row></ResultSet>";
    expect(cellxpertRows(xml).duplicates).toEqual(["Leads"]);
    const rows = parseCellxpert(xml, stub(), "mediareport", null);
    expect(rows[0]).toMatchObject({
      reportDate: "2023-01-02",
      impressions: 10,
      registrations: 2,
      ftdCount: 1,
      depositsMicros: 250_500_000,
      commissionTotalMicros: 18_371_605_400,
    });
  });

  it("sums rows that repeat the same day and tracking code", () => {
    const xml =
      "<ResultSet><row><Day>2023/01/02</Day><Tracking_Code>a</Tracking_Code><FTD>1</FTD><Commission>1.0001</Commission></row>" +
      "<row><Day>2023/01/02</Day><Tracking_Code>a</Tracking_Code><FTD>2</FTD><Commission>-0.0002</Commission></row></ResultSet>";
    const rows = parseCellxpert(xml, stub(), "mediareport", null);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ftdCount: 3, commissionTotalMicros: 999_900 });
  });

  it("fails a bad number as malformed, naming the column", () => {
    const xml = "<ResultSet><row><Day>2023/01/02</Day><FTD>1.5</FTD></row></ResultSet>";
    expect(() => parseCellxpert(xml, stub(), "mediareport", null)).toThrow(/column FTD is not a count/);
    const bad = "<ResultSet><row><Day>2023/01/02</Day><Commission>12,3x</Commission></row></ResultSet>";
    expect(() => parseCellxpert(bad, stub(), "mediareport", null)).toThrow(/column Commission is not a decimal amount/);
  });

  it("recognizes the HTTP-200 error texts", () => {
    for (const [body, kind] of [
      ["Bad Authentication Key", "auth"],
      ["IP Not Authenticated", "ip_not_allowed"],
      ["<html><body>Bad Command</body></html>", "config"],
      ["Something else", "platform_error"],
    ] as const) {
      try {
        cellxpertRows(body);
        throw new Error("expected a ConnectorError");
      } catch (err) {
        expect(err).toBeInstanceOf(ConnectorError);
        expect((err as ConnectorError).kind).toBe(kind);
      }
    }
  });

  it("unpacks the afp string", () => {
    expect(parseAfp("|afp1:abc|afp10:Streamers")).toEqual({ afp1: "abc", afp10: "Streamers" });
    expect(parseAfp("plainclick")).toEqual({ afp: "plainclick" });
    expect(parseAfp("")).toEqual({});
  });
});

/** The offer as a sync sees it: config parsed by the platform's schema, as stored values are. */
function stub(secrets: Record<string, string> = {}, config: Record<string, unknown> = {}): ConnectorOffer {
  return parseConnectorOffer({
    id: "of_stub",
    platform: "cellxpert",
    brand: "X",
    campaignTag: null,
    platformTimezone: "UTC",
    accountCurrency: "EUR",
    config,
    secrets,
  });
}
