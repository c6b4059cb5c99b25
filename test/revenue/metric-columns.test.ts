/**
 * Every metric mapped or said to be missing: the sync run records which report column fed each
 * metric; a metric the report lacks is null (never 0); a column that is 0 in every row while another
 * known column for the metric has values is flagged and not stored as a plausible 0.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncRuns } from "../../workers/db/schema";
import { activeRows, db, makeOffer, sandboxUrl, sync } from "./harness";

const iaUrl = (key: string) =>
  `${sandboxUrl()}/income-access/api/affreporting.asp?key=${key}&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=7&reportstartdate=2026/01/01&reportenddate=2026/01/31`;

async function runOf(runId: string) {
  const run = (await db().select().from(syncRuns).where(eq(syncRuns.id, runId)))[0];
  expect(run).toBeDefined();
  return run as typeof syncRuns.$inferSelect;
}

describe("Income Access column variants", () => {
  it("flags registrations and NGR read from all-zero default columns and stores them as not reported", async () => {
    const o = await makeOffer({ platform: "income_access", secrets: { reportUrl: iaUrl(`altcols-${crypto.randomUUID()}`) } });
    const out = await sync(o, "2026-11-02", "2026-11-03");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.registrations).toBeNull();
      expect(r.ngrMicros).toBeNull();
      expect(r.commissionTotalMicros).toBeTypeOf("number");
    }
    const run = await runOf(out.runId);
    const flags = run.metricColumns?.flags ?? [];
    expect(flags.map((f) => [f.metric, f.column, f.alternative]).sort()).toEqual([
      ["ngrMicros", "grossrevenue", "netrevenue"],
      ["registrations", "downloads", "newaccounts"],
    ]);
    expect(run.metricColumns?.fedBy.registrations).toBeNull();
    expect(run.metricColumns?.fedBy.commissionTotalMicros).toBe("totalcommission");
  });

  it("uses the columns the user chooses, and says so", async () => {
    const key = `altcols-${crypto.randomUUID()}`;
    const plain = await makeOffer({ platform: "income_access", secrets: { reportUrl: iaUrl(`ok-${key}`) } });
    const chosen = await makeOffer({
      platform: "income_access",
      secrets: { reportUrl: iaUrl(key) },
      config: { columns: { registrations: "newaccounts", ngrMicros: "netrevenue" } },
    });
    expect((await sync(plain, "2026-11-02", "2026-11-02")).status).toBe("ok");
    const out = await sync(chosen, "2026-11-02", "2026-11-02");
    expect(out.status).toBe("ok");
    const run = await runOf(out.runId);
    expect(run.metricColumns?.flags).toEqual([]);
    expect(run.metricColumns?.fedBy.registrations).toBe("newaccounts");
    expect(run.metricColumns?.fedBy.ngrMicros).toBe("netrevenue");
    const rows = await activeRows(chosen);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.registrations).toBeTypeOf("number");
      expect(r.ngrMicros).toBeTypeOf("number");
    }
  });
});

describe("Smartico metrics", () => {
  it("maps QFTDs and leaves what the report lacks as not reported", async () => {
    const o = await makeOffer({
      platform: "smartico",
      secrets: { apiKey: `ok-${crypto.randomUUID()}` },
      config: { host: `${sandboxUrl()}/smartico` },
      accountCurrency: "EUR",
    });
    const out = await sync(o, "2026-11-02", "2026-11-04");
    expect(out.status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.qftdCount).toBeTypeOf("number");
      expect(r.impressions).toBeNull();
    }
    expect(rows.some((r) => (r.qftdCount as number) > 0)).toBe(true);
    const run = await runOf(out.runId);
    expect(run.metricColumns?.fedBy.qftdCount).toBe("smartico.qftd_count");
    expect(run.metricColumns?.fedBy.impressions).toBeNull();
  });
});
