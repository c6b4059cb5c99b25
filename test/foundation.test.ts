import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { SiteAnalyticsResponse } from "../shared/report-types";
import worker from "../workers/index";
import type { SyncMessage } from "../workers/revenue/cron";
import { api, call, demo, drain, env, login, todayIn } from "./helpers";

describe("the thin end-to-end path", () => {
  it("redirects a tracking link to the offer with a minted click id in the platform's parameter", async () => {
    await demo();
    const res = await call("/go/spinia-uk?sub1=review-top&p=hero-button", { ip: "203.0.113.7" });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location") ?? "");
    expect(loc.hostname).toBe("go.spinia.example");
    expect(loc.searchParams.get("click_id")).toMatch(/^cguk01[0-9a-z]{26}$/);
    expect(loc.searchParams.get("sub1")).toBe("review-top");
    expect(loc.searchParams.has("p")).toBe(false);
  });

  it("answers an unknown slug with a helpful 404 page", async () => {
    await demo();
    const res = await call("/go/no-such-link");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This link does not exist");
  });

  it("counts a postback once even when it is sent twice, attributed to its click", async () => {
    const seed = await demo();
    const go = await call("/go/spinia-uk", { ip: "203.0.113.8" });
    const clickId = new URL(go.headers.get("location") ?? "").searchParams.get("click_id");
    const key = seed.postbackKeys.find((k) => k.offerId === "of_spinia")?.key;
    const url = `/pb/${key}?click_id=${clickId}&event=ftd&amount=50.00&currency=EUR&txid=tx-${clickId}`;
    const first = await call(url);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, outcome: "accepted" });
    const second = await call(url);
    expect(await second.json()).toMatchObject({ ok: true, outcome: "duplicate" });
  });

  it("rejects a malformed postback with a 4xx naming the field", async () => {
    const seed = await demo();
    const key = seed.postbackKeys[0]?.key;
    const res = await call(`/pb/${key}?click_id=abc&event=ftd&amount=lots&currency=EUR`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string } } };
    expect(body.error.details.field).toBe("amount");
  });

  it("serves the snippet and counts a pageview beacon", async () => {
    const seed = await demo();
    const js = await call("/s.js");
    expect(js.status).toBe(200);
    expect(await js.text()).toContain("sendBeacon");
    const site = seed.sites[0];
    if (!site) throw new Error("demo seed has no site");
    // A 204 is also what bots and dropped beacons get: the proof is the pageview in the report.
    const cookie = await login();
    const today = todayIn("Europe/London"); // the first demo site's zone
    const path = `/best-casinos-${Date.now().toString(36)}`;
    const pageviewsOf = async () => {
      await drain(seed);
      const r = await api<SiteAnalyticsResponse>(cookie, `/api/sites/${site.id}/analytics?from=${today}&to=${today}`);
      expect(r.status).toBe(200);
      return { total: r.body.totals.pageviews, onPath: r.body.breakdowns.path.find((p) => p.value === path)?.pageviews };
    };
    const before = await pageviewsOf();
    expect(before.onPath).toBeUndefined();
    const res = await call("/e", {
      method: "POST",
      headers: { origin: "https://casinoguide.example", "content-type": "text/plain" },
      body: JSON.stringify({
        s: site.publicKey,
        t: "pv",
        u: `https://casinoguide.example${path}`,
        r: "https://www.google.com/",
        w: 1280,
      }),
    });
    expect(res.status).toBe(204);
    const after = await pageviewsOf();
    expect(after.onPath).toBe(1);
    expect(after.total).toBe(before.total + 1);
    const bad = await call("/e", { method: "POST", body: JSON.stringify({ s: site.publicKey, t: "pv", u: "not a url" }) });
    expect(bad.status).toBe(400);
  });

  it("pulls the sandbox Affilka report through cron + queue into revenue rows with a sync run", async () => {
    await demo();
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "*/30 * * * *" });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    const batch = createMessageBatch<SyncMessage>("casinoflux-sync", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: { offerId: "of_spinia", workspaceId: "ws_demo", trigger: "cron" } },
    ]);
    const qctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, qctx);
    expect(result.explicitAcks).toContain("m1");
    // The cron also enqueued real messages that miniflare's queue consumer runs in the background:
    // wait until every run of the offer has finished, then check them all.
    type Run = { status: string; rows_inserted: number };
    let runs: Run[] = [];
    for (let i = 0; i < 100; i++) {
      runs = (await env.DB.prepare("SELECT status, rows_inserted FROM sync_runs WHERE offer_id = 'of_spinia'").all<Run>()).results;
      if (runs.length > 0 && runs.every((r) => r.status !== "running")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.every((r) => r.status === "ok")).toBe(true);
    expect(runs.reduce((a, r) => a + r.rows_inserted, 0)).toBeGreaterThan(0);
  });

  it("returns a merged Site Overview with revenue freshness", async () => {
    const seed = await demo();
    await drain(seed);
    const cookie = await login();
    const today = todayIn("Europe/London");
    const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const { status, body } = await api<{
      totals: { clicks: number; ftds: number; revenue: { micros: number; currency: string }; epcMicros: number | null };
      freshness: { revenue: { completeThrough: string | null; lastSyncAt: number | null } };
    }>(cookie, `/api/sites/site_uk/overview?from=${from}&to=${today}`);
    expect(status).toBe(200);
    expect(body.totals.clicks).toBeGreaterThanOrEqual(2);
    expect(body.totals.ftds).toBe(1);
    expect(body.totals.revenue.currency).toBe("EUR");
    expect(body.totals.revenue.micros).toBeGreaterThan(0);
    expect(body.freshness.revenue.lastSyncAt).not.toBeNull();
  });
});
