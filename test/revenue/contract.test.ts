/**
 * The connector contract, the same for every platform through its sandbox: an unchanged re-pull
 * writes nothing, a restatement becomes a revision with a change-log entry, rows that vanished are
 * marked removed, an empty report imports nothing, each failure kind fails the run without storing,
 * and a 429 is retryable with the platform's Retry-After. Per-platform files keep only their quirks.
 */
import { describe, expect, it } from "vitest";
import type { PlatformId } from "../../shared/platforms";
import { ulid } from "../../workers/lib/ids";
import type { ConnectorError } from "../../workers/revenue/connectors/types";
import { GENERIC_CSV_MAPPING } from "../sandbox/platforms/generic";
import { activeRows, allRows, changes, control, makeOffer, runs, sandboxUrl, sync, type TestOffer } from "./harness";

interface ContractCase {
  platform: PlatformId;
  /** The name the sandbox keys restatements and vanished days on. */
  ledger: string;
  offer: (token: string) => Promise<TestOffer>;
  /** Failure tokens (prefix → mode) with the error kind and HTTP status the run records. */
  failures: [prefix: string, kind: string, status: number | null][];
  /** Whether the token is a secret that must never reach the stored raw response. */
  tokenIsSecret: boolean;
}

const ia = (key: string) =>
  `${sandboxUrl()}/income-access/api/affreporting.asp?key=${key}&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7&reportstartdate=2026/01/01&reportenddate=2026/01/31`;

const CASES: ContractCase[] = [
  {
    platform: "affilka",
    ledger: "affilka",
    offer: (t) =>
      makeOffer({
        platform: "affilka",
        secrets: { reportUrl: `${sandboxUrl()}/affilka/api/customer/v1/partner/report?token=${t}` },
        config: { brandId: "12" },
        campaignTag: "501",
      }),
    failures: [
      ["bad", "auth", 401],
      ["error200", "auth", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "cellxpert",
    ledger: "cellxpert",
    offer: (t) =>
      makeOffer({
        platform: "cellxpert",
        secrets: { apiKey: t },
        config: { baseUrl: `${sandboxUrl()}/cellxpert`, affiliateId: "35614" },
        campaignTag: "tc-reviews",
        accountCurrency: "USD",
      }),
    failures: [
      ["bad", "auth", 200],
      ["ipblocked", "ip_not_allowed", 200],
      ["error200", "config", 200],
      ["forbidden", "auth", 403],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "smartico",
    ledger: "smartico",
    offer: (t) =>
      makeOffer({ platform: "smartico", secrets: { apiKey: t }, config: { host: `${sandboxUrl()}/smartico` }, accountCurrency: "EUR" }),
    failures: [
      ["bad", "auth", 403],
      ["error200", "platform_error", 200],
      ["label", "server", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "income_access",
    ledger: "income_access",
    offer: (t) => makeOffer({ platform: "income_access", secrets: { reportUrl: ia(t) }, campaignTag: "39356" }),
    failures: [
      ["bad", "auth", 401],
      ["forbidden", "auth", 403],
      ["error200", "auth", 200],
      ["ipblock", "ip_not_allowed", 200],
      ["reporterror", "platform_error", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["garbage", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "map",
    ledger: "map",
    offer: (t) =>
      makeOffer({
        platform: "map",
        secrets: {
          reportUrl: `${sandboxUrl()}/map/generatemapreports.aspx?ver=3.0&username=aff01&apikey=${t}&reportstartdate=01/01/2025&reportenddate=01/31/2025&command=activityreport&format=csv`,
        },
        config: { brandName: "Luckster" },
      }),
    failures: [
      ["bad", "auth", 401],
      ["error200", "auth", 200],
      ["login", "auth", 200],
      ["reporterror", "platform_error", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "myaffiliates",
    ledger: "myaffiliates",
    offer: (t) =>
      makeOffer({
        platform: "myaffiliates",
        secrets: {
          clientSecret: `secret-${t}`,
          reportUrl: `${sandboxUrl()}/myaffiliates/statistics.php?d1=2025-01-01&d2=2025-01-31&mode=csv&sbm=1&dnl=1&channel=Casino%20Main&show_campaigns=1&tag=${t}`,
        },
        config: { clientId: t },
        campaignTag: "Reviews UK",
        accountCurrency: "GBP",
      }),
    failures: [
      ["htmlbearer", "auth", 200],
      ["error200", "platform_error", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    // The client id is an identifier, not a secret (the secret is the client secret).
    tokenIsSecret: false,
  },
  {
    platform: "netrefer",
    ledger: "netrefer",
    offer: (t) =>
      makeOffer({
        platform: "netrefer",
        secrets: { clientSecret: "nr-secret", password: "nr-password" },
        config: {
          tokenUrl: `${sandboxUrl()}/netrefer/tenant-123/oauth2/v2.0/token`,
          clientId: "nr-client",
          username: t,
          host: `${sandboxUrl()}/netrefer`,
          affiliateId: "4242",
        },
      }),
    failures: [
      ["bad", "auth", 400],
      ["forbidden", "auth", 403],
      ["error200", "platform_error", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    // The username is not secret; the password and tokens are (checked in netrefer.test.ts).
    tokenIsSecret: false,
  },
  {
    platform: "referon",
    ledger: "referon",
    offer: (t) =>
      makeOffer({
        platform: "referon",
        secrets: { reportUrl: `${sandboxUrl()}/referon/statistics?token=${t}&id=42&from=2025-01-01&to=2025-01-31` },
      }),
    failures: [
      ["bad", "auth", 401],
      ["error200", "auth", 200],
      ["login", "auth", 200],
      ["preset", "platform_error", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["garbage", "malformed", 200],
      ["paged", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "everflow",
    ledger: "everflow",
    offer: (t) => makeOffer({ platform: "everflow", secrets: { apiKey: t }, config: { baseUrl: `${sandboxUrl()}/everflow` } }),
    failures: [
      ["bad", "auth", 401],
      ["forbidden", "auth", 403],
      ["error200", "auth", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
  {
    platform: "generic",
    ledger: "generic",
    offer: (t) =>
      makeOffer({
        platform: "generic",
        secrets: { url: `${sandboxUrl()}/generic/report.csv?key=${t}&start={from}&end={to}` },
        config: {
          mapping: {
            ...GENERIC_CSV_MAPPING,
            clickId: "SubID",
          },
        },
      }),
    failures: [
      ["bad", "auth", 401],
      ["forbidden", "auth", 403],
      ["error200", "auth", 200],
      ["down", "server", 500],
      ["malformed", "malformed", 200],
      ["slow", "timeout", null],
    ],
    tokenIsSecret: true,
  },
];

/** A fresh token in a sandbox mode (the prefix selects the mode; the rest keeps tests apart). */
const token = (mode: string) => `${mode}-ct${ulid().toLowerCase()}`;

describe.each(CASES)("$platform connector contract", (pc) => {
  it("writes nothing when an unchanged window is pulled again", async () => {
    const o = await pc.offer(token("normal"));
    const first = await sync(o, "2026-11-01", "2026-11-04");
    expect(first.status).toBe("ok");
    expect((await activeRows(o)).length).toBeGreaterThan(0);
    const before = (await changes(o)).length;
    const again = await sync(o, "2026-11-01", "2026-11-04");
    expect(again.status).toBe("ok");
    expect(again.counts).toMatchObject({ inserted: 0, changed: 0, removed: 0 });
    expect((await changes(o)).length).toBe(before);
  });

  it("records a restatement as a new revision with a change-log entry, on that day only", async () => {
    const t = token("restate");
    const o = await pc.offer(t);
    expect((await sync(o, "2026-11-01", "2026-11-03")).status).toBe("ok");
    const day2 = (await activeRows(o)).filter((r) => r.reportDate === "2026-11-02").length;
    expect(day2).toBeGreaterThan(0);
    await control("restate", { platform: pc.ledger, token: t, day: "2026-11-02", factor: 0.5 });
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect(out.counts.changed).toBeGreaterThan(0);
    expect(out.counts.changed).toBeLessThanOrEqual(day2);
    const revised = (await activeRows(o)).filter((r) => r.revision === 2);
    expect(revised.length).toBe(out.counts.changed);
    expect(revised.every((r) => r.reportDate === "2026-11-02")).toBe(true);
    const log = (await changes(o)).filter((c) => c.kind === "changed");
    expect(log).toHaveLength(out.counts.changed);
    for (const c of log) expect(Object.keys(c.diff).length).toBeGreaterThan(0);
  });

  it("marks rows that vanished from the platform as removed", async () => {
    const t = token("vanish");
    const o = await pc.offer(t);
    expect((await sync(o, "2026-11-01", "2026-11-03")).status).toBe("ok");
    const day3 = (await activeRows(o)).filter((r) => r.reportDate === "2026-11-03").length;
    expect(day3).toBeGreaterThan(0);
    await control("vanish", { platform: pc.ledger, token: t, day: "2026-11-03" });
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect(out.counts.removed).toBe(day3);
    expect((await activeRows(o)).some((r) => r.reportDate === "2026-11-03")).toBe(false);
    expect((await allRows(o)).filter((r) => r.reportDate === "2026-11-03").every((r) => r.state === "removed")).toBe(true);
  });

  it("imports nothing from an empty report", async () => {
    const o = await pc.offer(token("empty"));
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect(await activeRows(o)).toHaveLength(0);
  });

  it.each(pc.failures)("fails mode %s as %s (HTTP %s) and stores nothing", async (mode, kind, status) => {
    const t = token(mode);
    const o = await pc.offer(t);
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as ConnectorError).kind).toBe(kind);
    const run = (await runs(o)).at(-1);
    expect(run?.status).toBe("failed");
    expect(run?.httpStatus ?? null).toBe(status);
    if (pc.tokenIsSecret) expect(run?.rawResponse ?? "").not.toContain(t);
    expect(await allRows(o)).toHaveLength(0);
  });

  it("reports 429 as retryable with the platform's Retry-After", async () => {
    const o = await pc.offer(token("ratelimit"));
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as ConnectorError).kind).toBe("rate_limited");
    expect((out.error as ConnectorError).retryable).toBe(true);
    expect((out.error as ConnectorError).retryAfterSeconds).toBe(2);
    expect((await sync(o, "2026-11-01", "2026-11-02")).status).toBe("ok");
  });
});
