/**
 * A workspace past D1's limit of 100 bound parameters per query: 105 offers on one site and 105
 * campaigns. Lists and reports once bound one parameter per offer or campaign id (drizzle's inArray)
 * and answered 500 from the 100th offer on (found by the API fuzz); workers/db/in-list.ts binds the
 * list as one. Every GET route must still answer, and the reports' figures must not move.
 */
import { describe, expect, it } from "vitest";
import { api, apiRoutes, call, concreteRoute, DEMO_ROUTE_IDS, demo, json, login, withAuth } from "../helpers";

const RANGE = "from=2026-11-01&to=2026-11-28";
const SKIP = /^\/api\/(dev|outbox)(\/|$)|^\/api\/auth\/logout/;
const gets = apiRoutes(SKIP)
  .filter((r) => r.method === "GET")
  .map((r) => r.path);

describe("a workspace with more than 100 offers and campaigns", () => {
  it("answers every GET route, and the reports' figures do not move", { timeout: 120_000 }, async () => {
    await demo();
    const cookie = await login();
    const overview = async () => (await api<{ totals: unknown }>(cookie, `/api/reports/overview?${RANGE}`)).body.totals;
    const report = async () => (await api<{ totals: unknown }>(cookie, `/api/reports/site?${RANGE}`)).body.totals;
    const before = { overview: await overview(), report: await report() };
    expect(before.overview).toBeDefined();
    expect(before.report).toBeDefined();

    for (let i = 0; i < 105; i++) {
      const clone = await api<{ offer?: { id: string } }>(cookie, "/api/offers/of_spinia/clone", json("POST", {}));
      expect(clone.status).toBe(201);
      const campaign = await api(
        cookie,
        "/api/campaigns",
        json("POST", { name: `Campaign ${i}`, siteId: "site_uk", offerIds: ["of_spinia"] }),
      );
      expect(campaign.status).toBe(201);
    }
    const offers = await api<{ offers: unknown[] }>(cookie, "/api/offers");
    expect(offers.body.offers.length).toBeGreaterThan(105);
    const campaigns = await api<{ campaigns: unknown[] }>(cookie, "/api/campaigns");
    expect(campaigns.body.campaigns.length).toBeGreaterThan(105);

    const failed: string[] = [];
    for (const path of gets) {
      const url = concreteRoute(path, DEMO_ROUTE_IDS, "x");
      // Some answer CSV or HTML: the status is what counts here.
      const res = await call(`${url}?${RANGE}`, withAuth(cookie));
      if (res.status >= 500) failed.push(`${path} → ${res.status} ${await res.text()}`);
    }
    expect(failed).toEqual([]);
    expect(await overview()).toEqual(before.overview);
    expect(await report()).toEqual(before.report);
  });
});
