import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { marker, rowOf, rowsContaining, visitor } from "./analytics-helpers";
import { type Fixtures, startFixtures } from "./fixture-server";

let fx: Fixtures;
beforeAll(async () => {
  fx = await startFixtures(inject("baseUrl"));
});
afterAll(async () => {
  await fx?.close();
});

describe("snippet: single-page apps (fixtures/spa)", () => {
  it("counts pushState, replaceState and popstate navigations once per new path, and leaves the router's history intact", async () => {
    const m = marker("spa");
    const base = `/spa/${m}/`;
    const v = await visitor(fx.port);
    const ctx = v.ctx;
    const page = await ctx.newPage();
    await page.goto(fx.url(`${base}?utm_campaign=${m}`)); // 1: base
    await page.waitForFunction(() => "_cfx" in window);
    await page.click("#to-list"); // 2: list
    await page.click("#sort"); // replaceState, same path: no pageview
    await page.click("#same"); // pushState, same path: no pageview
    await page.click("#hash"); // hash change: no pageview
    await page.click("#to-detail"); // 3: detail
    await page.goBack(); // back to list#reviews (popstate) → 4: list
    await page.goForward(); // 5: detail
    await page.click("#rename"); // 6: renamed (replaceState to a new path)

    // The page's router sees native behaviour.
    expect(await page.evaluate(() => (window as unknown as { returned: unknown[] }).returned)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(await page.evaluate(() => history.state)).toEqual({ page: "renamed" });
    expect(new URL(page.url()).pathname).toBe(`${base}renamed`);

    await expect.poll(() => fx.beaconsFor(m).filter((b) => b.t === "pv").length, { timeout: 10_000 }).toBe(6);
    await fx.settled();
    const sent = fx.beaconsFor(m).filter((b) => b.t === "pv");
    expect(sent.map((b) => new URL(b.u).pathname)).toEqual([
      base,
      `${base}list`,
      `${base}detail`,
      `${base}list`,
      `${base}detail`,
      `${base}renamed`,
    ]);
    expect(sent.every((b) => b.status === 204)).toBe(true);

    const campaign = await rowOf("utm_campaign", m, (r) => r?.pageviews === 6);
    expect(campaign).toMatchObject({ pageviews: 6, visits: 1, visitors: 1, bounces: 0, pagesPerVisit: 6 });
    const pages = await rowsContaining("path", m);
    expect(Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, v.pageviews]))).toEqual({
      [base]: 1,
      [`${base}list`]: 2,
      [`${base}detail`]: 2,
      [`${base}renamed`]: 1,
    });
    // One visit, entered on the first page.
    expect((await rowsContaining("entry", m))[base]).toMatchObject({ visits: 1, pageviews: 6 });
    await v.close();
  });
});
