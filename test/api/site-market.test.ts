/**
 * A new affiliate's first site through the API: a market must be a real ISO 3166-1 code. "UK" (clicks
 * carry GB) is refused naming GB, an unknown code is refused, and nothing is stored either time.
 */
import { describe, expect, it } from "vitest";
import { api, signUp } from "../helpers";

type Err = { error: { code: string; message: string; details?: { fields: { field: string; message: string }[] } } };
const site = (market: string): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ name: `Market ${market}`, market, timezone: "Europe/London", domains: ["market.example"] }),
});

describe("site market", () => {
  it("refuses UK naming GB, refuses an unknown code, accepts gb as GB", async () => {
    const { cookie } = await signUp();
    const uk = await api<Err>(cookie, "/api/sites", site("UK"));
    expect(uk.status).toBe(400);
    expect(uk.body.error.details?.fields).toEqual([{ field: "market", message: "is not an ISO 3166 country code: use GB" }]);
    const xx = await api<Err>(cookie, "/api/sites", site("XX"));
    expect(xx.status).toBe(400);
    expect(xx.body.error.details?.fields.map((f) => f.field)).toEqual(["market"]);
    const listed = await api<{ sites: unknown[] }>(cookie, "/api/sites");
    expect(listed.body.sites).toEqual([]);

    const gb = await api<{ site: { market: string } }>(cookie, "/api/sites", site("gb"));
    expect(gb.status).toBe(201);
    expect(gb.body.site.market).toBe("GB");
  });
});
