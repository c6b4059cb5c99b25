import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, poll, refresh, signIn } from "./chromium";

const browser = fileBrowser();

describe("dashboard in Chromium", () => {
  it("sends a signed-out visitor to the login page and rejects a wrong password", async () => {
    const page = await browser().newPage();
    await page.goto(`${inject("baseUrl")}/`);
    await page.waitForSelector("input[name=email]");
    await page.fill("input[name=email]", "demo@casinoflux.local");
    await page.fill("input[name=password]", "wrong-password");
    await page.click("button[type=submit]");
    await expect(page.locator("[role=alert]").textContent()).resolves.toContain("wrong");
    await page.close();
  });

  it("logs in and shows the Site Overview with demo data, revenue freshness and a chart", async () => {
    const base = inject("baseUrl");
    // Real traffic through the public endpoints, so the overview has today's numbers too.
    const go = await fetch(`${base}/go/spinia-uk?sub1=browser`, {
      redirect: "manual",
      headers: { "user-agent": "Mozilla/5.0 Chrome/126" },
    });
    expect(go.status).toBe(302);
    const page = await browser().newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    // The revenue layer arrives through cron → queue → sandbox Affilka; wait for its first pulled day, reloading.
    await poll(
      async () => {
        await refresh(page);
        await page.waitForSelector("[data-testid=overview-table]");
        return page.locator("[data-testid=overview-table] tbody tr[data-state=provisional]").count();
      },
      (n) => n > 0,
      30_000,
    );
    const revenue = (await page.locator("[data-testid=kpi-revenue]").textContent()) ?? "";
    expect(revenue).toMatch(/EUR [\d,]+\.\d{2}/);
    // A pull just succeeded, yet yesterday is provisional and today is not yet reported: nothing is final because a pull worked.
    const stateOf = (day: string) => page.locator(`[data-testid=overview-table] tbody tr[data-day="${day}"]`).getAttribute("data-state");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await expect(stateOf(today)).resolves.toBe("not_reported");
    await expect(stateOf(yesterday)).resolves.not.toBe("settled");
    await expect(page.locator(`[data-testid=overview-table] tbody tr[data-day="${today}"]`).textContent()).resolves.toContain(
      "not yet reported",
    );
    expect(revenue).toContain("includes days not settled");
    await expect(page.locator("[data-testid=day-state-summary]").textContent()).resolves.toMatch(/provisional/);
    await expect(page.locator('a[download="site-overview.csv"]').getAttribute("href")).resolves.toMatch(/overview\.csv\?from=/);
    expect(await page.locator("[data-testid=overview-chart] canvas").count()).toBeGreaterThan(0);
    const rows = await page.locator("[data-testid=overview-table] tbody tr").count();
    expect(rows).toBe(14);
    await expect(page.locator("[data-testid=site-picker]").inputValue()).resolves.toBe("site_uk");
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/site-overview.png", fullPage: true });
    await page.close();
  });
});
