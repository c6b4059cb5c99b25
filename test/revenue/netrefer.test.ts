import { describe, expect, it } from "vitest";
import { netrefer, netreferMetricMap, netreferWindows, parseNetrefer } from "../../workers/revenue/connectors/netrefer";
import type { ConnectorOffer } from "../../workers/revenue/connectors/types";
import { activeRows, makeOffer, runs, sandboxUrl, sync } from "./harness";

const offer = (
  user: string,
  opts: { password?: string; clientSecret?: string; campaignTag?: string | null; config?: Record<string, unknown> } = {},
) =>
  makeOffer({
    platform: "netrefer",
    secrets: { clientSecret: opts.clientSecret ?? "nr-secret", password: opts.password ?? "nr-password" },
    config: {
      tokenUrl: `${sandboxUrl()}/netrefer/tenant-123/oauth2/v2.0/token`,
      clientId: "nr-client",
      username: user,
      host: `${sandboxUrl()}/netrefer`,
      affiliateId: "4242",
      ...opts.config,
    },
    campaignTag: opts.campaignTag ?? null,
  });

async function sandboxLog(): Promise<{ method: string; url: string; headers: Record<string, string> }[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/netrefer/`, { method: "POST" });
  return ((await res.json()) as { log: { method: string; url: string; headers: Record<string, string> }[] }).log;
}

describe("NetRefer ASR connector against its sandbox", () => {
  it("signs in, reads the Daily Activity Report and imports day × marketing source × brand rows in the report currency", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-05");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(5 * 3);
    for (const r of rows) {
      expect(r.currency).toBe("EUR");
      expect(r.currencyOrigin).toBe("api_field");
      expect(r.registrations).not.toBeNull();
      expect(r.ftdCount).not.toBeNull();
      expect(r.depositsMicros).not.toBeNull();
      expect(r.ngrMicros).not.toBeNull();
      expect(r.commissionTotalMicros).toBeTypeOf("number");
      expect((r.commissionTotalMicros as number) % 10_000).toBe(0);
      expect(r.metricSemantics?.is_final).toBe("false");
      expect((r.raw as { lastCheckSum?: string }).lastCheckSum).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(rows.map((r) => `${r.campaignNameRaw}/${r.brandNameRaw}`))).toEqual(
      new Set(["reviews-site/Unibet", "reviews-site/Maria Casino", "news-site/Unibet"]),
    );
    const log = await sandboxLog();
    expect(
      log.some((l) => l.url === "/netrefer/dpm/v1/DAR/4242/2026-11-01/2026-11-05" && l.headers.authorization?.startsWith("Bearer nrtok.")),
    ).toBe(true);
  });

  it("keeps only the offer's marketing source when a campaign tag is set", async () => {
    const o = await offer("tagged-1", { campaignTag: "7002" });
    await sync(o, "2026-11-01", "2026-11-02");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.campaignExtId))).toEqual(new Set(["7002"]));
  });

  it("splits a range at month boundaries (the API answers 400 otherwise) and marks invoiced months final", async () => {
    const o = await offer("months-1");
    const out = await sync(o, "2026-10-30", "2026-11-02");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(4 * 3);
    const oct = rows.filter((r) => r.reportDate.startsWith("2026-10"));
    expect(oct.every((r) => r.metricSemantics?.is_final === "true" && r.metricSemantics?.final_at === "2026-11-05T02:00:00.000Z")).toBe(
      true,
    );
    expect(rows.filter((r) => r.reportDate.startsWith("2026-11")).every((r) => r.metricSemantics?.is_final === "false")).toBe(true);
    const asked = (await sandboxLog()).filter(
      (l) => l.url.startsWith("/netrefer/dpm/v1/DAR/4242/2026-1") && l.headers.authorization?.includes(btoaUrl("months-1")),
    );
    expect(asked.map((l) => l.url.split("/").slice(-2).join(".."))).toEqual(["2026-10-30..2026-10-31", "2026-11-01..2026-11-02"]);
  });

  it("reuses the access token across windows and syncs", async () => {
    const o = await offer("cache-1");
    await sync(o, "2026-10-30", "2026-11-02");
    await sync(o, "2026-11-01", "2026-11-02");
    const signins = (await sandboxLog()).filter((l) => l.method === "POST" && l.url.includes("/oauth2/v2.0/token"));
    expect(signins.length).toBeGreaterThan(0);
    const reports = (await sandboxLog()).filter((l) => l.url.includes("/dpm/") && l.headers.authorization?.includes(btoaUrl("cache-1")));
    expect(new Set(reports.map((l) => l.headers.authorization)).size).toBe(1);
  });

  it("signs in again when a cached token is refused", async () => {
    const o = await offer("rotate-1");
    expect((await sync(o, "2026-11-01", "2026-11-02")).status).toBe("ok");
    expect((await sync(o, "2026-11-01", "2026-11-02")).status).toBe("ok");
    const reports = (await sandboxLog()).filter((l) => l.url.includes("/dpm/") && l.headers.authorization?.includes(btoaUrl("rotate-1")));
    expect(new Set(reports.map((l) => l.headers.authorization)).size).toBe(2);
  });

  it("keeps the first month when the second month's request fails (partial)", async () => {
    const o = await offer("partial-1");
    const out = await sync(o, "2026-10-30", "2026-11-02");
    expect(out.status).toBe("partial");
    expect((await activeRows(o)).every((r) => r.reportDate.startsWith("2026-10"))).toBe(true);
    expect(await activeRows(o)).toHaveLength(6);
  });

  it.each([
    ["bad-1", {}, "auth", 400],
    ["wrongpw-1", { password: "not-the-password" }, "auth", 400],
    ["wrongsecret-1", { clientSecret: "nope" }, "auth", 401],
    ["forbidden-1", {}, "auth", 403],
    ["error200-1", {}, "platform_error", 200],
    ["down-1", {}, "server", 500],
    ["malformed-1", {}, "malformed", 200],
    ["slow-1", {}, "timeout", null],
  ] as const)("fails user %s as %s without touching stored data", async (user, opts, kind, status) => {
    const o = await offer(user, opts);
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as { kind?: string }).kind).toBe(kind);
    const run = (await runs(o)).at(-1);
    expect(run?.status).toBe("failed");
    expect(run?.httpStatus ?? null).toBe(status);
    expect(run?.rawResponse ?? "").not.toContain("nr-password");
    expect(run?.rawResponse ?? "").not.toContain("nrtok.");
  });

  it("explains a rejected password with the Azure AD code", async () => {
    const o = await offer("wrongpw-2", { password: "nope" });
    const out = await sync(o, "2026-11-01", "2026-11-01");
    expect(out.error?.message).toBe(
      "NetRefer sign-in failed: invalid_grant (AADSTS50126: Error validating credentials due to invalid username or password.)",
    );
  });

  it("names what API Setup lacks, and redacts client secret and password", async () => {
    const bare = stub({}, {});
    await expect(netrefer.pull(bare, { from: "2026-11-01", to: "2026-11-01" }, fetch)).rejects.toThrow(
      "API Setup needs the NetRefer token URL or tenant, client id, client secret, username, password, affiliate id, API host",
    );
    expect(netrefer.secretsOf(stub({ clientSecret: "cs-1", password: "pw-1" }))).toEqual(["cs-1", "pw-1"]);
  });
});

describe("NetRefer window builder", () => {
  it("never lets a window cross a month", () => {
    expect(netreferWindows("2026-01-15", "2026-03-10")).toEqual([
      { from: "2026-01-15", to: "2026-01-31" },
      { from: "2026-02-01", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-03-10" },
    ]);
    expect(netreferWindows("2026-12-31", "2027-01-01")).toEqual([
      { from: "2026-12-31", to: "2026-12-31" },
      { from: "2027-01-01", to: "2027-01-01" },
    ]);
    for (const w of netreferWindows("2024-01-01", "2026-12-31")) expect(w.from.slice(0, 7)).toBe(w.to.slice(0, 7));
  });
});

describe("NetRefer parser", () => {
  const report = (marketingSources: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: "r1",
      lastCheckSum: "ab",
      reportingCurrency: "GBP",
      markedReadyForInvoicingTime: null,
      marketingSources,
      ...extra,
    });

  it("reads long-format data points and metric names written in any case", () => {
    const body = report([
      {
        id: 1,
        brands: [
          {
            id: "b",
            dataPoints: [
              { date: "2026-11-01", name: "Signups", value: 4 },
              { date: "2026-11-01", name: "Net Revenue", value: "-12.3456" },
              { date: "2026-11-01", name: "FIRST_TIME_DEPOSITING_CUSTOMERS", value: 1 },
            ],
          },
        ],
      },
    ]);
    const rows = parseNetrefer(body, stub(), null);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reportDate: "2026-11-01", registrations: 4, ftdCount: 1, ngrMicros: -12_345_600, currency: "GBP" });
  });

  it("accepts the key 'Marketing sources' and data points directly under a marketing source", () => {
    const body = JSON.stringify({
      id: "r1",
      reportingCurrency: "EUR",
      "Marketing sources": [{ id: 9, dataPoints: [{ Date: "2026-11-02T00:00:00", Signups: 2 }] }],
    });
    expect(parseNetrefer(body, stub(), null)[0]).toMatchObject({ reportDate: "2026-11-02", registrations: 2, campaignExtId: "9" });
  });

  it("uses a configured metric map, and says so when no mapped metric appears", () => {
    const body = report([{ id: 1, brands: [{ id: "b", dataPoints: [{ date: "2026-11-01", regs: 3, ngr_eur: 5 }] }] }]);
    const o = stub({}, { metricMap: { registrations: "regs", ngr: "ngr_eur", commissionTotal: "" } });
    expect(netreferMetricMap(o).commissionTotalMicros).toBeUndefined();
    expect(parseNetrefer(body, o, null)[0]).toMatchObject({ registrations: 3, ngrMicros: 5_000_000 });
    expect(() => parseNetrefer(body, stub(), null)).toThrow(/none of the mapped NetRefer metrics/);
    expect(() => netreferMetricMap(stub({}, { metricMap: { visits: "x" } }))).toThrow(/unknown field "visits"/);
  });

  it("fails a bad number as malformed, naming the metric", () => {
    const body = report([{ id: 1, brands: [{ id: "b", dataPoints: [{ date: "2026-11-01", signups: "many" }] }] }]);
    expect(() => parseNetrefer(body, stub(), null)).toThrow(/column Signups is not a count/);
  });

  it("takes var1 as the click id unless it is an unreplaced macro", () => {
    const body = report([
      {
        id: 1,
        brands: [
          {
            id: "b",
            dataPoints: [
              { date: "2026-11-01", signups: 1, var1: "{var1}" },
              { date: "2026-11-02", signups: 1, var1: "abc" },
            ],
          },
        ],
      },
    ]);
    const rows = parseNetrefer(body, stub(), null);
    expect(rows.map((r) => r.clickId)).toEqual([null, "abc"]);
  });

  it("marks a report final once it was marked ready for invoicing", () => {
    const body = report([{ id: 1, brands: [{ id: "b", dataPoints: [{ date: "2026-10-01", signups: 1 }] }] }], {
      markedReadyForInvoicingTime: "2026-11-03T01:00:00Z",
    });
    expect(parseNetrefer(body, stub(), null)[0]?.metricSemantics).toMatchObject({ is_final: "true", final_at: "2026-11-03T01:00:00Z" });
  });
});

function btoaUrl(s: string): string {
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function stub(secrets: Record<string, string> = {}, config: Record<string, unknown> = {}): ConnectorOffer {
  return {
    id: "of_stub",
    platform: "netrefer",
    brand: "X",
    campaignTag: null,
    platformTimezone: "UTC",
    accountCurrency: null,
    config,
    secrets,
  };
}
