/**
 * Issue 9's proof, entirely through the dashboard: a brand-new user signs up with a workspace, creates a
 * site (reads its snippet), an Affilka offer on the sandbox tagged to the site (Test connection works),
 * a traffic source and a campaign, copies a tracking link and the campaign's Affilka FTD postback URL,
 * clicks the link as a browser, sends the postback as the platform would, re-syncs the offer, routes its
 * revenue tag to the site, and sees the click, the FTD and the synced revenue in Site Overview. A member
 * invited with "hide financials" then sees that Site Overview with no money on the page or in its CSV.
 */
import { mkdirSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, inject, it } from "vitest";
import { fileBrowser, refresh } from "./chromium";

const browser = fileBrowser();

const base = () => inject("baseUrl");
const unique = crypto.randomUUID().slice(0, 8);
const CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** A money figure as the dashboard formats it (fmtMoney: "EUR 1,234.56"), or a currency sign before digits. */
const MONEY = /\b[A-Z]{3} −?\d[\d,]*\.\d{2}\b|[€$£]\s?\d/;
const SLOW = { timeout: 45_000 };

async function signUp(page: Page, email: string, workspaceName?: string) {
  await page.getByLabel("Your name").fill(email.split("@")[0] ?? "someone");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-password-1");
  if (workspaceName) await page.getByLabel("Workspace name").fill(workspaceName);
  await page.click("button[type=submit]");
}

/** Reloads Site Overview until `ok` holds for the text of the locator (the report lags live traffic by a few seconds). */
async function overviewText(page: Page, selector: string, ok: (t: string) => boolean, timeoutMs = 60_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await page.waitForSelector(selector, SLOW);
    const text = (await page.locator(selector).textContent()) ?? "";
    if (ok(text) || Date.now() > end) return text;
    await new Promise((r) => setTimeout(r, 500));
    await refresh(page);
  }
}

describe("the self-serve journey in Chromium", () => {
  let owner: BrowserContext;
  let siteId = "";
  let offerId = "";
  let inviteLink = "";
  let ownerCsvHeader = "";
  const workspace = `Journey Media ${unique}`;

  afterAll(async () => {
    await owner?.close();
  });

  it("signs up and sets up site → offer → source → campaign, clicks, posts back, syncs, and sees it all in Site Overview", async () => {
    mkdirSync("test-results", { recursive: true });
    owner = await browser().newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await owner.newPage();

    // 1. Sign up with a workspace.
    await page.goto(`${base()}/signup`);
    await signUp(page, `journey-${unique}@example.com`, workspace);
    await page.waitForSelector("#ws-switch", SLOW);
    await expect(page.locator("#ws-switch option:checked").textContent()).resolves.toBe(workspace);

    // 2. A site; its snippet is read from its page.
    await page.click("nav >> text=Sites");
    await page.click("text=New site");
    await page.getByLabel("Name", { exact: true }).fill("Journey Casino Guide");
    await page.getByLabel("Market (country code)").fill("GB");
    await page.getByLabel("Reporting timezone").fill("UTC");
    await page.getByLabel("Domains (one per line)").fill(`journey-${unique}.example`);
    await page.click("text=Create site");
    const snippet = (await page.locator("[data-testid=snippet-tag]").textContent(SLOW)) ?? "";
    expect(snippet).toMatch(new RegExp(`^<script defer src="${base()}/s\\.js" data-site="pk[0-9a-z]+"></script>$`));
    await page.waitForURL(/\/sites\/(?!new)[^/?]+/);
    siteId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
    expect(siteId).not.toBe("");

    // 3. An Affilka offer on the sandbox, tagged to the site, with an account currency; Test connection.
    await page.click("nav >> text=Offers");
    await page.click("text=New offer");
    await page.waitForSelector("[data-testid=api-setup]", SLOW);
    await page.getByLabel("Name", { exact: true }).fill("Spinia Journey");
    await page.locator("select[name=platform]").selectOption("affilka");
    await page.getByLabel("Brand", { exact: true }).fill("Spinia");
    await page.getByLabel("Campaign tag").fill("501");
    await page.getByLabel("Tracking URL").fill("https://go.spinia.example/visit/?bta=501");
    const ftdBox = page.locator("fieldset:has(legend:text-is('Postback events')) label", { hasText: /^\s*ftd\s*$/ }).locator("input");
    if (!(await ftdBox.isChecked())) await ftdBox.check();
    await page.locator("fieldset:has(legend:text-is('Sites')) label", { hasText: "Journey Casino Guide" }).locator("input").check();
    await page.getByLabel("Platform timezone").fill("UTC");
    await page.getByLabel("Account currency").fill("EUR");
    await page
      .locator("input[name=setup-reportUrl]")
      .fill(`${inject("sandboxUrl")}/affilka/api/customer/v1/partner/report?token=journey-${unique}`);
    await page.locator("input[name=setup-brandId]").fill("12");
    await page.click("[data-testid=save-offer]");
    await page.waitForURL(/\/offers\/(?!new)[^/?]+/, SLOW);
    offerId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
    await page.click("[data-testid=test-connection]");
    const preview = page.locator("[data-testid=test-preview]");
    await preview.waitFor(SLOW);
    await expect(preview.textContent()).resolves.toMatch(/Connected: \d+ rows? would be imported/);

    // 4. A traffic source and a campaign (site + source + offer); a tracking link and the FTD postback URL.
    await page.click("nav >> text=Traffic sources");
    await page.click("text=New traffic source");
    await page.getByLabel("Name", { exact: true }).fill("Journey SEO");
    await page.click("text=Create traffic source");
    await page.waitForSelector("[data-testid=sources-list] >> text=Journey SEO", SLOW);

    await page.click("nav >> text=Campaigns");
    await page.click("text=New campaign");
    await page.getByLabel("Name", { exact: true }).fill("Journey UK reviews");
    await page.locator("select[name=siteId]").selectOption({ label: "Journey Casino Guide" });
    await page.getByLabel("Traffic source").selectOption({ label: "Journey SEO" });
    await page.locator("[data-testid=campaign-offers] label", { hasText: "Spinia Journey" }).locator("input").check();
    await page.click("text=Create campaign");
    await page.waitForSelector("[data-testid=campaign-links]", SLOW);
    await page.locator("[data-testid=new-link] button[type=submit]").click();
    const linkUrl = (await page.locator("[data-testid=link-url]").textContent(SLOW)) ?? "";
    expect(linkUrl).toMatch(new RegExp(`^${base()}/go/[a-z0-9-]+$`));
    const ftdRow = page.locator("[data-testid=campaign-postbacks] li", { has: page.locator(".pb-event", { hasText: /^ftd$/ }) });
    await expect(ftdRow.locator(".pb-head").textContent()).resolves.toContain("Affilka");
    const postbackTemplate = (await ftdRow.locator("[data-testid=campaign-postback-url]").textContent()) ?? "";
    expect(postbackTemplate).toContain("{transaction_id}");
    expect(postbackTemplate).toContain("{amount}");
    await page.screenshot({ path: "test-results/journey-campaign.png", fullPage: true });

    // 5. A visitor's browser follows the link; the operator's host does not resolve here, so the request to it is where the click landed.
    const visitor = await browser().newContext({ userAgent: CHROME_UA });
    const tab = await visitor.newPage();
    const landing = tab.waitForRequest((r) => r.url().startsWith("https://go.spinia.example/"), SLOW);
    await tab.goto(linkUrl).catch(() => undefined);
    const clickId = new URL((await landing).url()).searchParams.get("click_id") ?? "";
    expect(clickId).toMatch(/^[0-9a-z]{32}$/);
    await visitor.close();

    // The platform fills in the macros and calls the pasted URL.
    const postback = postbackTemplate.replace("{transaction_id}", clickId).replace("{amount}", "25.00");
    const pb = await fetch(postback);
    const pbBody = (await pb.json()) as { ok?: boolean; outcome?: string };
    expect(pb.status, JSON.stringify(pbBody)).toBe(200);
    expect(pbBody.outcome).toBe("accepted");

    // 6. Re-sync the offer from the Revenue sync page, then route its campaign tag to the site.
    await page.goto(`${base()}/revenue?offer=${encodeURIComponent(offerId)}`);
    await page.locator("[data-testid=resync-form] button[type=submit]").click();
    const progress = page.locator("[data-testid=resync-progress]");
    await progress.waitFor(SLOW);
    await expect.poll(async () => (await progress.textContent()) ?? "", { timeout: 60_000, interval: 500 }).toMatch(/^ok · /);
    const tagRow = page.locator("[data-testid=tag-routes] tr[data-tag='501']");
    // The finished re-sync brings the offer's tags into its tag routes, without a reload.
    await tagRow.waitFor(SLOW);
    await tagRow.locator("select").selectOption({ label: "Journey Casino Guide" });
    await expect.poll(() => tagRow.locator("select").inputValue(), { timeout: 20_000 }).toBe(siteId);
    await page.screenshot({ path: "test-results/journey-revenue-sync.png", fullPage: true });

    // 7. Site Overview: the click, the FTD and the synced revenue.
    await page.goto(`${base()}/?site=${encodeURIComponent(siteId)}`);
    const clicks = await overviewText(page, "[data-testid=kpi-clicks] .kpi-value", (t) => t.trim() === "1");
    expect(clicks.trim()).toBe("1");
    const ftds = await overviewText(page, "[data-testid=kpi-ftds] .kpi-value", (t) => t.trim() === "1");
    expect(ftds.trim()).toBe("1");
    const revenue = await overviewText(page, "[data-testid=kpi-revenue] .kpi-value", (t) => MONEY.test(t));
    expect(revenue).toMatch(MONEY);
    await page.screenshot({ path: "test-results/journey-site-overview.png", fullPage: true });
    const csvHref = (await page.locator("a[download='site-overview.csv']").getAttribute("href")) ?? "";
    const csv = await page.request.get(new URL(csvHref, base()).toString());
    expect(csv.status()).toBe(200);
    ownerCsvHeader = (await csv.text()).split(/\r?\n/)[0] ?? "";
    expect(ownerCsvHeader).toMatch(/revenue/i);

    // The owner invites a member whose financials are hidden.
    await page.goto(`${base()}/settings?tab=team`);
    const invite = page.locator("form.inline-form");
    await invite.getByLabel("Email").fill(`hidden-${unique}@example.com`);
    await invite.getByLabel("Role").selectOption("viewer");
    await invite.getByLabel("Hide financials").check();
    await invite.getByRole("button", { name: "Invite" }).click();
    inviteLink = (await page.locator("[data-testid=invite-link]").textContent(SLOW)) ?? "";
    expect(inviteLink).toContain("/invite/");
    await page.close();
  });

  it("a member invited with hide financials sees the Site Overview without money, CSV included", async () => {
    expect(inviteLink).not.toBe("");
    const member = await browser().newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await member.newPage();
    await page.goto(inviteLink);
    await page.click("text=Create an account");
    await signUp(page, `hidden-${unique}@example.com`);
    await page.waitForURL(/\/invite\//, SLOW);
    await page.click(`text=Join ${workspace}`);
    await page.waitForSelector("#ws-switch", SLOW);

    await page.goto(`${base()}/?site=${encodeURIComponent(siteId)}`);
    // The same numbers as the owner's, minus the money.
    const clicks = await overviewText(page, "[data-testid=kpi-clicks] .kpi-value", (t) => t.trim() === "1");
    expect(clicks.trim()).toBe("1");
    await expect(page.locator("[data-testid=kpi-ftds] .kpi-value").textContent()).resolves.toBe("1");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).not.toMatch(MONEY);
    await page.screenshot({ path: "test-results/journey-hidden-financials.png", fullPage: true });

    const csvHref = (await page.locator("a[download='site-overview.csv']").getAttribute("href")) ?? "";
    const res = await page.request.get(new URL(csvHref, base()).toString());
    expect(res.status()).toBe(200);
    const csv = await res.text();
    const header = csv.split(/\r?\n/)[0] ?? "";
    expect(header).toMatch(/clicks/i);
    // Columns that hold money are gone; a day's revenue *state* (settled or not) is not money and stays.
    const moneyColumns = header
      .split(",")
      .filter((h) => /revenue|ngr|commission|epc|cost|roi|amount|micros/i.test(h) && !/_state$/.test(h));
    expect(moneyColumns).toEqual([]);
    expect(ownerCsvHeader.split(",").length).toBeGreaterThan(header.split(",").length);

    // The offer's tag routes on the Revenue sync page: where its rows go, without their commission.
    await page.goto(`${base()}/revenue?offer=${encodeURIComponent(offerId)}`);
    await page.waitForSelector("[data-testid=tag-routes] tr[data-tag='501']", SLOW);
    expect((await page.locator("main").textContent()) ?? "").not.toMatch(MONEY);
    await member.close();
  });
});
