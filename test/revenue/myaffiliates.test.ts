import { describe, expect, it } from "vitest";
import {
  accessToken,
  myaffiliates,
  myaffRequestUrl,
  parseMyAffiliatesCsv,
  tokenUrlOf,
} from "../../workers/revenue/connectors/myaffiliates";
import { ConnectorError, type ConnectorOffer } from "../../workers/revenue/connectors/types";
import { figures } from "../sandbox/data";
import { activeRows, allRows, changes, makeOffer, runs, sandboxUrl, sync } from "./harness";

const reportUrl = (clientId: string) =>
  `${sandboxUrl()}/myaffiliates/statistics.php?d1=2025-01-01&d2=2025-01-31&mode=csv&sbm=1&dnl=1&channel=Casino%20Main&show_campaigns=1&tag=${clientId}`;
const offer = (
  clientId: string,
  opts: { secret?: string; config?: Record<string, unknown>; campaignTag?: string | null; currency?: string | null } = {},
) =>
  makeOffer({
    platform: "myaffiliates",
    secrets: { clientSecret: opts.secret ?? `secret-${clientId}`, reportUrl: reportUrl(clientId) },
    config: { clientId, ...opts.config },
    campaignTag: opts.campaignTag === undefined ? "Reviews UK" : opts.campaignTag,
    accountCurrency: opts.currency === undefined ? "GBP" : opts.currency,
  });

async function reportRequests(clientId: string): Promise<{ url: string; bearer: string }[]> {
  const res = await fetch(`${sandboxUrl()}/__control/state?prefix=/myaffiliates/`, { method: "POST" });
  const body = (await res.json()) as { log: { url: string; headers: Record<string, string> }[] };
  return body.log.filter((l) => l.url.includes(`tag=${clientId}`)).map((l) => ({ url: l.url, bearer: l.headers.authorization ?? "" }));
}

describe("MyAffiliates connector against its sandbox", () => {
  it("gets a client-credentials token, pulls the CSV with it and imports the offer's campaign per day", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.map((r) => r.reportDate)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    const f = figures("normal-1|Reviews UK", "2026-11-02");
    expect(rows[1]).toMatchObject({
      brandNameRaw: "Casino Main",
      campaignExtId: "Reviews UK",
      currency: "GBP",
      currencyOrigin: "account_default",
      impressions: f.visits * 6,
      clicks: f.visits,
      registrations: f.registrations,
      ftdCount: f.ftds,
      depositsMicros: f.depositsCents * 10_000,
      ngrMicros: f.ngrCents * 10_000,
      commissionTotalMicros: f.partnerIncomeCents * 10_000,
    });
    expect(rows[1]?.metricSemantics?.clicks).toMatch(/Hits/);
    const reqs = await reportRequests("normal-1");
    expect(reqs).toHaveLength(1);
    expect(reqs[0]?.url).toContain("d1=2026-11-01&d2=2026-11-03&mode=csv&sbm=1&dnl=1");
    expect(reqs[0]?.bearer).toMatch(/^Bearer mya/);
  });

  it("reuses a cached token and writes nothing when an unchanged window is pulled again", async () => {
    const o = await offer("normal-2");
    await sync(o, "2026-11-01", "2026-11-06");
    const before = (await changes(o)).length;
    const again = await sync(o, "2026-11-01", "2026-11-06");
    expect(again.counts).toMatchObject({ inserted: 0, changed: 0, removed: 0 });
    expect((await changes(o)).length).toBe(before);
    const bearers = new Set((await reportRequests("normal-2")).map((r) => r.bearer));
    expect(bearers.size).toBe(1);
  });

  it("fetches a fresh token once when the report answers with the login page", async () => {
    const o = await offer("expired-1");
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("ok");
    const reqs = await reportRequests("expired-1");
    expect(reqs).toHaveLength(2);
    expect(reqs[0]?.bearer).not.toBe(reqs[1]?.bearer);
  });

  it("asks per day when the Date column holds months", async () => {
    const o = await offer("monthly-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect((await activeRows(o)).map((r) => r.reportDate)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    expect(await reportRequests("monthly-1")).toHaveLength(4);
  });

  it.each([
    ["badsecret-1", "bad-secret", "auth", 401, /invalid_client: Client authentication failed/],
    ["htmlbearer-1", undefined, "auth", 200, /login page/],
    ["error200-1", undefined, "platform_error", 200, /not available for your account/],
    ["down-1", undefined, "server", 500, /500/],
    ["malformed-1", undefined, "malformed", 200, /column "Hits" is not a count: "12 hits"/],
    ["slow-1", undefined, "timeout", null, /no answer/],
  ])("fails client %s (secret %s) as %s without touching stored data", async (clientId, secret, kind, status, message) => {
    const o = await offer(clientId, { secret });
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as { kind?: string }).kind).toBe(kind);
    expect(out.error?.message).toMatch(message);
    expect(await allRows(o)).toHaveLength(0);
    const run = (await runs(o)).at(-1);
    expect(run?.httpStatus ?? null).toBe(status);
    expect(run?.rawResponse ?? "").not.toContain(secret ?? `secret-${clientId}`);
    expect(run?.rawResponse ?? "").not.toMatch(/access_token|Bearer mya/);
  });

  it("stores finished windows when a later window fails (partial)", async () => {
    const o = await offer("partial-1");
    const out = await sync(o, "2026-10-31", "2026-11-01"); // windows Oct 31 | Nov 1; the second fails
    expect(out.status).toBe("partial");
    expect((await activeRows(o)).map((r) => r.reportDate)).toEqual(["2026-10-31"]);
  });

  it("refuses incomplete setups as config errors", async () => {
    const cases: [Parameters<typeof makeOffer>[0], RegExp][] = [
      [{ platform: "myaffiliates", secrets: { clientSecret: "s-1234", reportUrl: reportUrl("c1") } }, /Client Identifier/],
      [{ platform: "myaffiliates", secrets: { reportUrl: reportUrl("c2") }, config: { clientId: "c2" } }, /Client Secret/],
      [{ platform: "myaffiliates", secrets: { clientSecret: "s-1234" }, config: { clientId: "c3" } }, /report URL/],
      [
        {
          platform: "myaffiliates",
          secrets: { clientSecret: "s-1234", reportUrl: reportUrl("c4") },
          config: { clientId: "c4", scope: "r_other" },
        },
        /invalid_scope/,
      ],
      [
        { platform: "myaffiliates", secrets: { clientSecret: "s-1234", reportUrl: reportUrl("c5") }, config: { clientId: "c5" } },
        /account currency/,
      ],
    ];
    for (const [setup, message] of cases) {
      const o = await makeOffer(setup);
      const out = await sync(o, "2026-11-01", "2026-11-01");
      expect((out.error as { kind?: string }).kind).toBe("config");
      expect(out.error?.message).toMatch(message);
    }
  });
});

const unitOffer = (config: Record<string, unknown> = {}, accountCurrency: string | null = "EUR"): ConnectorOffer => ({
  id: "of_unit",
  platform: "myaffiliates",
  brand: "Casino",
  campaignTag: null,
  platformTimezone: "Europe/London",
  accountCurrency,
  config: { clientId: "client-1", ...config },
  secrets: {
    clientSecret: "very-secret",
    reportUrl: "https://affiliates.example.com/statistics.php?d1=2024-01-01&d2=2024-01-31&mode=html&channel=7",
  },
});
const day = { from: "2025-01-05", to: "2025-01-05" };

describe("MyAffiliates window builder, token and CSV parser", () => {
  it("splits into calendar-month windows", () => {
    expect(myaffiliates.windows("2026-02-20", "2026-03-10")).toEqual([
      { from: "2026-02-20", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-03-10" },
    ]);
  });

  it("sets d1/d2 and mode=csv and finds the token endpoint next to statistics.php", () => {
    expect(myaffRequestUrl(unitOffer(), "2025-02-01", "2025-02-03")).toBe(
      "https://affiliates.example.com/statistics.php?d1=2025-02-01&d2=2025-02-03&mode=csv&channel=7&sbm=1&dnl=1",
    );
    expect(tokenUrlOf(unitOffer())).toBe("https://affiliates.example.com/oauth/access_token");
    expect(tokenUrlOf(unitOffer({ tokenUrl: "https://secure.example.com/oauth/access_token" }))).toBe(
      "https://secure.example.com/oauth/access_token",
    );
  });

  it("posts the client-credentials form, caches the token and redacts it", async () => {
    const seen: string[] = [];
    const fetcher = (async (_url: string | URL | Request, init?: RequestInit) => {
      seen.push(String(init?.body));
      return new Response(JSON.stringify({ access_token: `tok-${seen.length}-abcdef`, expires_in: 600 }), {
        headers: { "Content-Type": "application/json" },
      });
    }) as typeof fetch;
    const o = unitOffer({ clientId: "cache-test" });
    expect(await accessToken(o, fetcher, false, 1_000)).toBe("tok-1-abcdef");
    expect(seen[0]).toBe("grant_type=client_credentials&client_id=cache-test&client_secret=very-secret&scope=r_user_stats");
    expect(await accessToken(o, fetcher, false, 2_000)).toBe("tok-1-abcdef");
    expect(myaffiliates.secretsOf(o)).toEqual(expect.arrayContaining(["very-secret", "tok-1-abcdef"]));
    // 600 s token, refreshed 5 minutes before expiry
    expect(await accessToken(o, fetcher, false, 1_000 + 301_000)).toBe("tok-2-abcdef");
    expect(await accessToken(o, fetcher, true, 1_000 + 302_000)).toBe("tok-3-abcdef");
  });

  it("matches other header spellings, strips currency symbols and sums repeated keys", () => {
    const csv = [
      "Pay Period,Channel,Campaign ID,Campaign,Sign Ups,FTD,Net Deposits,NGR,RevShare,CPA,Earnings",
      '2025-01-05,Casino,17,UK,3,1,"£1,000.00",£200.50,£60.15,£50.00,£110.15',
      "2025-01-05,Casino,17,UK,2,1,£10.00,£0.50,£0.15,£0.00,£0.15",
    ].join("\n");
    const rows = parseMyAffiliatesCsv(csv, unitOffer({}, null), day, null).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      reportDate: "2025-01-05",
      campaignExtId: "17",
      campaignNameRaw: "UK",
      registrations: 5,
      ftdCount: 2,
      depositsMicros: 1_010_000_000,
      ngrMicros: 201_000_000,
      commissionRevshareMicros: 60_300_000,
      commissionCpaMicros: 50_000_000,
      commissionTotalMicros: 110_300_000,
      currency: "GBP",
      currencyOrigin: "api_field",
    });
  });

  it("reads DD/MM/YYYY dates, counts monthly rows as undated, refuses days outside the window", () => {
    const w = { from: "2025-01-01", to: "2025-01-31" };
    expect(parseMyAffiliatesCsv("Date,Hits\n07/01/2025,4", unitOffer(), w, null).rows[0]?.reportDate).toBe("2025-01-07");
    expect(parseMyAffiliatesCsv("Date,Hits\n2025-01,4", unitOffer(), w, null)).toMatchObject({ rows: [], undated: 1 });
    expect(parseMyAffiliatesCsv("Date,Hits\n2025-01,4", unitOffer(), w, "2025-01-09").rows[0]?.reportDate).toBe("2025-01-09");
    expect(() => parseMyAffiliatesCsv("Date,Hits\n2025-02-01,4", unitOffer(), w, null)).toThrow(/outside/);
  });

  it("takes the click id from Payload, never an unreplaced macro", () => {
    const rows = parseMyAffiliatesCsv(
      ["Date,Payload,Hits", "2025-01-05,cf_9,1", "2025-01-05,{payload},2"].join("\n"),
      unitOffer(),
      day,
      null,
    ).rows;
    expect(rows.map((r) => r.clickId)).toEqual(["cf_9", null]);
    expect(rows[1]?.subIds).toEqual({ Payload: "{payload}" });
  });

  it("treats HTML as a refused token and error text by its meaning", () => {
    const kind = (text: string) => {
      try {
        parseMyAffiliatesCsv(text, unitOffer(), day, day.from);
        return "none";
      } catch (e) {
        return (e as ConnectorError).kind;
      }
    };
    expect(kind("<html><body>Please log in</body></html>")).toBe("auth");
    expect(kind("You are not authorised to view statistics")).toBe("auth");
    expect(kind("ERROR: Invalid date range.")).toBe("platform_error");
    expect(kind("Date,Hits\n2025-01-05,1.5")).toBe("malformed");
    expect(() => parseMyAffiliatesCsv("Date,Hits\n2025-01-05,1", unitOffer({ columns: { clicks: "Clicks" } }), day, null)).toThrow(
      ConnectorError,
    );
  });
});
