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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("snippet: engagement (fixtures/engagement)", () => {
  it("sends the visible time of each page — before a SPA pageview and when the page is left — and it adds up in time on page and on site", async () => {
    const m = marker("eng");
    const base = `/engagement/${m}/`;
    const v = await visitor(fx.port);
    const ctx = v.ctx;
    const page = await ctx.newPage();
    // The snippet's clock starts somewhere inside goto(): bound each measurement from both sides.
    const beforeLoad = Date.now();
    await page.goto(fx.url(`${base}?utm_campaign=${m}`));
    await page.waitForFunction(() => "_cfx" in window);
    const loaded = Date.now();
    await sleep(1500);
    const beforeNext = Date.now();
    await page.click("#next"); // SPA navigation: engagement of page 1, then a pageview of part-2
    const afterNext = Date.now();
    await sleep(1000);
    const beforeLeave = Date.now();
    await page.click("#leave"); // leaving: the page is hidden while it unloads → engagement of part-2
    await page.waitForURL(/elsewhere/);
    const afterLeave = Date.now();

    await expect.poll(() => fx.beaconsFor(m).filter((b) => b.t === "e").length, { timeout: 10_000 }).toBe(2);
    await fx.settled();
    const sent = fx.beaconsFor(m).filter((b) => b.t === "e");
    const [first, second] = sent.map((b) => b.d ?? 0);
    expect(sent.map((b) => new URL(b.u).pathname)).toEqual([base, `${base}part-2`]);
    expect(sent.every((b) => b.status === 204)).toBe(true);
    // What the snippet measured is the time the page was visible (within the test's own clock).
    const slack = 50;
    expect(first).toBeGreaterThanOrEqual(beforeNext - loaded - slack);
    expect(first).toBeLessThanOrEqual(afterNext - beforeLoad + slack);
    expect(second).toBeGreaterThanOrEqual(beforeLeave - afterNext - slack);
    expect(second).toBeLessThanOrEqual(afterLeave - beforeNext + slack);
    const total = (first ?? 0) + (second ?? 0);

    const campaign = await rowOf("utm_campaign", m, (r) => r?.engagedMs === total);
    expect(campaign).toMatchObject({ pageviews: 2, visits: 1, engagedMs: total, visitDurationMs: total });
    const pages = await rowsContaining("path", m);
    expect(pages[base]?.engagedMs).toBe(first);
    expect(pages[`${base}part-2`]?.engagedMs).toBe(second);
    expect(pages[base]?.timeOnPageMs).toBe(first);
    await v.close();
  });

  it("sends nothing for a page that is never shown again after its last report, and accumulates show/hide cycles", async () => {
    const m = marker("eng2");
    const v = await visitor(fx.port);
    const ctx = v.ctx;
    const page = await ctx.newPage();
    const beforeLoad = Date.now();
    await page.goto(fx.url(`/engagement/${m}/?utm_campaign=${m}`));
    await page.waitForFunction(() => "_cfx" in window);
    const loaded = Date.now();
    // Headless tabs stay visible; emulate the tab going to the background and back twice.
    const flip = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await sleep(600);
    const beforeHide = Date.now();
    await flip(true); // report #1
    const hidden = Date.now();
    await sleep(800); // hidden: not counted
    await flip(false);
    const shown = Date.now();
    await sleep(500);
    const beforeHide2 = Date.now();
    await flip(true); // report #2
    const hidden2 = Date.now();
    await flip(true); // still hidden: nothing more
    await expect.poll(() => fx.beaconsFor(m).filter((b) => b.t === "e").length, { timeout: 10_000 }).toBe(2);
    await fx.settled();
    const [a, b] = fx
      .beaconsFor(m)
      .filter((x) => x.t === "e")
      .map((x) => x.d ?? 0);
    // Visible time only: the 800 ms in the background are in neither report.
    expect(a).toBeGreaterThanOrEqual(beforeHide - loaded - 50);
    expect(a).toBeLessThanOrEqual(hidden - beforeLoad + 50);
    expect(b).toBeGreaterThanOrEqual(beforeHide2 - shown - 50);
    expect(b).toBeLessThanOrEqual(hidden2 - hidden + 50 - 800);
    const campaign = await rowOf("utm_campaign", m, (r) => r?.engagedMs === (a ?? 0) + (b ?? 0));
    expect(campaign?.engagedMs).toBe((a ?? 0) + (b ?? 0));
    await v.close();
  });
});
