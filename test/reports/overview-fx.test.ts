/**
 * Revenue in a currency with no FX rate (ARS: the ECB publishes none), next to revenue in the reporting
 * currency, on one site of a new workspace: neither the Site Overview nor the Site Report shows a
 * converted total that leaves the ARS amount out. The total, EPC and each affected day are null; the
 * amounts per currency and the missing rates are in the answer.
 */
import { describe, expect, inject, it } from "vitest";
import { runOfferSync } from "../../workers/revenue/sync";
import { api, apiKey, env, json, signUp } from "../helpers";

const FROM = "2026-11-02";
const TO = "2026-11-06";

type Overview = {
  totals: {
    revenue: { micros: number | null; byCurrency: { currency: string; micros: number }[]; missingFx: { day: string; currency: string }[] };
    epcMicros: number | null;
  };
  series: { day: string; revenueMicros: number | null }[];
};
type Report = {
  rows: { dimension1: { label: string }; metrics: { commissionMicros: number | null }; missingFx: string[] }[];
  totals: { metrics: { commissionMicros: number | null }; missingFx: string[] };
};

describe("revenue without an FX rate", () => {
  it("is shown per currency, never as a converted total that leaves it out", async () => {
    const user = await signUp();
    const workspaceId = user.workspaceId;
    if (!workspaceId) throw new Error("sign-up made no workspace");
    const key = await apiKey(user.cookie, "read_write");
    const site = await api<{ site: { id: string } }>(
      key,
      "/api/sites",
      json("POST", { name: "Fx Guide", market: "AR", timezone: "UTC", domains: ["fx-guide.example"] }),
    );
    expect(site.status).toBe(201);
    const siteId = site.body.site.id;
    const token = `sitesfx${Date.now()}`;
    const truth: Record<string, number> = {};
    for (const currency of ["ARS", "EUR"]) {
      const offer = await api<{ offer: { id: string } }>(
        key,
        "/api/offers",
        json("POST", {
          name: `Paid in ${currency}`,
          platform: "cellxpert",
          brand: `Brand ${currency}`,
          trackingUrl: "https://fx-casino.example/go",
          accountCurrency: currency,
          siteIds: [siteId],
          apiSetup: { baseUrl: `${inject("sandboxUrl")}/cellxpert`, affiliateId: "35614", apiKey: `${token}${currency}`, timeoutMs: 5000 },
        }),
      );
      expect(offer.status).toBe(201);
      const run = await runOfferSync(env, {
        offerId: offer.body.offer.id,
        workspaceId,
        trigger: "test",
        from: FROM,
        to: TO,
      });
      expect(run.status).toBe("ok");
      const route = await api(
        key,
        `/api/offers/${offer.body.offer.id}/tags/routes`,
        json("PUT", { dimension: "tracking_code", value: "tc-a", siteId }),
      );
      expect(route.status).toBe(200);
      const ledger = await fetch(`${inject("sandboxUrl")}/__control/truth`, {
        method: "POST",
        body: JSON.stringify({ platform: "cellxpert", token: `${token}${currency}` }),
      });
      const tags = (await ledger.json()) as Record<string, number>;
      expect(tags["tc-a"]).toBeTypeOf("number");
      truth[currency] = tags["tc-a"] as number;
    }

    const ov = await api<Overview>(key, `/api/sites/${siteId}/overview?from=${FROM}&to=${TO}`);
    expect(ov.status).toBe(200);
    const revenue = ov.body.totals.revenue;
    expect(revenue.missingFx.length).toBeGreaterThan(0);
    expect(revenue.missingFx.every((m) => m.currency === "ARS")).toBe(true);
    expect(revenue.micros).toBeNull();
    expect(ov.body.totals.epcMicros).toBeNull();
    expect(Object.fromEntries(revenue.byCurrency.map((m) => [m.currency, m.micros]))).toEqual(truth);
    const missingDays = new Set(revenue.missingFx.map((m) => m.day));
    const affected = ov.body.series.filter((d) => missingDays.has(d.day));
    expect(affected.length).toBe(missingDays.size);
    expect(affected.every((d) => d.revenueMicros === null)).toBe(true);

    const report = await api<Report>(key, `/api/reports/site?from=${FROM}&to=${TO}&dimension1=offer&siteId=${siteId}`);
    expect(report.status).toBe(200);
    const ars = report.body.rows.find((r) => r.dimension1.label === "Paid in ARS");
    const eur = report.body.rows.find((r) => r.dimension1.label === "Paid in EUR");
    expect(ars?.missingFx).toEqual(["ARS"]);
    expect(ars?.metrics.commissionMicros).toBeNull();
    expect(eur?.metrics.commissionMicros).toBe(truth.EUR);
    expect(report.body.totals.missingFx).toEqual(["ARS"]);
    expect(report.body.totals.metrics.commissionMicros).toBeNull();
  });
});
