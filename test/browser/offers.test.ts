import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, signIn } from "./chromium";

const browser = fileBrowser();

describe("Offers in Chromium", () => {
  it("lists offers with postback URLs, and Test connection on a demo Affilka offer shows the preview", async () => {
    const page = await browser().newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    await page.click("nav >> text=Offers");
    await page.waitForSelector("[data-testid=offers-table]");
    const row = page.locator("[data-testid=offer-row][data-offer=of_spinia]");
    await expect(row.locator("td").nth(1).textContent()).resolves.toBe("Affilka (SoftSwiss)");
    await row.locator("button", { hasText: "Postback URLs" }).click();
    const urls = await page.locator("[data-testid=postback-url]").allTextContents();
    expect(urls.length).toBeGreaterThan(0);
    expect(urls[0]).toMatch(new RegExp(`^${inject("baseUrl")}/pb/[a-z0-9]+\\?click_id=\\{transaction_id\\}&event=`));

    await row.locator("a", { hasText: "Spinia UK" }).click();
    await page.waitForSelector("[data-testid=api-setup]");
    const setup = (await page.locator("[data-testid=api-setup]").textContent()) ?? "";
    expect(setup).toContain("token=••••");
    await page.click("[data-testid=test-connection]");
    const preview = page.locator("[data-testid=test-preview]");
    await preview.waitFor({ timeout: 30_000 });
    await expect(preview.textContent()).resolves.toMatch(/Connected: \d+ rows? would be imported/);
    expect(await preview.locator("tbody tr").count()).toBeGreaterThan(0);
    await expect(preview.locator("tbody tr").first().textContent()).resolves.toContain("Spinia");
    expect(await page.content()).not.toContain("demo-spinia-token");
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/offers-test-connection.png", fullPage: true });
    await page.close();
  });

  it("re-syncs a range from the Revenue sync page and shows progress, runs and freshness", async () => {
    const page = await browser().newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    await page.click("nav >> text=Revenue sync");
    await page.waitForSelector("[data-testid=freshness-table]");
    await page.locator("[data-testid=freshness-table] button", { hasText: "Wildz DE" }).click();
    await page.locator("[data-testid=resync-form] button[type=submit]").click();
    const progress = page.locator("[data-testid=resync-progress]");
    await progress.waitFor();
    await expect
      .poll(async () => (await progress.textContent()) ?? "", { timeout: 30_000, interval: 500 })
      .toMatch(/^ok · 1\/1 windows · attempt 1 · 7 read/);
    // The manual run is listed (a scheduled run of the same offer may have started around it).
    await page.locator("[data-testid=sync-runs] tbody tr", { hasText: "manual" }).first().waitFor({ timeout: 10_000 });
    // The finished re-sync stays on screen after the offers' freshness is refreshed.
    await expect(progress.textContent()).resolves.toMatch(/^ok · 1\/1 windows/);
    await page.locator("[data-testid=sync-runs] tbody tr button", { hasText: "Raw" }).first().click();
    await expect(page.locator(".raw pre").textContent()).resolves.toContain('"rows"');
    expect(await page.content()).not.toContain("demo-wildz-token");
    await page.screenshot({ path: "test-results/revenue-sync.png", fullPage: true });
    await page.close();
  });
});
