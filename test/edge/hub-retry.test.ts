import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LiveSnapshot, SiteAnalyticsResponse } from "../../shared/report-types";
import { hubStub } from "../../workers/edge/resolve";
import type { BeaconInput } from "../../workers/site-hub/analytics";
import { beacon, flush, freshSite, page, report, sessionFrom } from "../analytics/helpers";
import { api, call, demo, env, login, todayIn } from "../helpers";

/**
 * The edge answers clicks and beacons before their hub write (edge/hub-batch.ts). These tests make
 * that write fail the way it does in production — the site's Durable Object is reset while the
 * batch waits at its door, or its storage rejects the write — and check that an answered event is
 * stored exactly once, or counted as lost where the live snapshot shows it.
 */

const SESSION = sessionFrom("Direct");

afterEach(() => {
  vi.restoreAllMocks();
});

/** The live counter `metric` of the site (site total), through the API; null when the hub has none. */
async function liveCounter(cookie: string, siteId: string, metric: string): Promise<number | null> {
  const res = await api<LiveSnapshot>(cookie, `/api/sites/${siteId}/live`);
  expect(res.status).toBe(200);
  const rows = res.body.counters.filter((c) => c.metric === metric);
  return rows.length === 0 ? null : rows.reduce((n, c) => n + c.value, 0);
}

/**
 * Resets the site's hub (DurableObjectState.abort, what a code update or an internal error does)
 * while it holds its door shut for `ms`: requests that reach it meanwhile fail with the reset.
 * Resolves once the door is shut; `done` settles after the reset.
 */
async function resetHubSoon(siteId: string, ms: number): Promise<{ done: Promise<unknown> }> {
  let shut = false;
  const done = runInDurableObject(hubStub(env, siteId), (_obj, state) => {
    shut = true;
    void state.blockConcurrencyWhile(async () => {
      await scheduler.wait(ms);
      state.abort("hub reset (test)");
    });
  }).catch((err: unknown) => err);
  while (!shut) await scheduler.wait(5);
  return { done };
}

describe.each([
  {
    kind: "beacons",
    metric: "pageviews",
    setup: async () => {
      const site = await freshSite();
      return { siteId: site.id, send: () => beacon(site, { t: "pv", u: page(site, "/retried"), r: "", w: 1280 }), expected: 204 };
    },
  },
  {
    kind: "clicks",
    metric: "clicks",
    setup: async () => {
      await demo();
      return { siteId: "site_de", send: () => call("/go/vulkan-de", { ip: "198.51.100.77" }), expected: 302 };
    },
  },
])("$kind answered before their hub write", ({ kind, metric, setup }) => {
  it("are retried when the first hub call fails on a reset, and stored once", async () => {
    const { siteId, send, expected } = await setup();
    const cookie = await login();
    // A first event warms the route cache and the hub, so the next one reaches the hub while its door is shut.
    expect((await send()).status).toBe(expected);
    const before = await liveCounter(cookie, siteId, metric);
    expect(before).not.toBeNull();
    const lostBefore = await liveCounter(cookie, siteId, `lost_${kind}`);
    const warn = vi.spyOn(console, "warn");
    const reset = await resetHubSoon(siteId, 1500);
    // call() returns after the request's waitUntil, i.e. after the hub write and its retries.
    const res = await send();
    expect(res.status).toBe(expected);
    expect(String(await reset.done)).toContain("hub reset (test)");
    const retries = warn.mock.calls.filter((c) => String(c[0]).startsWith(`hub_write_retry: 1 ${kind} of site ${siteId}`));
    expect(retries.length).toBe(1);
    expect(String(retries[0]?.[1])).toContain("hub reset (test)");
    const after = await liveCounter(cookie, siteId, metric);
    expect(after).not.toBeNull();
    expect((after as number) - (before as number)).toBe(1);
    expect(await liveCounter(cookie, siteId, `lost_${kind}`)).toBe(lostBefore);
  });
});

describe("beacon batches sent again", () => {
  it("are stored once: a replayed batch (its first answer lost) counts nothing twice", async () => {
    const site = await freshSite();
    const hub = hubStub(env, site.id);
    const ts = Date.now();
    const batch: BeaconInput[] = [
      { type: "pageview", ts, path: "/a", identity: "v1", session: SESSION },
      { type: "engagement", ts: ts + 1000, path: "/a", identity: "v1", ms: 1000 },
      { type: "offer_click", ts: ts + 2000, path: "/a", identity: "v1", offer: "of_x", session: SESSION },
    ];
    const batchId = crypto.randomUUID();
    expect(await hub.ingestBeacons(site.hub, batch, batchId)).toEqual(["visit_started", "engagement", "offer_click"]);
    expect(await hub.ingestBeacons(site.hub, batch, batchId)).toEqual(["duplicate", "duplicate", "duplicate"]);
    await flush(site);
    const day = todayIn(site.timezone);
    const cookie = await login();
    const r = await report<SiteAnalyticsResponse>(cookie, site, `from=${day}&to=${day}`);
    expect(r.totals).toMatchObject({ pageviews: 1, visits: 1, visitors: 1, engagedMs: 1000, offerClicks: 1, bounces: 0 });
    expect(r.breakdowns.path.find((p) => p.value === "/a")).toMatchObject({ pageviews: 1, offerClicks: 1 });
  });

  it("count as lost only what the hub does not hold, and a lost beacon arriving late is not stored too", async () => {
    const site = await freshSite();
    const hub = hubStub(env, site.id);
    const pv = (): BeaconInput => ({
      type: "pageview",
      ts: Date.now(),
      path: "/late",
      identity: "v2",
      session: SESSION,
    });
    const stored = pv();
    const late = pv();
    const [storedBatch, lateBatch] = [crypto.randomUUID(), crypto.randomUUID()];
    expect(await hub.ingestBeacons(site.hub, [stored], storedBatch)).toEqual(["visit_started"]);
    // A batch that landed after all is not lost; one that did not is lost with all its beacons.
    expect(await hub.noteLost(site.hub, "beacons", [storedBatch], 1)).toBe(0);
    expect(await hub.noteLost(site.hub, "beacons", [lateBatch], 2)).toBe(2);
    expect(await hub.ingestBeacons(site.hub, [late, pv()], lateBatch)).toEqual(["duplicate", "duplicate"]);
    const cookie = await login();
    expect(await liveCounter(cookie, site.id, "lost_beacons")).toBe(2);
    expect(await liveCounter(cookie, site.id, "pageviews")).toBe(1);
  });

  it("count as lost only click ids the hub does not hold", async () => {
    const seed = await demo();
    const res = await call("/go/vulkan-de", { ip: "198.51.100.78" });
    const stored = new URL(res.headers.get("location") ?? "").searchParams.get("clickid");
    expect(stored).toMatch(/^srde01/);
    const site = { workspaceId: seed.workspaceId, siteId: "site_de", hubCode: "srde01", timezone: "Europe/Berlin" };
    const cookie = await login();
    const before = (await liveCounter(cookie, "site_de", "lost_clicks")) ?? 0;
    expect(await hubStub(env, "site_de").noteLost(site, "clicks", [stored as string, "srde01neverstored00000000000000"])).toBe(1);
    const after = await liveCounter(cookie, "site_de", "lost_clicks");
    expect(after).not.toBeNull();
    expect((after as number) - before).toBe(1);
  });

  it("that still fail after the retries are counted as lost in the live snapshot, never silently dropped", async () => {
    const site = await freshSite();
    const cookie = await login();
    // The hub's storage rejects every pageview write (a table it needs is gone), until the hub restarts.
    await runInDurableObject(hubStub(env, site.id), (_obj, state) => {
      state.storage.sql.exec("DROP TABLE seen");
    });
    const error = vi.spyOn(console, "error");
    const res = await beacon(site, { t: "pv", u: page(site, "/lost"), r: "", w: 1280 });
    expect(res.status).toBe(204);
    expect(error.mock.calls.some((c) => String(c[0]).startsWith(`hub_write_lost: 1 beacons of site ${site.id}`))).toBe(true);
    expect(await liveCounter(cookie, site.id, "lost_beacons")).toBe(1);
    expect(await liveCounter(cookie, site.id, "pageviews")).toBeNull();
  });
});
