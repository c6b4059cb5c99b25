/**
 * A new affiliate's offer syncs before "Where revenue goes" is set: Site Overview says how many rows and
 * how much revenue is on no site, links to the offer's routes, and states the part the same way as the
 * total beside it; the onboarding step links there too. At 1440 and 390 px, without sideways scroll.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, poll, signUpInBrowser } from "./chromium";

const browser = fileBrowser();

const FROM = "2026-11-02";
const TO = "2026-11-06";

/** Signs up in the browser, then creates a site and a synced Smartico offer on it through the API (same session). */
async function newAffiliate(page: Page): Promise<{ siteId: string; offerId: string }> {
  const base = inject("baseUrl");
  await signUpInBrowser(page, "Unrouted", "Unrouted Media");
  await page.waitForSelector("[data-testid=onboarding]");
  const post = async <T>(path: string, data: unknown): Promise<T> => {
    const res = await page.request.post(`${base}${path}`, { data, headers: { origin: base } });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const { site } = await post<{ site: { id: string } }>("/api/sites", {
    name: "Unrouted Guide",
    market: "GB",
    timezone: "UTC",
    domains: ["unrouted.example"],
  });
  const { offer } = await post<{ offer: { id: string } }>("/api/offers", {
    name: "Unrouted Casino",
    platform: "smartico",
    brand: "Unrouted Casino",
    trackingUrl: "https://operator.example/track",
    platformTimezone: "UTC",
    accountCurrency: "EUR",
    siteIds: [site.id],
    apiSetup: { host: `${inject("sandboxUrl")}/smartico`, apiKey: `sites${Date.now().toString(36)}`, timeoutMs: 5000 },
  });
  const { handle } = await post<{ handle: { requestId: string } }>(`/api/offers/${offer.id}/resync`, { from: FROM, to: TO });
  const status = await poll(
    async () => {
      const res = await page.request.get(`${base}/api/offers/${offer.id}/resync/${handle.requestId}`);
      return ((await res.json()) as { progress: { status: string } }).progress.status;
    },
    (s) => s === "ok" || s === "failed",
    30_000,
  );
  expect(status).toBe("ok");
  return { siteId: site.id, offerId: offer.id };
}

describe("revenue not placed on a site, in Chromium", () => {
  it("is counted, explained and linked to where revenue goes, at 1440 and 390 px", async () => {
    const base = inject("baseUrl");
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const { siteId, offerId } = await newAffiliate(page);
    const fixPath = `/offers/${offerId}#where-revenue-goes`;

    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/?site=${siteId}&from=${FROM}&to=${TO}`);
      const notice = page.locator("[data-testid=unassigned-revenue]");
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toMatch(/set where revenue goes/i);
      await expect(notice.textContent()).resolves.toMatch(/Unrouted Casino: \d+ row\(s\) in \d+ tag\(s\), EUR [\d,]+\.\d{2}/);
      await expect(page.locator("[data-testid=unassigned-fix]").getAttribute("href")).resolves.toBe(fixPath);
      // One site: the part is beside its total, not in it.
      const part = page.locator("[data-testid=unassigned-part]");
      await expect(part.getAttribute("data-in-total")).resolves.toBe("false");
      await expect(part.textContent()).resolves.toContain("not in these figures");
      await expect(page.locator("[data-step=routes] a").getAttribute("href")).resolves.toBe(fixPath);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      expect(sideways).toBe(false);

      // All sites: the same part, inside the total; the Site Report says it the same way.
      await page.goto(`${base}/?site=all&from=${FROM}&to=${TO}`);
      await expect(page.locator("[data-testid=unassigned-part]").getAttribute("data-in-total")).resolves.toBe("true");
      const overviewPart = (await page.locator("[data-testid=unassigned-part] strong").textContent()) ?? "";
      expect(overviewPart).toMatch(/EUR [\d,]+\.\d{2}/);
      await page.goto(`${base}/report?siteId=all&from=${FROM}&to=${TO}&dimension1=day`);
      const reportPart = page.locator("[data-testid=unassigned-part]");
      await reportPart.waitFor();
      await expect(reportPart.getAttribute("data-in-total")).resolves.toBe("true");
      await expect(reportPart.locator("strong").textContent()).resolves.toBe(overviewPart);
      expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(false);
    }

    // The link opens the offer at its "Where revenue goes" section.
    await page.goto(`${base}/?site=${siteId}&from=${FROM}&to=${TO}`);
    await page.locator("[data-testid=unassigned-fix]").click();
    await page.waitForURL((u) => u.pathname === `/offers/${offerId}`);
    await page.locator("#where-revenue-goes tr[data-tag]").first().waitFor();
    await context.close();
  });
});
