/**
 * How a 400 names its field across the entity routes (workers/lib/errors.ts fromZod): an unknown key by its
 * own name, a body that is not a JSON object as `body`, a value of the wrong type as "must be text", once.
 */
import { describe, expect, it } from "vitest";
import { api, call, demo, login, withAuth } from "../helpers";
import { type ErrorBody, json } from "./entity-helpers";

const site = { name: "Unknown keys", domains: ["unknown-keys.example"], market: "GB", locale: "en", timezone: "Europe/London" };

describe("input errors name the field", () => {
  it("an unknown body key is named itself, on every entity route that refuses one", async () => {
    await demo();
    const cookie = await login();
    const cases: [string, string, Record<string, unknown>, string][] = [
      ["POST", "/api/sites", { ...site, foo: 1 }, "foo"],
      ["PATCH", "/api/sites/site_uk", { publicKey: "pkmine" }, "publicKey"],
      ["PUT", "/api/sites/site_uk/offers", { offerIds: [], extra: true }, "extra"],
      ["POST", "/api/traffic-sources", { name: "News", Type: "email" }, "Type"],
      ["PATCH", "/api/offers/of_spinia", { postbackKey: "x" }, "postbackKey"],
      ["PATCH", "/api/casino-entries/ce_of_spinia", { siteIds: ["site_uk"] }, "siteIds"],
      // Links refuse unknown keys like every other entity (they were accepted and ignored).
      ["POST", "/api/links", { campaignId: "cp_uk_seo", offerId: "of_spinia", bogus: "x" }, "bogus"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api<ErrorBody>(cookie, path, json(method, body));
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.error.details?.fields, `${method} ${path}`).toEqual([{ field, message: "is not a known field" }]);
    }
  });

  it("refuses hidden characters in names, codes that are no country, and an event listed twice", async () => {
    await demo();
    const cookie = await login();
    const cases: [string, string, Record<string, unknown>, string, RegExp][] = [
      ["POST", "/api/sites", { ...site, name: "Casino\u202eugnE" }, "name", /control or text-direction/],
      ["POST", "/api/sites", { ...site, name: "Nul\u0000l" }, "name", /control or text-direction/],
      ["POST", "/api/sites", { ...site, market: "ZZ" }, "market", /not a known country code/],
      ["PATCH", "/api/offers/of_spinia", { postbackEvents: ["ftd", "ftd"] }, "postbackEvents", /twice/],
      ["PATCH", "/api/offers/of_spinia", { casino: { markets: ["GB", "XX"] } }, "casino.markets.1", /not a known country code/],
    ];
    for (const [method, path, body, field, message] of cases) {
      const res = await api<ErrorBody>(cookie, path, json(method, body));
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      const named = res.body.error.details?.fields?.find((f) => f.field === field);
      expect(named, JSON.stringify(res.body)).toBeDefined();
      expect(named?.message).toMatch(message);
    }
    // Kosovo's de facto code is a user-assigned one, and stays accepted.
    const xk = await api(
      cookie,
      "/api/sites",
      json("POST", { ...site, name: "Kosovo guide", domains: ["xk-guide.example"], market: "XK" }),
    );
    expect(xk.status).toBe(201);
  });

  it("a body that is not a JSON object is named body", async () => {
    await demo();
    const cookie = await login();
    for (const body of ["{not json", "null", "[1]"]) {
      const res = await call("/api/sites", withAuth(cookie, { method: "POST", headers: { "content-type": "application/json" }, body }));
      expect(res.status, body).toBe(400);
      const err = (await res.json()) as ErrorBody;
      expect(err.error.details?.fields, body).toEqual([{ field: "body", message: "must be a JSON object" }]);
    }
  });

  it("a value of the wrong type says so, once per field", async () => {
    await demo();
    const cookie = await login();
    const named = await api<ErrorBody>(cookie, "/api/sites", json("POST", { ...site, name: 12 }));
    expect(named.body.error.details?.fields).toEqual([{ field: "name", message: "must be text" }]);
    const missing = await api<ErrorBody>(cookie, "/api/sites", json("POST", { ...site, name: undefined }));
    expect(missing.body.error.details?.fields).toEqual([{ field: "name", message: "is required" }]);
    const link = await api<ErrorBody>(cookie, "/api/links", json("POST", { campaignId: 1, offerId: [] }));
    expect(link.status).toBe(400);
    expect(link.body.error.details?.fields).toEqual([
      { field: "campaignId", message: "must be text" },
      { field: "offerId", message: "must be text" },
    ]);
  });
});
