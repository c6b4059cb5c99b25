/**
 * Flagged clicks on the site page: a link preview fetched through the real stack shows up under
 * "Clicks not counted", and ticking "count" for previews is saved (the API then counts them).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, signIn } from "./chromium";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("clicks not counted, in Chromium", () => {
  it("shows flagged clicks per reason and saves the site's rule to count previews", async () => {
    const base = inject("baseUrl");
    // A prefetch of a tracking link: redirected, stored flagged "preview".
    const res = await fetch(`${base}/go/spinia-uk`, {
      redirect: "manual",
      headers: { "sec-purpose": "prefetch", "cf-connecting-ip": "192.0.2.90" },
    });
    expect(res.status).toBe(302);
    await fetch(`${base}/api/dev/drain`, { method: "POST" });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    await page.goto(`${base}/sites/site_uk`);
    const card = page.locator("[data-testid=click-flags]");
    await card.locator("[data-testid=flag-preview]").waitFor();
    expect(Number((await card.locator("[data-testid=flag-preview]").textContent())?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);

    const box = card.getByLabel("Count link previews and prefetches");
    await box.check();
    await expect.poll(() => box.isChecked()).toBe(true);
    const counted = () =>
      page.evaluate(async () => {
        const today = new Date().toISOString().slice(0, 10);
        const r = await fetch(`/api/sites/site_uk/click-flags?from=${today}&to=${today}`);
        return ((await r.json()) as { countedFlags: string[] }).countedFlags.join();
      });
    await expect.poll(counted).toBe("preview");
    // Back to the default, so other browser tests see the usual counts.
    await box.uncheck();
    await expect.poll(counted).toBe("");
  });
});
