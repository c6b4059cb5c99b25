import { describe, expect, inject, it } from "vitest";
import { fileBrowser, signIn } from "./chromium";

const browser = fileBrowser();

describe("postback key rotation in Chromium", () => {
  it.each([
    ["offer", "/offers/of_betano", "ul.pb-urls code"],
    ["campaign", "/campaigns/cp_uk_seo", "[data-testid=campaign-postback-url]"],
  ])("the %s editor rotates the key: new URLs, the old key's end shown", async (_kind, path, urlSelector) => {
    const page = await (await browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page);
    await page.goto(`${inject("baseUrl")}${path}`);
    const url = page.locator(urlSelector).first();
    await url.waitFor();
    const before = (await url.textContent()) ?? "";
    expect(before).toContain("/pb/");
    page.once("dialog", (d) => void d.accept());
    await page.click("[data-testid=rotate-key] button");
    await page.locator("[data-testid=previous-key-expiry]").waitFor();
    await expect(page.locator("[data-testid=previous-key-expiry]").textContent()).resolves.toContain("still works until");
    await expect.poll(async () => await url.textContent()).not.toBe(before);
    await page.context().close();
  });
});
