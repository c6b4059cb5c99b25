import { describe, expect, inject, it } from "vitest";
import { fileBrowser, signUpInBrowser } from "./chromium";

const browser = fileBrowser();

describe("API keys in Settings", () => {
  it("creates a key shown once, lists its last use, and revokes it", async () => {
    const base = inject("baseUrl");
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await signUpInBrowser(page, "Key owner", "Key Affiliates");
    await page.waitForSelector("#ws-switch", { state: "attached" });

    await page.goto(`${base}/settings?tab=api-keys`);
    await expect(page.locator("[data-testid=api-keys-empty]").textContent()).resolves.toBe("No API keys yet.");
    await page.fill("[data-testid=api-key-form] input[name=name]", "Nightly export");
    await page.selectOption("[data-testid=api-key-form] select[name=scope]", "read");
    await page.click("[data-testid=api-key-form] button[type=submit]");
    const key = (await page.locator("[data-testid=new-api-key]").textContent()) ?? "";
    expect(key).toMatch(/^cfx_[0-9a-z]{40}$/);
    await expect.poll(() => page.locator("[data-testid=api-keys-table]").textContent(), { timeout: 10_000 }).toContain("never");

    const res = await fetch(`${base}/api/sites`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    await page.reload();
    // Shown once: after a reload only the prefix is on the page.
    await expect(page.content()).resolves.not.toContain(key);
    await expect(page.locator("[data-testid=api-keys-table]").textContent()).resolves.toMatch(/Nightly export.*s ago/);

    await page.click("text=Revoke");
    // The table re-renders after the revoke answers: poll it rather than read it once.
    await expect.poll(() => page.locator("[data-testid=api-keys-table]").textContent(), { timeout: 10_000 }).toContain("revoked");
    expect((await fetch(`${base}/api/sites`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    await page.close();
  });
});
