/**
 * Query strings of list routes are typed (shared/list-queries.ts): a value that is not understood is
 * refused with 400 naming the parameter, instead of being read as the default; valid ones still answer.
 */
import { describe, expect, it } from "vitest";
import { api, demo, login } from "../helpers";

type ErrorBody = { error?: { code: string; details?: { fields?: { field: string }[] } } };

describe("typed list query strings", () => {
  it.each([
    ["/api/sites?archived=yes", "archived"],
    ["/api/campaigns?archived=2", "archived"],
    ["/api/traffic-sources?archived=true", "archived"],
    ["/api/offers/of_spinia/sync-runs?limit=abc", "limit"],
    ["/api/offers/of_spinia/sync-runs?limit=0", "limit"],
    ["/api/offers/of_spinia/sync-runs?limit=201", "limit"],
    ["/api/offers/of_spinia/changes?kind=inserted,bogus", "kind"],
    ["/api/offers/of_spinia/changes?kind=", "kind"],
    ["/api/offers/of_spinia/changes?late=yes", "late"],
    ["/api/offers/of_spinia/changes?limit=501", "limit"],
    ["/api/sites/site_uk/analytics?from=2026-11-01&to=2026-11-02&compare=maybe", "compare"],
  ])("GET %s → 400 naming %s", async (path, field) => {
    await demo();
    const res = await api<ErrorBody>(await login(), path);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error?.code).toBe("invalid_input");
    const fields = res.body.error?.details?.fields?.map((f) => f.field);
    expect(fields).toBeDefined();
    expect(fields).toContain(field);
  });

  it.each([
    "/api/sites?archived=1",
    "/api/campaigns?archived=0",
    "/api/traffic-sources",
    "/api/offers/of_spinia/sync-runs?limit=5",
    "/api/offers/of_spinia/changes?kind=changed,removed&late=1&limit=500",
  ])("GET %s answers 200", async (path) => {
    await demo();
    const res = await api(await login(), path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
