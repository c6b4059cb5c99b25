import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, poll, refresh, signIn } from "./chromium";

const browser = fileBrowser();

const yesterdayUtc = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe("settle horizons in the dashboard", () => {
  it("shows an offer's day states and changes them with its own horizons", async () => {
    const page = await browser().newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    await page.goto(`${inject("baseUrl")}/revenue?offer=of_wildz`);
    const day = yesterdayUtc();
    const row = () => page.locator(`[data-testid=offer-day-states] tr[data-day="${day}"]`);
    // The cron pull of the test stack has covered yesterday: it is pulled, but never settled by that alone.
    const before = await poll(
      async () => {
        await refresh(page);
        await page.waitForSelector(`[data-testid=offer-day-states] tr[data-day="${day}"]`);
        return row().getAttribute("data-state");
      },
      (s) => s === "provisional" || s === "not_reported",
      30_000,
    );
    expect(["provisional", "not_reported"]).toContain(before);

    const form = page.locator("[data-testid=settle-horizons]");
    // A value the API refuses is shown next to its field.
    await form.locator("select[name=activity-kind]").selectOption("days");
    await form.locator("input[name=activity-value]").fill("500");
    await form.getByRole("button", { name: "Save horizons" }).click();
    await expect(form.locator(".field-error").first().textContent()).resolves.toContain("120 at most");

    // Horizons of 0 days and no publishing delay: yesterday, pulled after it ended, is settled.
    await form.locator("input[name=publishDelayHours]").fill("0");
    await form.locator("input[name=activity-value]").fill("0");
    await form.locator("select[name=earnings-kind]").selectOption("days");
    await form.locator("input[name=earnings-value]").fill("0");
    await form.getByRole("button", { name: "Save horizons" }).click();
    await page.waitForSelector("[data-testid=settle-message]");
    const settled = await poll(
      () => row().getAttribute("data-state"),
      (s) => s === "settled",
      10_000,
    );
    expect(settled).toBe("settled");
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/day-states.png", fullPage: true });

    // Back to the platform defaults: the day is open again.
    await form.getByRole("button", { name: "Use platform defaults" }).click();
    const reopened = await poll(
      () => row().getAttribute("data-state"),
      (s) => s !== "settled",
      10_000,
    );
    expect(reopened).not.toBe("settled");
    await page.close();
  });
});
