import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { marker, rowOf, visitor } from "./analytics-helpers";
import { type Fixtures, startFixtures } from "./fixture-server";

let fx: Fixtures;
beforeAll(async () => {
  fx = await startFixtures(inject("baseUrl"));
});
afterAll(async () => {
  await fx?.close();
});

/** Everything a visitor does on the fixture, with every error the page could see collected. */
async function exercise(api: string, opts: Parameters<typeof visitor>[1] = {}) {
  const m = marker("nt");
  const v = await visitor(fx.port, opts);
  const page = await v.ctx.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(fx.url(`/never-throws/${m}/?utm_campaign=${m}${api ? `&api=${api}` : ""}`));
  await page.click("#spa");
  const [tab] = await Promise.all([v.ctx.waitForEvent("page"), page.click("#offer")]);
  await tab.waitForURL(/go\.spinia\.example/);
  await page.evaluate(() => history.back());
  await page.waitForTimeout(300);
  const seen = await state(page);
  await page.goto(fx.url("/elsewhere")); // hides the page: engagement beacon
  await page.waitForTimeout(500);
  await v.close();
  await fx.settled();
  return { m, pageErrors, ...seen };
}

const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { errors: string[]; after?: boolean; pushed?: boolean };
    return { errors: w.errors, after: w.after === true, pushed: w.pushed === true };
  });

describe("snippet: never throws on the customer's page (fixtures/never-throws)", () => {
  for (const [name, api] of [
    ["the endpoint is down (connection refused)", "dead"],
    ["the endpoint answers 500 with HTML", "500"],
  ] as const) {
    it(`keeps the page working when ${name}`, async () => {
      const out = await exercise(api);
      expect(out.pageErrors).toEqual([]);
      expect(out.errors).toEqual([]);
      expect(out.after).toBe(true);
      expect(out.pushed).toBe(true);
      expect(fx.beaconsFor(out.m)).toEqual([]);
    });
  }

  it("keeps the page working when sendBeacon throws and fetch rejects (blocked by an extension, offline)", async () => {
    const out = await exercise("", { noSendBeacon: "throws", fetchFails: true });
    expect(out.pageErrors).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.after && out.pushed).toBe(true);
    expect(fx.beaconsFor(out.m)).toEqual([]);
  });

  it("falls back to fetch keepalive when sendBeacon refuses, and still counts exactly", async () => {
    const out = await exercise("", { noSendBeacon: "refuses" });
    expect(out.pageErrors).toEqual([]);
    expect(out.errors).toEqual([]);
    // pageview; SPA route (time on page 1, pageview); offer click; popstate back (time, pageview); leaving (time).
    // Concurrent fetches may arrive in any order: count them.
    const sent = fx.beaconsFor(out.m);
    expect(sent.every((b) => b.status === 204)).toBe(true);
    const count = (t: string) => sent.filter((b) => b.t === t).length;
    expect({ pv: count("pv"), e: count("e"), c: count("c"), all: sent.length }).toEqual({ pv: 3, e: 3, c: 1, all: 7 });
    expect(await rowOf("utm_campaign", out.m, (r) => r?.pageviews === 3)).toMatchObject({ pageviews: 3, offerClicks: 1, visits: 1 });
  });

  it("does nothing, silently, when the tag is misconfigured or loaded as a module", async () => {
    const v = await visitor(fx.port);
    const page = await v.ctx.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    const m = marker("ntcfg");
    await page.goto(fx.url(`/never-throws/${m}/no-site.html`));
    await page.waitForTimeout(800);
    const s = await state(page);
    await v.close();
    await fx.settled();
    expect(pageErrors).toEqual([]);
    expect(s.errors).toEqual([]);
    expect(s.after).toBe(true);
    // Only the injected copy had a site key, and not a valid one: the endpoint says 400, the page never knows.
    expect(fx.beaconsFor(m).map((b) => b.status)).toEqual([400]);
  });
});
