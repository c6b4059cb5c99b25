import { describe, expect, it } from "vitest";
import { activeRows, db, makeOffer, sandboxUrl, sync } from "./harness";

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
