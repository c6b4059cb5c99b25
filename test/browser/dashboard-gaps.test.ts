/**
 * Small dashboard gaps, each at desktop and phone width, against the local stack (demo seed):
 * the rollup rebuild with its state (Settings → Reports), "Clicks not counted" fitting a 390 px phone
 * without sideways scroll, "mixed days" only when the member's and the platforms' day bases differ
 * (demo offers report on UTC days), and the two postback keys explained where they are shown.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, signIn } from "./chromium";

const WIDTHS = [1440, 390] as const;
let browser: Browser;
let ctx: BrowserContext;
const base = () => inject("baseUrl");

beforeAll(async () => {
  browser = await launch();
  ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page);
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.close();
});
afterAll(async () => {
  // Back to the workspace's timezone whatever a test left.
  await ctx?.request.patch(`${base()}/api/auth/me`, { data: { timezone: null }, headers: { origin: base() } });
  await browser?.close();
});

async function open(width: number, path: string, ready: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${base()}${path}`);
  await page.locator(ready).first().waitFor();
  return page;
}

/** The page never scrolls sideways. */
async function fitsWidth(page: Page) {
  const o = await page.evaluate(() => ({ w: (document.scrollingElement ?? document.documentElement).scrollWidth, inner: innerWidth }));
  expect(o.w).toBeLessThanOrEqual(o.inner);
}

async function setMyTimezone(tz: string | null) {
  const res = await ctx.request.patch(`${base()}/api/auth/me`, { data: { timezone: tz }, headers: { origin: base() } });
  expect(res.status(), await res.text()).toBe(200);
}

describe.each(WIDTHS)("dashboard gaps at %i px", (width) => {
  it("Settings → Reports shows each timezone's rollup state and rebuilds them", async () => {
    const page = await open(width, "/settings?tab=reports", "[data-testid=rollup-zones] tbody tr");
    const rows = page.locator("[data-testid=rollup-zones] tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    await expect.poll(() => rows.first().textContent()).toContain("Europe/London");
    await page.click("[data-testid=rebuild-rollups]");
    await page.getByRole("status").filter({ hasText: "Rollups rebuilt" }).waitFor();
    const states = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-state")));
    // Every zone in use is ready after a rebuild; one no longer in use keeps its state.
    expect(states).toContain("ready");
    expect(await page.locator("[data-testid=rollup-zones] tbody tr[data-state=ready]").first().textContent()).toContain("Ready");
    await fitsWidth(page);
    await page.close();
  });

  it("'Clicks not counted' fits without scrolling sideways", async () => {
    const page = await open(width, "/sites/site_uk", "[data-testid=click-flags] table");
    const box = await page
      .locator("[data-testid=click-flags] .table-wrap")
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(box.client).toBeGreaterThan(0);
    expect(box.scroll, "the table scrolls inside its box").toBeLessThanOrEqual(box.client);
    await fitsWidth(page);
    await page.close();
  });

  it("'mixed days' shows only when the member's day basis differs from the platforms' (UTC)", async () => {
    const path = "/report?dimension1=offer&dimension2=day&preset=last_30_days";
    const ready = "[data-testid=report-table] tbody tr";
    // Europe/London (the workspace's) against UTC platform days: rows with operator figures are mixed.
    const london = await open(width, path, ready);
    await expect.poll(() => london.locator("[data-testid=report-table] .badge", { hasText: "mixed days" }).count()).toBeGreaterThan(0);
    await london.close();
    await setMyTimezone("UTC");
    try {
      const utc = await open(width, path, ready);
      expect(await utc.locator("[data-testid=report-table] tbody tr").count()).toBeGreaterThan(0);
      expect(await utc.locator("[data-testid=report-table] .badge", { hasText: "mixed days" }).count()).toBe(0);
      await fitsWidth(utc);
      await utc.close();
    } finally {
      await setMyTimezone(null);
    }
  });

  it.each([
    ["offer", "/offers/of_spinia", "these URLs"],
    ["campaign", "/campaigns/cp_uk_seo", "these URLs"],
  ])("the %s editor explains its postback key next to the campaign's or offer's", async (_kind, path, mine) => {
    const page = await open(width, path, "[data-testid=postback-keys-note]");
    const note = page.locator("[data-testid=postback-keys-note]");
    await note.locator("summary").click();
    const text = (await note.textContent()) ?? "";
    expect(text).toContain("Offer key");
    expect(text).toContain("Campaign key");
    expect(text).toContain(mine);
    expect(text).toContain("one of them per platform account");
    await fitsWidth(page);
    await page.close();
  });
});
