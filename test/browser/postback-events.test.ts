import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser, poll, signIn } from "./chromium";

const browser = fileBrowser();

describe("Postbacks: map this event, in Chromium", () => {
  it("an unknown event shows as unmapped with a 'Map this event' action that counts it", async () => {
    const seed = JSON.parse(inject("demoSeed")) as { postbackKeys: { offerId: string; key: string }[] };
    const key = seed.postbackKeys.find((k) => k.offerId === "of_vulkan")?.key;
    expect(key).toBeDefined();
    const sent = await fetch(`${inject("baseUrl")}/pb/${key}?player_id=br-1&event=VIP_Level_Up&txid=br-vip-1`);
    expect(sent.status).toBe(200);
    const body = (await sent.json()) as { outcome: string };
    expect(body.outcome).toBe("unmapped");

    const page = await browser().newPage({ viewport: { width: 1360, height: 1000 } });
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    // The log is flushed from the hub about a second after the postback: wait for it through the API
    // (reloading the page until then made one reload in a clean clone hang past its 30 s).
    await logHas(page, "/api/postbacks?outcome=unmapped&offer=of_vulkan", "VIP_Level_Up");
    await page.goto(`${inject("baseUrl")}/postbacks?outcome=unmapped&offer=of_vulkan`);
    const row = page.locator("[data-testid=postbacks-table] tbody tr", { hasText: "VIP_Level_Up" }).first();
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toContain('unknown event "VIP_Level_Up"');
    await row.locator("button", { hasText: "Map this event" }).click();
    await row.locator("select[aria-label='Count VIP_Level_Up as']").selectOption("registration");
    await row.locator("button", { hasText: /^Map$/ }).click();
    await page.locator("[data-testid=postbacks-table] [role=status]", { hasText: "Mapped; 1 re-applied." }).waitFor();
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/postbacks-map-event.png", fullPage: true });

    // The same entry, now counted (unattributed: it names a player, not a click).
    await logHas(page, "/api/postbacks?offer=of_vulkan&event=registration", "re-applied");
    await page.goto(`${inject("baseUrl")}/postbacks?offer=of_vulkan&event=registration`);
    const counted = page.locator("[data-testid=postbacks-table] tbody tr", { hasText: "re-applied" }).first();
    await counted.waitFor({ timeout: 30_000 });
    await expect(counted.textContent()).resolves.toMatch(/unattributed.*registration.*re-applied after "VIP_Level_Up" was mapped/);
    await page.close();
  }, 120_000);
});

/** Waits until the signed-in page's API answer for `path` mentions `text` (the page's own session). */
async function logHas(page: Page, path: string, text: string): Promise<void> {
  const body = await poll(
    async () => (await page.request.get(`${inject("baseUrl")}${path}`)).text(),
    (t) => t.includes(text),
    30_000,
  );
  expect(body).toContain(text);
}
