import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { drain, marker } from "./analytics-helpers";
import { fileBrowser, signIn } from "./chromium";

const browser = fileBrowser();

/** A beacon as the snippet sends it from a visitor on the site's domain. */
async function beacon(body: Record<string, unknown>, visitor: string) {
  const res = await fetch(`${inject("baseUrl")}/e`, {
    method: "POST",
    headers: {
      "content-type": "text/plain;charset=UTF-8",
      origin: "https://casinoguide.example",
      "user-agent": `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 V/${visitor}`,
    },
    body: JSON.stringify({ s: "pkcasinoguideuk01", ...body }),
  });
  expect(res.status).toBe(204);
}

describe("Site Analytics page", () => {
  it("shows KPIs, realtime visitors, the chart and every breakdown, with offer clicks per page and CTR", async () => {
    const m = marker("dash");
    const page1 = `https://casinoguide.example/${m}/best-casinos?utm_source=${m}&utm_campaign=${m}`;
    for (const v of ["a", "b", "c"]) {
      await beacon({ t: "pv", u: page1, r: "https://www.google.com/" }, `${m}${v}`);
      await beacon({ t: "e", u: page1, d: 42_000 }, `${m}${v}`);
    }
    await beacon({ t: "c", u: page1, h: "https://go.spinia.example/visit/?bta=501" }, `${m}a`);
    await beacon({ t: "c", u: page1, h: `${inject("baseUrl")}/go/betano-uk` }, `${m}b`);
    await drain();

    const page = await browser().newPage({ viewport: { width: 1400, height: 1200 } });
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    await page.goto(`${inject("baseUrl")}/analytics?site=site_uk&range=today`);
    await page.waitForSelector("[data-testid=analytics-kpis]");
    expect(
      Number((await page.locator("[data-testid=kpi-visitors] .kpi-value").textContent())?.match(/[\d,]+/)?.[0].replace(/,/g, "")),
    ).toBeGreaterThanOrEqual(3);
    await expect
      .poll(async () => Number((await page.locator("[data-testid=realtime]").textContent())?.match(/\d+/)?.[0] ?? 0))
      .toBeGreaterThanOrEqual(3);
    expect(await page.locator("[data-testid=analytics-chart] canvas").count()).toBeGreaterThan(0);

    const path = `/${m}/best-casinos`;
    const top = page.locator(`[data-testid=top-pages] tr[data-value="${path}"]`);
    await expect.poll(() => top.count()).toBe(1);
    expect(await top.locator("td").nth(1).textContent()).toBe("3"); // visitors
    expect(await top.locator("td").nth(3).textContent()).toBe("42s"); // time on page
    const clicks = page.locator(`[data-testid=offer-clicks-by-page] tr[data-value="${path}"] td`);
    expect(await clicks.nth(1).textContent()).toContain("2"); // offer clicks
    expect(await clicks.nth(3).textContent()).toBe("66.7%"); // CTR: 2 clicks / 3 pageviews
    expect(await page.locator(`[data-testid=entry-pages] tr[data-value="${path}"]`).count()).toBe(1);

    // Sources: referrers first, then the UTM tabs.
    expect(await page.locator("[data-testid=sources] tr[data-value=Google]").count()).toBe(1);
    await page.click("[data-testid=sources] button[data-dim=utm_campaign]");
    await expect.poll(() => page.locator(`[data-testid=sources] tr[data-value="${m}"]`).count()).toBe(1);
    expect(await page.locator(`[data-testid=sources] tr[data-value="${m}"] td`).nth(5).textContent()).toBe("66.7%"); // 2 of 3 visits clicked
    await page.click("[data-testid=technology] button[data-dim=browser]");
    await expect.poll(() => page.locator("[data-testid=technology] tr[data-value=Chrome]").count()).toBe(1);
    expect(await page.locator("[data-testid=offers] tr[data-value=of_spinia]").textContent()).toContain("Spinia");

    // Compare is on by default; turning it off drops the previous period from the URL and the view.
    expect(await page.locator(".range").textContent()).toContain("compared with");
    await page.click("[data-testid=compare]");
    await expect.poll(async () => (await page.locator(".range").textContent()) ?? "").not.toContain("compared with");
    await page.click("[data-testid=range] button:has-text('7 days')");
    await expect.poll(async () => (await page.locator(".range").textContent()) ?? "").toContain("days in Europe/London");

    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/site-analytics.png", fullPage: true });
    await page.close();
  });
});
