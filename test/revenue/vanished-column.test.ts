import { describe, expect, it } from "vitest";
import { activeRows, makeOffer, runs, sandboxUrl, sync } from "./harness";

const fault = (body: Record<string, unknown>) => fetch(`${sandboxUrl()}/__control/fault`, { method: "POST", body: JSON.stringify(body) });

describe("a platform that stops sending a column", () => {
  it("refuses the window naming the metric and keeps the stored figures", async () => {
    const token = `vanish-col-${Date.now().toString(36)}`;
    const o = await makeOffer({
      platform: "affilka",
      secrets: { reportUrl: `${sandboxUrl()}/affilka/api/customer/v1/partner/report?token=${token}` },
      config: { brandId: "12" },
      campaignTag: "501",
    });
    expect((await sync(o, "2026-11-01", "2026-11-03")).status).toBe("ok");
    const before = await activeRows(o);
    expect(before).toHaveLength(3);
    expect(before.every((r) => typeof r.commissionTotalMicros === "number" && r.commissionTotalMicros > 0)).toBe(true);

    await fault({ platform: "affilka", token, mode: "omit:partner_income" });
    try {
      const out = await sync(o, "2026-11-01", "2026-11-03");
      expect(out.status).toBe("failed");
      expect(out.error?.message).toContain("commissionTotalMicros");
    } finally {
      await fault({ platform: "affilka", mode: "none" });
    }
    const after = await activeRows(o);
    expect(after.map((r) => [r.reportDate, r.commissionTotalMicros])).toEqual(before.map((r) => [r.reportDate, r.commissionTotalMicros]));
    const latest = (await runs(o)).at(-1);
    expect(latest?.status).toBe("failed");
  });
});
