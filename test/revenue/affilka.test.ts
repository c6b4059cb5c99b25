import { describe, expect, it } from "vitest";
import { activeRows, allRows, changes, control, db, makeOffer, runs, sandboxUrl, sync } from "./harness";

const reportUrl = (token: string) => `${sandboxUrl()}/affilka/api/customer/v1/partner/report?token=${token}`;
const offer = (token: string) =>
  makeOffer({ platform: "affilka", secrets: { reportUrl: reportUrl(token) }, config: { brandId: "12" }, campaignTag: "501" });

describe("Affilka connector against its sandbox", () => {
  it("imports one row per day for the offer's brand and campaign only, money exact with currency", async () => {
    const o = await offer("normal-1");
    const out = await sync(o, "2026-11-01", "2026-11-05");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.brandExtId))).toEqual(new Set(["12"]));
    expect(new Set(rows.map((r) => r.campaignExtId))).toEqual(new Set(["501"]));
    for (const r of rows) {
      expect(r.currency).toBe("EUR");
      expect(Number.isInteger(r.commissionTotalMicros)).toBe(true);
      expect(r.commissionTotalMicros).toBeTypeOf("number");
      expect((r.commissionTotalMicros as number) % 10_000).toBe(0); // cents → micros exactly
    }
  });

  it("writes nothing when an unchanged window is pulled again", async () => {
    const o = await offer("normal-2");
    await sync(o, "2026-11-01", "2026-11-10");
    const before = (await changes(o)).length;
    const again = await sync(o, "2026-11-01", "2026-11-10");
    expect(again.counts).toMatchObject({ inserted: 0, changed: 0, removed: 0 });
    expect((await changes(o)).length).toBe(before);
  });

  it("records a restatement as a new revision with a change-log entry", async () => {
    const o = await offer("restate-1");
    await sync(o, "2026-11-01", "2026-11-03");
    await control("restate", { platform: "affilka", token: "restate-1", day: "2026-11-02", factor: 0.5 });
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.counts.changed).toBe(1);
    const row = (await activeRows(o)).find((r) => r.reportDate === "2026-11-02");
    expect(row?.revision).toBe(2);
    const log = (await changes(o)).filter((c) => c.kind === "changed");
    expect(log[0]?.diff.registrations).toBeDefined();
  });

  it("marks rows that vanished from the platform as removed", async () => {
    const o = await offer("vanish-1");
    await sync(o, "2026-11-01", "2026-11-03");
    await control("vanish", { platform: "affilka", token: "vanish-1", day: "2026-11-03" });
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.counts.removed).toBe(1);
    expect((await activeRows(o)).map((r) => r.reportDate)).toEqual(["2026-11-01", "2026-11-02"]);
    expect((await allRows(o)).find((r) => r.reportDate === "2026-11-03")?.state).toBe("removed");
  });

  it("imports nothing from an empty report", async () => {
    const o = await offer("empty-1");
    const out = await sync(o, "2026-11-01", "2026-11-03");
    expect(out.status).toBe("ok");
    expect(await activeRows(o)).toHaveLength(0);
  });

  it.each([
    ["bad-1", "auth", 401],
    ["error200-1", "auth", 200],
    ["down-1", "server", 500],
    ["malformed-1", "malformed", 200],
    ["slow-1", "timeout", null],
  ])("fails token %s as %s without touching stored data", async (token, kind, status) => {
    const o = await offer(token);
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect(out.status).toBe("failed");
    expect((out.error as { kind?: string }).kind).toBe(kind);
    const run = (await runs(o)).at(-1);
    expect(run?.status).toBe("failed");
    expect(run?.httpStatus ?? null).toBe(status);
    expect(run?.rawResponse ?? "").not.toContain(token);
  });

  it("reports 429 as retryable with the platform's Retry-After", async () => {
    const o = await offer("ratelimit-1");
    const out = await sync(o, "2026-11-01", "2026-11-02");
    expect((out.error as { kind?: string; retryAfterSeconds?: number }).kind).toBe("rate_limited");
    expect((out.error as { retryAfterSeconds?: number }).retryAfterSeconds).toBe(2);
    expect((await sync(o, "2026-11-01", "2026-11-02")).status).toBe("ok");
  });
});

describe("revenue in the reporting currency", () => {
  it("stores the converted commission with the dated rate used, and flags a missing rate instead of 0", async () => {
    const { seedDemo } = await import("../../workers/dev/seed");
    const { env } = await import("cloudflare:workers");
    const { eq } = await import("drizzle-orm");
    const { workspaces } = await import("../../workers/db/schema");
    await seedDemo(env, db(), { sandboxUrl: sandboxUrl(), password: "demo-password-123" }); // seeds dated EUR rates
    const o = await offer("fx-1");
    await db().update(workspaces).set({ reportingCurrency: "GBP" }).where(eq(workspaces.id, o.workspaceId));
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await sync(o, day, day);
    const [row] = await activeRows(o);
    expect(row?.reportingCurrency).toBe("GBP");
    expect(row?.fxRate).toMatch(/^0\.8\d+$/);
    expect(row?.fxRateDate).toBe(day);
    expect(row?.commissionTotalMicros).toBeTypeOf("number");
    expect(row?.commissionReportingMicros).toBeTypeOf("number");
    const expected = Math.round((row?.commissionTotalMicros as number) * Number(row?.fxRate));
    expect(Math.abs((row?.commissionReportingMicros as number) - expected)).toBeLessThanOrEqual(1);

    const old = await offer("fx-2");
    await db().update(workspaces).set({ reportingCurrency: "GBP" }).where(eq(workspaces.id, old.workspaceId));
    await sync(old, "2020-01-01", "2020-01-01"); // no rate that far back
    const [r2] = await activeRows(old);
    expect(r2?.fxRate).toBeNull();
    expect(r2?.commissionReportingMicros).toBeNull();
  });
});
