import { describe, expect, inject, it } from "vitest";
import { fileBrowser } from "./chromium";

const browser = fileBrowser();

describe("API reference", () => {
  it.each([1440, 390])("renders every operation at %i px, loading nothing from another origin", async (width) => {
    const base = inject("baseUrl");
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(operations).toBeGreaterThan(60);

    const page = await browser().newPage({ viewport: { width, height: 900 } });
    const elsewhere: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) elsewhere.push(r.url());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/api/docs`);
    await expect.poll(() => page.locator(".opblock").count(), { timeout: 20_000 }).toBe(operations);
    await expect(page.locator(".opblock-summary-path").first().textContent()).resolves.toMatch(/^\/api\//);
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.close();
  });
});
