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

/** Loads a fixture, navigates in-app and clicks an offer: everything the snippet would report. */
async function browse(opts: { dnt?: string; gpc?: boolean }, fixture = "dnt") {
  const m = marker(fixture === "dnt" ? "dnt" : "nodnt");
  const v = await visitor(fx.port, opts);
  const page = await v.ctx.newPage();
  const requests: string[] = [];
  v.ctx.on("request", (r) => {
    if (r.method() === "POST") requests.push(r.url());
  });
  await page.goto(fx.url(`/${fixture}/${m}/?utm_campaign=${m}`));
  await page.waitForLoadState("load");
  if (fixture === "dnt") {
    await page.click("#spa");
    await Promise.all([v.ctx.waitForEvent("page"), page.click("#offer")]);
  }
  await page.waitForTimeout(500);
  await v.close();
  await fx.settled();
  return { m, requests };
}

describe("snippet: Do Not Track (fixtures/dnt, data-dnt)", () => {
  it("sends nothing at all when the browser sends Do Not Track", async () => {
    const { m, requests } = await browse({ dnt: "1" });
    expect(requests).toEqual([]);
    expect(fx.beaconsFor(m)).toEqual([]);
    expect(await rowsContaining("utm_campaign", m)).toEqual({});
  });

  it("treats Global Privacy Control the same way", async () => {
    const { m, requests } = await browse({ gpc: true });
    expect(requests).toEqual([]);
    expect(fx.beaconsFor(m)).toEqual([]);
  });

  it("counts visitors who do not ask for it, exactly as browsed", async () => {
    const { m } = await browse({ dnt: "0" });
    // pageview, time on the first page + pageview of the SPA route, offer click
    expect(fx.beaconsFor(m).map((b) => b.t)).toEqual(["pv", "e", "pv", "c"]);
    expect(await rowOf("utm_campaign", m, (r) => r?.offerClicks === 1)).toMatchObject({ pageviews: 2, visits: 1, offerClicks: 1 });
  });

  it("is the site's choice: without data-dnt a DNT browser is counted (no cookies or identifiers either way)", async () => {
    const { m } = await browse({ dnt: "1" }, "pageview");
    expect(fx.beaconsFor(m).map((b) => b.t)).toEqual(["pv"]);
    expect(await rowOf("utm_campaign", m, (r) => r?.pageviews === 1)).toMatchObject({ pageviews: 1 });
  });
});
