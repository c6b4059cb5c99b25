/**
 * A brand-new user in Chromium: signs up with a workspace, sets its reporting currency and timezone,
 * invites a viewer by link, signs out (Back stays signed out); the invitee signs up through the link,
 * joins as viewer and cannot change settings; a forgotten password is reset through the dev outbox.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { fileBrowser } from "./chromium";

const browser = fileBrowser();

const base = () => inject("baseUrl");
const unique = () => crypto.randomUUID().slice(0, 8);

async function signUpInUi(page: Page, email: string, workspaceName?: string) {
  await page.fill("input[name=name]", email.split("@")[0] ?? "someone");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "a-long-password-1");
  if (workspaceName) await page.fill("input[name=workspaceName]", workspaceName);
  await page.click("button[type=submit]");
}

describe("accounts in the dashboard", () => {
  it("signs up, configures the workspace, invites a viewer who then sees but cannot change", async () => {
    const owner = await browser().newPage({ viewport: { width: 1440, height: 900 } });
    await owner.goto(`${base()}/login`);
    await owner.click("text=Create an account");
    const ownerEmail = `owner-${unique()}@example.com`;
    await signUpInUi(owner, ownerEmail, "Fresh Affiliates");
    await owner.waitForSelector("#ws-switch", { state: "attached" });
    await expect(owner.locator("#ws-switch option:checked").textContent()).resolves.toBe("Fresh Affiliates");

    await owner.goto(`${base()}/settings?tab=workspace`);
    await owner.fill("input[name=reportingCurrency]", "USD");
    await owner.fill("input[name=reportingTimezone]", "America/New_York");
    await owner.click("text=Save settings");
    await expect(owner.locator("[role=status]").textContent()).resolves.toBe("Saved.");

    await owner.goto(`${base()}/settings?tab=team`);
    const viewerEmail = `viewer-${unique()}@example.com`;
    await owner.fill("form.inline-form input[name=email]", viewerEmail);
    await owner.selectOption("form.inline-form select[name=role]", "viewer");
    await owner.click("form.inline-form button[type=submit]");
    const link = (await owner.locator("[data-testid=invite-link]").textContent()) ?? "";
    expect(link).toContain("/invite/");

    await owner.goto(`${base()}/audit`);
    await expect(owner.locator("table").textContent()).resolves.toContain(`Invited ${viewerEmail} as viewer`);

    await owner.click("text=Sign out");
    await owner.waitForURL(/\/login/);
    await owner.goBack();
    // The page Back returns to asks who is signed in again (API answers are no-store) and lands on the login form.
    await owner.waitForFunction(() => location.pathname === "/login");
    await owner.waitForSelector("input[name=password]");
    await owner.close();

    const viewer = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await viewer.goto(link);
    await viewer.click("text=Create an account");
    await signUpInUi(viewer, viewerEmail);
    await viewer.waitForURL(/\/invite\//);
    await viewer.click("text=Join Fresh Affiliates");
    await viewer.waitForSelector("#ws-switch", { state: "attached" });
    await viewer.goto(`${base()}/settings?tab=workspace`);
    await viewer.waitForSelector("input[name=reportingCurrency]");
    expect(await viewer.inputValue("input[name=reportingCurrency]")).toBe("USD");
    expect(await viewer.isDisabled("input[name=reportingCurrency]")).toBe(true);
    await expect(viewer.locator("text=Only owners and admins change workspace settings").count()).resolves.toBe(1);
    await viewer.close();
  });

  it("shows a member to manage at 390 px without the page scrolling sideways", async () => {
    // A joined member has a role picker and a remove button: the widest Team table. Its hidden
    // "Actions" header label once escaped the table's scroll box and widened the page to ~740 px.
    const owner = await browser().newPage({ viewport: { width: 1440, height: 900 } });
    await owner.goto(`${base()}/login`);
    await owner.click("text=Create an account");
    await signUpInUi(owner, `owner-${unique()}@example.com`, "Narrow Affiliates");
    await owner.waitForSelector("#ws-switch", { state: "attached" });
    await owner.goto(`${base()}/settings?tab=team`);
    const memberEmail = `a-rather-long-member-address-${unique()}@example.com`;
    await owner.fill("form.inline-form input[name=email]", memberEmail);
    await owner.selectOption("form.inline-form select[name=role]", "analyst");
    await owner.click("form.inline-form button[type=submit]");
    const link = (await owner.locator("[data-testid=invite-link]").textContent()) ?? "";
    expect(link).toContain("/invite/");

    const member = await browser().newContext({ viewport: { width: 1440, height: 900 } });
    const joining = await member.newPage();
    await joining.goto(link);
    await joining.click("text=Create an account");
    await signUpInUi(joining, memberEmail);
    await joining.waitForURL(/\/invite\//);
    await joining.click("text=Join Narrow Affiliates");
    await joining.waitForSelector("#ws-switch", { state: "attached" });
    await member.close();

    await owner.setViewportSize({ width: 390, height: 844 });
    await owner.goto(`${base()}/settings?tab=team`);
    await owner.waitForSelector(`text=${memberEmail}`);
    const widths = await owner.evaluate(() => ({
      page: (document.scrollingElement ?? document.documentElement).scrollWidth,
      inner: innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.inner);
    await owner.close();
  });

  it("resets a forgotten password through the dev outbox", async () => {
    const page = await browser().newPage();
    const email = `forgetful-${unique()}@example.com`;
    await page.goto(`${base()}/signup`);
    await signUpInUi(page, email, "Forgetful Media");
    await page.waitForSelector("#ws-switch", { state: "attached" });
    await page.click("text=Sign out");
    await page.click("text=Forgot your password?");
    await page.fill("input[name=email]", email);
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=status]");
    await page.goto(`${base()}/dev/outbox`);
    const text = (await page.locator(`article:has-text("${email}") pre`).first().textContent()) ?? "";
    const url = text.match(/https?:\/\/\S+reset-password\?token=\S+/)?.[0];
    expect(url).toBeTruthy();
    await page.goto(url ?? "");
    await page.fill("input[name=password]", "brand-new-password-9");
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=status]");
    await page.goto(`${base()}/login`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", "brand-new-password-9");
    await page.click("button[type=submit]");
    await page.waitForSelector("#ws-switch", { state: "attached" });
    await page.close();
  });
});
