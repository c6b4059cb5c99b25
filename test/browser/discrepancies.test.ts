import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, poll, signIn } from "./chromium";

const browser = fileBrowser();
const base = () => String(inject("baseUrl"));

/** Opens a figure with the keyboard, checks the panel's total (and this page's rows) equal it, closes it with Escape. */
async function drillEquals(page: Page, figure: ReturnType<Page["locator"]>): Promise<string> {
  const shown = ((await figure.textContent()) ?? "").trim();
  expect(shown).toMatch(/^[\d,]+$/);
  await figure.focus();
  await page.keyboard.press("Enter");
  const panel = page.locator("[data-testid=drill-panel]");
  await panel.locator("[data-testid=drill-total]").waitFor();
  await page.screenshot({ path: `test-results/drill-${await figure.getAttribute("data-metric")}.png` });
  expect(((await panel.locator("[data-testid=drill-total]").textContent()) ?? "").trim()).toBe(shown);
  const rows = await panel.locator("[data-testid=drill-rows] tbody tr").count();
  if (rows <= 50) expect(((await panel.locator("[data-testid=drill-page-total]").textContent()) ?? "").trim()).toBe(shown);
  await page.keyboard.press("Escape");
  await expect(panel.count()).resolves.toBe(0);
  // Focus is back on the figure that opened the panel.
  await expect(figure.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  return shown;
}

describe("Discrepancies page", () => {
  it("shows operator against tracked with reasons in words; a figure opens rows that add up to it", async () => {
    // One tracked FTD for Spinia, through the public endpoints.
    const go = await fetch(`${base()}/go/spinia-uk?sub1=discrepancy`, {
      redirect: "manual",
      headers: { "user-agent": "Mozilla/5.0 Chrome/126" },
    });
    expect(go.status).toBe(302);
    const clickId = [...new URL(go.headers.get("location") ?? "").searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v));
    expect(clickId).toBeDefined();
    const page = await browser().newPage({ viewport: { width: 1440, height: 1000 } });
    await signIn(page);
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    const offers = (await (await page.request.get(`${base()}/api/offers`)).json()) as { offers: { id: string; postbackKey: string }[] };
    const key = offers.offers.find((o) => o.id === "of_spinia")?.postbackKey;
    expect(key).toBeTruthy();
    const pb = await fetch(`${base()}/pb/${key}?click_id=${clickId}&event=ftd&amount=20&currency=EUR&txid=disc-${clickId}`);
    expect(pb.status).toBe(200);

    // Wait for the flushed FTD and for the demo's revenue pull (cron → queue → sandbox).
    const table = "[data-testid=discrepancy-table]";
    const trackedFtd = `${table} tr[data-offer=of_spinia][data-metric=ftds] td[data-cell=tracked] button`;
    const operatorFigure = `${table} tr[data-metric=ftds] td[data-cell=operator] button`;
    await poll(
      async () => {
        await page.goto(`${base()}/discrepancies?range=30d&threshold=10`);
        await page.waitForSelector("[data-testid=discrepancy-offers]");
        const t = page.locator(trackedFtd);
        const tracked = await t.count();
        const withOne = tracked ? await t.evaluateAll((els) => els.filter((e) => Number(e.textContent) > 0).length) : 0;
        return withOne > 0 && (await page.locator(operatorFigure).count()) > 0;
      },
      (ok) => ok,
      40_000,
    );
    // Reasons are words with counts, never codes.
    const reasons = (await page.locator("[data-testid=reason-counts]").textContent()) ?? "";
    expect(reasons).toMatch(/: \d+ figure\(s\)/);
    expect(reasons).not.toMatch(/_/);
    // Both bucketings are shown.
    await expect(page.locator(`${table} thead`).textContent()).resolves.toMatch(/Tracked \(platform timezone\)/);
    expect(await page.locator("[data-testid=vanished]").count()).toBe(1);

    const tracked = page
      .locator(trackedFtd)
      .filter({ hasText: /^[1-9]/ })
      .first();
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/discrepancies.png" });
    await drillEquals(page, tracked);
    await drillEquals(page, page.locator(operatorFigure).first());

    // Filters live in the URL.
    await page.fill("input[name=threshold]", "1000");
    await page.locator("input[name=threshold]").press("Enter");
    await page.locator("input[name=threshold]").blur();
    await poll(
      async () => new URL(page.url()).searchParams.get("threshold"),
      (v) => v === "1000",
    );
    await page.close();
  });

  it("fits a 390 px screen without sideways scroll and opens the panel there", async () => {
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page);
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${base()}/discrepancies?range=30d`);
    await page.waitForSelector("[data-testid=discrepancy-offers]");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const figure = page.locator("[data-testid=drill-figure]").first();
    if ((await figure.count()) > 0) {
      await figure.click();
      await page.locator("[data-testid=drill-total]").waitFor();
      const inner = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(inner).toBeLessThanOrEqual(0);
    }
    await page.close();
  });
});
