/**
 * Traffic Sources API: create with type, presets' postback template and a cost model in micros,
 * edit (the click-id parameter reaches the link routes), archive, validation naming the field,
 * and workspace scoping.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { TrafficSourceView } from "../../shared/entity-types";
import { SOURCE_PRESETS } from "../../shared/traffic-sources";
import { getDb } from "../../workers/db/client";
import { auditLog, clicks, trafficSources } from "../../workers/db/schema";
import { api, call, clearRouteCache, demo, drain, env, login } from "../helpers";
import { type ErrorBody, expectAll404, fieldsOf, json, otherWorkspace } from "./entity-helpers";

const propeller = SOURCE_PRESETS.find((p) => p.id === "propellerads");

describe("Traffic Sources API", () => {
  it("creates a source from a preset with its cost model stored in micros, and audits it", async () => {
    await demo();
    const cookie = await login();
    expect(propeller?.postbackUrlTemplate).toBeTruthy();
    const template = (propeller?.postbackUrlTemplate ?? "").replace("REPLACE_AID", "123").replace("REPLACE_TID", "456");
    const res = await api<{ source: TrafficSourceView }>(
      cookie,
      "/api/traffic-sources",
      json("POST", {
        name: "Propeller push",
        type: "ad_network",
        clickIdParam: propeller?.clickIdParam,
        postbackUrlTemplate: template,
        cost: { model: "cpc", amount: "0.035", currency: "usd" },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.source).toMatchObject({
      name: "Propeller push",
      type: "ad_network",
      clickIdParam: "subid",
      postbackUrlTemplate: template,
      cost: { model: "cpc", amountMicros: 35_000, currency: "USD", revsharePct: null },
      archivedAt: null,
    });
    const audit = (await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, res.body.source.id)))[0];
    expect(audit?.action).toBe("traffic_source.create");
  });

  it("refuses bad input naming the field", async () => {
    await demo();
    const cookie = await login();
    const before = (await getDb(env.DB).select({ id: trafficSources.id }).from(trafficSources)).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ name: "X", type: "tv" }, "type"],
      [{ name: "X", postbackUrlTemplate: propeller?.postbackUrlTemplate }, "postbackUrlTemplate"],
      [{ name: "X", postbackUrlTemplate: "https://n.example/pb?c={clickid}" }, "postbackUrlTemplate"],
      [{ name: "X", postbackUrlTemplate: "ftp://n.example/pb?c={source_click_id}" }, "postbackUrlTemplate"],
      [{ name: "X", cost: { model: "cpm" } }, "cost.amount"],
      [{ name: "X", cost: { model: "cpa", amount: 12.5, currency: "EUR" } }, "cost.amount"],
      [{ name: "X", cost: { model: "daily", amount: "50" } }, "cost.currency"],
      [{ name: "X", cost: { model: "revshare" } }, "cost.revsharePct"],
      [{ name: "X", cost: { model: "revshare", revsharePct: "130" } }, "cost.revsharePct"],
      [{ name: "X", clickIdParam: "a b" }, "clickIdParam"],
    ];
    for (const [body, field] of cases) {
      const res = await api<ErrorBody>(cookie, "/api/traffic-sources", json("POST", body));
      expect(res.status, field).toBe(400);
      expect(fieldsOf(res.body)[0], JSON.stringify(res.body)).toBe(field);
    }
    expect((await getDb(env.DB).select({ id: trafficSources.id }).from(trafficSources)).length).toBe(before);
  });

  it("edits a source: a new click-id parameter is kept with the next click of its campaigns' links", async () => {
    const seed = await demo();
    const cookie = await login();
    const res = await api<{ source: TrafficSourceView }>(
      cookie,
      "/api/traffic-sources/ts_google",
      json("PATCH", { clickIdParam: "tclid", type: "ad_network", cost: { model: "revshare", revsharePct: "25" } }),
    );
    expect(res.status).toBe(200);
    expect(res.body.source).toMatchObject({ clickIdParam: "tclid", cost: { model: "revshare", revsharePct: "25", amountMicros: null } });
    expect(res.body.source.campaignCount).toBeGreaterThan(0);
    clearRouteCache();
    const click = await call("/go/spinia-uk-ads?tclid=T-42");
    const id = new URL(click.headers.get("location") ?? "").searchParams.get("click_id") ?? "";
    await drain(seed);
    const row = (await getDb(env.DB).select().from(clicks).where(eq(clicks.id, id)))[0];
    expect(row?.subIds).toEqual({ tclid: "T-42" });
  });

  it("archives and restores a source", async () => {
    await demo();
    const cookie = await login();
    const { body } = await api<{ source: TrafficSourceView }>(
      cookie,
      "/api/traffic-sources",
      json("POST", { name: "Newsletter", type: "email" }),
    );
    const archived = await api<{ source: TrafficSourceView }>(cookie, `/api/traffic-sources/${body.source.id}/archive`, { method: "POST" });
    expect(archived.body.source.archivedAt).toBeGreaterThan(0);
    const list = await api<{ sources: TrafficSourceView[] }>(cookie, "/api/traffic-sources");
    expect(list.body.sources.map((s) => s.id)).not.toContain(body.source.id);
    const all = await api<{ sources: TrafficSourceView[] }>(cookie, "/api/traffic-sources?archived=1");
    expect(all.body.sources.map((s) => s.id)).toContain(body.source.id);
    const restored = await api<{ source: TrafficSourceView }>(cookie, `/api/traffic-sources/${body.source.id}/restore`, { method: "POST" });
    expect(restored.body.source.archivedAt).toBeNull();
  });

  it("answers 404 for another workspace's source", async () => {
    await demo();
    const other = await otherWorkspace();
    const list = await api<{ sources: TrafficSourceView[] }>(other, "/api/traffic-sources");
    expect(list.body.sources).toEqual([]);
    const wrong = await expectAll404(other, [
      ["/api/traffic-sources/ts_meta", {}],
      ["/api/traffic-sources/ts_meta", json("PATCH", { name: "Mine" })],
      ["/api/traffic-sources/ts_meta/archive", { method: "POST" }],
      ["/api/traffic-sources/ts_meta/restore", { method: "POST" }],
    ]);
    expect(wrong).toEqual([]);
    const row = (await getDb(env.DB).select().from(trafficSources).where(eq(trafficSources.id, "ts_meta")))[0];
    expect(row?.name).toBe("Meta media buyer");
  });
});
