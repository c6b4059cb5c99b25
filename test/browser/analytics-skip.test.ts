import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { marker, rowOf, visitor } from "./analytics-helpers";
import { type Fixtures, startFixtures } from "./fixture-server";

let fx: Fixtures;
beforeAll(async () => {
  fx = await startFixtures(inject("baseUrl"));
});
afterAll(async () => {
  await fx?.close();
});

/** Opens a fixture page at `origin` and returns the beacons the browser sent for it. */
async function open(origin: (path: string) => string, fixture: string, opts: { webdriver?: boolean }) {
  const m = marker("skip");
  const v = await visitor(fx.port, opts);
  const page = await v.ctx.newPage();
  await page.goto(origin(`/${fixture}/${m}/?utm_campaign=${m}`));
  await page.waitForTimeout(700);
  await v.close();
  await fx.settled();
  return { m, sent: fx.beaconsFor(m) };
}

const local = (host: string) => (path: string) => `http://${host}:${fx.port}${path}`;

describe("snippet: localhost and automated browsers (fixtures/skip: the production tag, no data-dev)", () => {
  it("counts a real visitor on the site's domain", async () => {
    const { m, sent } = await open((p) => fx.url(p), "skip", { webdriver: false });
    expect(sent.map((b) => b.t)).toEqual(["pv"]);
    expect(await rowOf("utm_campaign", m, (r) => r?.pageviews === 1)).toMatchObject({ pageviews: 1 });
  });

  it("skips automated browsers (navigator.webdriver)", async () => {
    const { sent } = await open((p) => fx.url(p), "skip", {});
    expect(sent).toEqual([]);
  });

  it("skips localhost and 127.0.0.1", async () => {
    expect((await open(local("127.0.0.1"), "skip", { webdriver: false })).sent).toEqual([]);
    expect((await open(local("localhost"), "skip", { webdriver: false })).sent).toEqual([]);
  });

  it("counts both when told to with data-dev (local development, tests)", async () => {
    const { m, sent } = await open(local("127.0.0.1"), "pageview", {});
    expect(sent.map((b) => [b.t, b.status])).toEqual([["pv", 204]]);
    expect(await rowOf("utm_campaign", m, (r) => r?.pageviews === 1)).toMatchObject({ pageviews: 1 });
  });
});
