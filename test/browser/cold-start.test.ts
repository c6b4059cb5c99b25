import { describe, expect, inject, it } from "vitest";
import { fileBrowser, signUpInBrowser } from "./chromium";

const browser = fileBrowser();

describe("a new affiliate's first set-up in Chromium", () => {
  it("is told about data-dev, the missing account currency and which cost field is missing", async () => {
    const base = inject("baseUrl");
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signUpInBrowser(page, "Cold Start", "Cold Start Media");
    await page.waitForSelector("[data-testid=onboarding]");

    // A site tested on localhost: the hint shows the tag with data-dev.
    await page.goto(`${base}/sites/new`);
    await page.getByLabel("Name", { exact: true }).fill("Cold Start Guide");
    await page.getByLabel("Market (country code)").fill("GB");
    await page.getByLabel("Domains (one per line)").fill("coldstart.example\nlocalhost");
    await page.click("text=Create site");
    const hint = page.locator("[data-testid=snippet-local-hint]");
    await hint.waitFor();
    const tag = (await page.locator("[data-testid=snippet-tag]").textContent()) ?? "";
    expect(tag).toContain("data-site=");
    await expect(hint.textContent()).resolves.toContain(tag.replace("></script>", " data-dev></script>"));
    await expect(hint.textContent()).resolves.toContain("localhost");

    // An offer saved without an account currency: the field's help says it is needed for a campaign.
    await page.goto(`${base}/offers/new`);
    await page.getByLabel("Name", { exact: true }).fill("Cold Casino");
    await page.getByLabel("Brand", { exact: true }).fill("Cold Casino");
    await page.getByLabel("Tracking URL").fill("https://cold-casino.example/?a=1");
    await page.locator("select[name=platform]").selectOption("generic");
    const currency = page.getByLabel("Account currency");
    await expect(currency.getAttribute("placeholder")).resolves.toBe("e.g. EUR");
    await expect(currency.inputValue()).resolves.toBe("");
    await page.click("text=Create offer");
    await page.waitForURL(/\/offers\/of_/);
    const offerPath = new URL(page.url()).pathname;
    // Where revenue goes: nothing stored yet, and a test connection would not store it either.
    await expect(page.locator("[data-testid=tag-routes-empty]").textContent()).resolves.toContain("Test connection only previews");

    // The campaign form links that offer to where its currency is set.
    await page.goto(`${base}/campaigns/new`);
    const fix = page.getByRole("link", { name: "set it on the offer" });
    await fix.waitFor();
    await expect(fix.getAttribute("href")).resolves.toBe(offerPath);

    // CPC without amount and currency: the errors sit on Amount and Currency; the Model has none.
    await page.goto(`${base}/sources/new`);
    await page.getByLabel("Name", { exact: true }).fill("Cold Ads");
    await page.getByLabel("Model").selectOption("cpc");
    await page.click("text=Create traffic source");
    const amountField = page.locator(".field", { has: page.getByLabel("Amount") });
    await amountField.locator(".field-error").waitFor();
    await expect(amountField.locator(".field-error").textContent()).resolves.toContain("required");
    await expect(
      page
        .locator(".field", { has: page.getByLabel("Currency") })
        .locator(".field-error")
        .count(),
    ).resolves.toBe(1);
    await expect(
      page
        .locator(".field", { has: page.getByLabel("Model") })
        .locator(".field-error")
        .count(),
    ).resolves.toBe(0);
    await context.close();
  });
});
