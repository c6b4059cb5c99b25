/**
 * Test connection before saving, as a new affiliate does it: an Affilka setup without a campaign tag or
 * brand id reads the whole account, whose rows are of several brands. The preview says so (a sync would
 * book them all on this one offer); with the deal's campaign tag the rows are one brand and it does not.
 */
import { describe, expect, inject, it } from "vitest";
import type { TestConnectionResult } from "../../shared/report-types";
import { api, signUp } from "../helpers";

const sandbox = () => String(inject("sandboxUrl"));
const test = (cookie: string, over: Record<string, unknown>) =>
  api<TestConnectionResult>(cookie, "/api/offers/test-connection", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      platform: "affilka",
      accountCurrency: "EUR",
      apiSetup: { baseUrl: `${sandbox()}/affilka`, token: "new-affiliate-token" },
      ...over,
    }),
  });

describe("Test connection on an account with several brands", () => {
  it("warns when the rows span brands, and not once the campaign tag narrows them to the deal", async () => {
    const { cookie } = await signUp();
    const wide = await test(cookie, {});
    expect(wide.status).toBe(200);
    if (!wide.body.ok) throw new Error(`test connection failed: ${wide.body.error.message}`);
    expect(new Set(wide.body.rows.map((r) => r.brand)).size).toBeGreaterThan(1);
    expect(wide.body.note).not.toBeNull();
    expect(wide.body.note).toMatch(/of \d+ brands .*campaign tag or the brand id/);

    const narrow = await test(cookie, { campaignTag: "501" });
    expect(narrow.status).toBe(200);
    if (!narrow.body.ok) throw new Error(`test connection failed: ${narrow.body.error.message}`);
    expect(narrow.body.rowCount).toBeGreaterThan(0);
    expect(new Set(narrow.body.rows.map((r) => r.brand)).size).toBe(1);
    expect(narrow.body.note).toBeNull();
  });
});
