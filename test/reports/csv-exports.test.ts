/**
 * CSV exports through the API: figures are written as numbers (a negative one too, never with the
 * formula guard's leading quote), and only text cells that a spreadsheet would run get the guard.
 */
import Papa from "papaparse";
import { describe, expect, inject, it, vi } from "vitest";
import { formatMicros } from "../../shared/money";
import type { SiteOverviewResponse } from "../../shared/report-types";
import { addDays } from "../../shared/time";
import { ulid } from "../../workers/lib/ids";
import type { SyncMessage } from "../../workers/revenue/cron";
import { api, call, demo, json, login, todayIn } from "../helpers";
import { captureSends, runQueue } from "../queue";
import { figures } from "../sandbox/data";

describe("CSV exports", () => {
  it("write a negative revenue as a number, and guard a formula in a text cell", async () => {
    await demo();
    const cookie = await login();
    const day = addDays(todayIn("UTC"), -3);
    // A sandbox account whose commission for the day is negative (the sandbox's figures are a hash of token and day).
    let token = "";
    do token = `csv${ulid().toLowerCase()}`;
    while (figures(`${token}|14|777`, day).partnerIncomeCents >= 0);
    const site = await api<{ site: { id: string } }>(
      cookie,
      "/api/sites",
      json("POST", { name: `CSV ${token}`, domains: [`${token}.example`], market: "GB", timezone: "UTC" }),
    );
    expect(site.status).toBe(201);
    const siteId = site.body.site.id;
    const created = await api<{ offer: { id: string } }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: '=HYPERLINK("http://evil.example")',
        platform: "affilka",
        brand: "Wildz",
        campaignTag: "777",
        trackingUrl: "https://go.wildz.example/visit/?bta=777",
        platformTimezone: "UTC",
        accountCurrency: "EUR",
        siteIds: [siteId],
        apiSetup: {
          reportUrl: `${inject("sandboxUrl")}/affilka/api/customer/v1/partner/report?token=${token}`,
          brandId: "14",
          timeoutMs: 1500,
        },
      }),
    );
    expect(created.status).toBe(201);
    const offerId = created.body.offer.id;
    const route = await api(cookie, `/api/offers/${offerId}/tags/routes`, json("PUT", { dimension: "campaign", value: "777", siteId }));
    expect(route.status).toBe(200);
    const sent: SyncMessage[] = [];
    captureSends(sent);
    expect((await api(cookie, `/api/offers/${offerId}/resync`, json("POST", { from: day, to: day }))).status).toBe(202);
    expect(await runQueue(sent)).toHaveLength(1);
    vi.restoreAllMocks();

    // Site Overview: the day's revenue is negative in the JSON and the same number in the CSV.
    const o = await api<SiteOverviewResponse>(cookie, `/api/sites/${siteId}/overview?from=${day}&to=${day}`);
    expect(o.status).toBe(200);
    const revenue = o.body.series.find((d) => d.day === day)?.revenueMicros;
    expect(revenue).toBeDefined();
    expect(revenue).not.toBeNull();
    expect(revenue as number).toBeLessThan(0);
    const csv = await call(`/api/sites/${siteId}/overview.csv?from=${day}&to=${day}`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>(await csv.text(), { header: true, skipEmptyLines: true }).data;
    const line = rows.find((r) => r.day === day);
    expect(line).toBeDefined();
    expect(line?.revenue).toBe(formatMicros(revenue as number));
    expect(line?.revenue).toMatch(/^-\d+\.\d+$/);

    // Discrepancies: negative gaps are numbers; the offer's name (text) gets the guard.
    const d = await call(`/api/reports/discrepancies.csv?from=${day}&to=${day}&tz=UTC&offer=${offerId}`, { headers: { cookie } });
    expect(d.status).toBe(200);
    const drows = Papa.parse<Record<string, string>>(await d.text(), { header: true, skipEmptyLines: true }).data;
    const ftds = drows.find((r) => r.metric === "ftds");
    expect(ftds).toBeDefined();
    expect(ftds?.offer).toBe('\'=HYPERLINK("http://evil.example")');
    expect(ftds?.operator).toBe(String(figures(`${token}|14|777`, day).ftds));
  });
});
