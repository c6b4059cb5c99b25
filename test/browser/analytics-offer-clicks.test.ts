import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { breakdown, drain, marker, rowOf, rowsContaining, visitor } from "./analytics-helpers";
import { type Fixtures, startFixtures } from "./fixture-server";

let fx: Fixtures;
beforeAll(async () => {
  fx = await startFixtures(inject("baseUrl"));
});
afterAll(async () => {
  await fx?.close();
});

const SPINIA = "http://go.spinia.example/visit/?bta=501";

/** Clicks and returns the tab it opened (failing if none opens). */
async function opensTab(ctx: BrowserContext, click: () => Promise<void>): Promise<Page> {
  const [tab] = await Promise.all([ctx.waitForEvent("page", { timeout: 10_000 }), click()]);
  return tab;
}

async function offerClicks(): Promise<Record<string, number>> {
  await drain();
  return Object.fromEntries((await breakdown("offer")).map((r) => [r.value, r.offerClicks]));
}

describe("snippet: offer-link clicks (fixtures/offer-clicks)", () => {
  it("counts each offer-link click with its page, and never gets in the way: new tab, Ctrl/Cmd-click, middle-click, same tab", async () => {
    const m = marker("oc");
    const base = `/offer-clicks/${m}/`;
    const worker = inject("baseUrl");
    const before = await offerClicks();
    const v = await visitor(fx.port);
    const ctx = v.ctx;
    const page = await ctx.newPage();
    const here = fx.url(`${base}?utm_campaign=${m}`);
    await page.goto(here);
    await page.waitForFunction(() => "_cfx" in window);

    // 1. target=_blank to the offer's domain: exactly one new tab, this page stays.
    const t1 = await opensTab(ctx, () => page.click("#offer-blank"));
    await t1.waitForURL(SPINIA);
    expect(await t1.title()).toContain("Casino");
    // 2. Ctrl/Cmd-click on a plain offer link: opens a new tab.
    const t2 = await opensTab(ctx, () => page.click("#offer", { modifiers: ["ControlOrMeta"] }));
    await t2.waitForURL(/go\.spinia\.example\/visit\/\?bta=501&p=list/);
    // 3. Middle-click on the same link: a new tab too (auxclick).
    const t3 = await opensTab(ctx, () => page.click("#offer", { button: "middle" }));
    await t3.waitForURL(/go\.spinia\.example\/visit\/\?bta=501&p=list/);
    // 4. This workspace's CasinoFlux tracking link in a new tab: the Worker gets the click and redirects.
    const tracked = ctx.waitForEvent("request", (r) => r.url().startsWith(`${worker}/go/spinia-uk?p=cta`));
    await opensTab(ctx, () => page.click("#tracking"));
    await tracked;
    // 5. A tracking link cloaked on the site's own domain, redirected by the site.
    const t5 = await opensTab(ctx, () => page.click("#cloaked"));
    await t5.waitForURL(/go\.betano\.example\/landing\?via=betano-uk/);
    // 6. A click on an element inside the link.
    const t6 = await opensTab(ctx, () => page.click("#logo"));
    await t6.waitForURL(/p=logo/);
    // 7. Not an offer: an ordinary outbound link (opens, is not counted).
    await opensTab(ctx, () => page.click("#outbound"));
    // 8. Internal link and a right-click: no offer click, no navigation away.
    await page.click("#internal");
    await page.click("#offer", { button: "right" });

    expect(page.url()).toBe(`${here}#faq`);
    expect(ctx.pages()).toHaveLength(8); // this page + 7 tabs
    const prevented = await page.evaluate(() => (window as unknown as { prevented: boolean[] }).prevented);
    expect(prevented.length).toBeGreaterThanOrEqual(9);
    expect(prevented.every((p) => p === false)).toBe(true);

    // 9. A plain same-tab click: the page navigates to the casino (the beacon leaves before it unloads).
    await page.click("#offer");
    await page.waitForURL(/go\.spinia\.example\/visit\/\?bta=501&p=list/);
    // 10. Back from the casino: a new view of the page.
    await page.goBack();
    await page.waitForURL(here.replace(/\?.*/, "**"));

    await expect.poll(() => fx.beaconsFor(m).filter((b) => b.t === "c").length, { timeout: 10_000 }).toBe(8);
    await expect.poll(() => fx.beaconsFor(m).filter((b) => b.t === "pv").length, { timeout: 10_000 }).toBe(2);
    await fx.settled();
    const sent = fx.beaconsFor(m).filter((b) => b.t === "c");
    expect(sent.every((b) => b.status === 204 && new URL(b.u).pathname === base)).toBe(true);
    expect(sent.map((b) => b.h)).toEqual([
      SPINIA,
      `${SPINIA}&p=list`,
      `${SPINIA}&p=list`,
      `${worker}/go/spinia-uk?p=cta`,
      fx.url("/go/betano-uk"),
      `${SPINIA}&p=logo`,
      "https://example.org/responsible-gambling",
      `${SPINIA}&p=list`,
    ]);

    // The API: 7 offer clicks (the outbound link is not an offer), one visit that clicked, no bounce.
    const campaign = await rowOf("utm_campaign", m, (r) => r?.offerClicks === 7 && r.pageviews === 2);
    expect(campaign).toMatchObject({ pageviews: 2, visits: 1, bounces: 0, offerClicks: 7, clickVisits: 1, visitCtr: 1 });
    const pages = await rowsContaining("path", m);
    expect(pages[base]).toMatchObject({ pageviews: 2, offerClicks: 7, ctr: 3.5 });
    const after = await offerClicks();
    expect((after.of_spinia ?? 0) - (before.of_spinia ?? 0)).toBe(6);
    expect((after.of_betano ?? 0) - (before.of_betano ?? 0)).toBe(1);
    await v.close();
  });
});
