import type { Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { marker, rowOf, rowsContaining, visitor } from "./analytics-helpers";
import { type Fixtures, startFixtures } from "./fixture-server";

let fx: Fixtures;
beforeAll(async () => {
  fx = await startFixtures(inject("baseUrl"));
});
afterAll(async () => {
  await fx?.close();
});

describe("snippet: pageviews (fixtures/pageview)", () => {
  it("sends one pageview per load straight to the Worker (cross-origin sendBeacon), with source, UTM, click id, device", async () => {
    const m = marker("pv");
    const v = await visitor(fx.port);
    const ctx = v.ctx;
    const answers: Response[] = [];
    ctx.on("response", (r) => {
      if (r.url() === `${inject("baseUrl")}/e`) answers.push(r);
    });
    const page = await ctx.newPage();
    // data-api is the Worker's origin, written with a trailing slash as people do.
    const url = fx.url(`/pageview/${m}/?api=worker-slash&utm_source=newsletter&utm_medium=email&utm_campaign=${m}&gclid=Cj0KCQ`);
    await page.goto(url, { referer: "https://www.google.co.uk/" });
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(1);
    expect(answers[0]?.status()).toBe(204);
    expect(answers[0]?.request().resourceType()).toBe("ping"); // navigator.sendBeacon

    const row = await rowOf("utm_campaign", m, (r) => r?.pageviews === 1);
    expect(row).toMatchObject({ pageviews: 1, visitors: 1, visits: 1, bounces: 1, bounceRate: 1 });

    // A reload is a second pageview of the same visit: no longer a bounce.
    await page.reload();
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(2);
    const again = await rowOf("utm_campaign", m, (r) => r?.pageviews === 2);
    expect(again).toMatchObject({ pageviews: 2, visitors: 1, visits: 1, bounces: 0 });

    const pages = await rowsContaining("path", m);
    expect(Object.keys(pages)).toEqual([`/pageview/${m}/`]);
    expect(pages[`/pageview/${m}/`]).toMatchObject({ pageviews: 2, visitors: 1 });
    const entry = await rowsContaining("entry", m);
    expect(entry[`/pageview/${m}/`]).toMatchObject({ visits: 1, bounces: 0 });
    await v.close();
  });

  it("attributes the visit to its referrer, UTM, ad click id, device, OS and browser", async () => {
    const m = marker("pvsrc");
    const v = await visitor(fx.port);
    const ctx = v.ctx;
    const page = await ctx.newPage();
    await page.goto(fx.url(`/pageview/${m}/?utm_source=${m}&utm_medium=cpc&utm_campaign=${m}&msclkid=abc`), {
      referer: "https://www.bing.com/search?q=casino",
    });
    await fx.settled();
    await expect.poll(() => fx.beaconsFor(m).length).toBe(1);
    expect(fx.beaconsFor(m)[0]).toMatchObject({ t: "pv", status: 204 });
    expect(fx.beaconsFor(m)[0]?.r).toMatch(/^https:\/\/www\.bing\.com\//);
    expect(await rowOf("utm_source", m)).toMatchObject({ visits: 1, pageviews: 1 });
    // Dimensions shared with other tests: this visit is in them (values come from the visit, not the test).
    const campaign = await rowOf("utm_campaign", m);
    expect(campaign?.visits).toBe(1);
    const [bing, ads, chrome, linux, desktop] = await Promise.all([
      rowOf("source", "Bing"),
      rowOf("click_source", "Microsoft Ads"),
      rowOf("browser", "Chrome"),
      rowOf("os", "Linux"),
      rowOf("device", "desktop"),
    ]);
    for (const r of [bing, ads, chrome, linux, desktop]) expect(r?.visits).toBeGreaterThanOrEqual(1);
    await v.close();
  });
});
