import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, signIn, signUpInBrowser } from "./chromium";

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

  it("searches and pages a long offer list, and a clone opens for renaming", async () => {
    const base = inject("baseUrl");
    const page = await browser().newPage({ viewport: { width: 1360, height: 1000 } });
    await signUpInBrowser(page, "Network owner", "Big Network");
    await page.waitForSelector("#ws-switch", { state: "attached" });
    const create = async (name: string, brand: string) => {
      const res = await page.request.post(`${base}/api/offers`, {
        data: { name, platform: "affilka", brand, trackingUrl: "https://example.com/?a=1" },
      });
      expect(res.status()).toBe(201);
      return ((await res.json()) as { offer: { id: string } }).offer.id;
    };
    const first = await create("Spinia UK — CPA", "Spinia");
    await create("Needle Casino DE", "Needle");

    // Clone from the list: the copy opens, saying what to change.
    await page.goto(`${base}/offers`);
    await page.locator(`[data-testid=offer-row][data-offer=${first}] button`, { hasText: "Clone" }).click();
    await page.waitForURL(/\/offers\/of_[^/?]+\?cloned=1$/);
    expect(page.url()).not.toContain(first);
    await expect(page.locator("[data-testid=cloned-note]").textContent()).resolves.toContain("credentials are never copied");
    await expect(page.locator("h1").textContent()).resolves.toBe("Copy of Spinia UK — CPA");

    // 55 offers in all: two pages of 50.
    for (let i = 0; i < 52; i++) expect((await page.request.post(`${base}/api/offers/${first}/clone`)).status()).toBe(201);
    await page.goto(`${base}/offers`);
    await expect(page.locator("[data-testid=pager-status]").textContent()).resolves.toMatch(/^Rows 1–50 of 55/);
    expect(await page.locator("[data-testid=offer-row]").count()).toBe(50);
    await page.locator("[data-testid=pager] button", { hasText: "Next" }).click();
    await expect(page.locator("[data-testid=pager-status]").textContent()).resolves.toMatch(/^Rows 51–55 of 55/);
    expect(await page.locator("[data-testid=offer-row]").count()).toBe(5);

    // Search goes back to the first page and matches every word, in name, brand, platform or site.
    await page.fill("[data-testid=offer-search]", "needle casino");
    await expect.poll(() => page.locator("[data-testid=offer-row]").count()).toBe(1);
    await expect(page.locator("[data-testid=offer-row] td").first().textContent()).resolves.toBe("Needle Casino DE");
    expect(await page.locator("[data-testid=pager]").count()).toBe(0);
    await page.fill("[data-testid=offer-search]", "affilka spinia");
    await expect.poll(() => page.locator("[data-testid=pager-status]").textContent()).toMatch(/^Rows 1–50 of 54/);
    await page.fill("[data-testid=offer-search]", "no such offer");
    await expect(page.locator("[data-testid=offers-none]").textContent()).resolves.toBe("No offer matches “no such offer”.");
    expect(await page.locator("[data-testid=offer-row]").count()).toBe(0);

    // The site form's offer list at this size: a search box, at most 50 unticked offers drawn, ticked ones first.
    await page.goto(`${base}/sites/new`);
    const find = page.getByLabel("Find an offer");
    await find.waitFor();
    const rows = page.locator("[data-testid=offers-list] label");
    await expect(page.locator("[data-testid=offers-more]").textContent()).resolves.toBe(
      "50 of 55 other offers shown: type in the search box to find the rest.",
    );
    expect(await rows.count()).toBe(50);
    await find.fill("needle");
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().locator("input").check();
    await expect(page.locator("[data-testid=offers-selected-count]").textContent()).resolves.toBe("1 selected");
    // Ticking does not move the row; a new search lists the ticked offer first.
    expect((await rows.allTextContents()).map((t) => t.trim())).toEqual(["Needle Casino DE"]);
    await find.fill("");
    await expect.poll(async () => (await rows.first().textContent())?.trim()).toBe("Needle Casino DE");
    await expect(rows.first().locator("input").isChecked()).resolves.toBe(true);
    await expect(page.locator("[data-testid=offers-more]").textContent()).resolves.toMatch(/^50 of 54 other offers shown/);
    await page.setViewportSize({ width: 390, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/site-offer-checklist-390.png", fullPage: true });
    await page.getByLabel("Name", { exact: true }).fill("Needle Guide");
    await page.getByLabel("Market (country code)").fill("DE");
    await page.getByLabel("Domains (one per line)").fill("needle-guide.example");
    await page.click("text=Create site");
    await page.waitForURL(/\/sites\/site_/);
    const siteId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const site = (await (await page.request.get(`${base}/api/sites/${siteId}`)).json()) as { site: { offerIds: string[] } };
    expect(site.site.offerIds).toHaveLength(1);

    // The campaign form lists the same way.
    await page.goto(`${base}/campaigns/new`);
    await page.getByLabel("Find an offer").waitFor();
    expect(await page.locator("[data-testid=offers-list] label").count()).toBe(50);
    await page.close();
  });
});
