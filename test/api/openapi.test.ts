/**
 * OpenAPI conformance: every /api route of the app is in GET /api/openapi.json (dev helpers aside),
 * the document is public, and the answers of a representative request per route — successes and
 * errors — validate against it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../workers/app";
import { api, apiKey, call, demo, login, withAuth } from "../helpers";
import { conformanceFailures, openApiOperations, validateResponsesAgainstOpenApi } from "../openapi-check";

/** Local-only helpers (404 in production): not part of the public API. */
const DEV_ONLY = /^\/api\/(dev|outbox)(\/|$)/;
const openApiPath = (p: string) => p.replace(/:([A-Za-z]+)/g, "{$1}");
const appRoutes = [
  ...new Set(
    app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !DEV_ONLY.test(r.path) && !r.path.endsWith("/*"))
      .map((r) => `${r.method} ${openApiPath(r.path)}`),
  ),
];

type Json = Record<string, unknown>;

describe("OpenAPI document", () => {
  let doc: Json;
  beforeAll(async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    doc = (await res.json()) as Json;
    validateResponsesAgainstOpenApi();
  });

  it("is public OpenAPI 3.1 with the session and API key security schemes and one Error schema", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const components = doc.components as { securitySchemes: Json; schemas: Json };
    expect(Object.keys(components.securitySchemes).sort()).toEqual(["apiKey", "session"]);
    expect(components.schemas.Error).toBeDefined();
    const paths = doc.paths as Record<string, Record<string, { security: Json[] }>>;
    expect(paths["/api/sites"]?.get?.security).toEqual([{ session: [] }, { apiKey: [] }]);
    // No API key reaches the keys themselves (authz.ts): the document says so.
    expect(paths["/api/api-keys"]?.post?.security).toEqual([{ session: [] }]);
    expect(paths["/api/openapi.json"]?.get?.security).toEqual([]);
    const docs = await call("/api/docs");
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain("/api/openapi.json");
    // Everything the page loads is on this origin: it works offline and names no CDN.
    const csp = docs.headers.get("content-security-policy");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "/api-docs/swagger-ui.css",
      "/api/openapi.json",
      "/api-docs/swagger-ui-bundle.js",
      "/api-docs/init.js",
    ]);
  });

  it("has every /api route of the app, and none the app lacks", () => {
    const documented = openApiOperations(doc).map((o) => `${o.method} ${o.template}`);
    expect(appRoutes.length).toBeGreaterThan(60);
    expect(
      appRoutes.filter((r) => !documented.includes(r)),
      "routes missing from the OpenAPI document (add an op() in workers/openapi/routes.ts)",
    ).toEqual([]);
    expect(
      documented.filter((r) => !appRoutes.includes(r)),
      "documented routes the app does not have",
    ).toEqual([]);
  });

  it("documents each route's request schemas and errors", () => {
    for (const o of openApiOperations(doc)) {
      const responses = o.op.responses as Json;
      expect((responses.default as { content: Json }).content, `${o.method} ${o.template}`).toEqual({
        "application/json": { schema: { $ref: "#/components/schemas/Error" } },
      });
      const pathParams = ((o.op.parameters as { in: string; name: string }[]) ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(pathParams, o.template).toEqual([...o.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
    }
    const createSite = (doc.paths as Json)["/api/sites"] as { post: { requestBody: { content: Json } } };
    const body = (createSite.post.requestBody.content["application/json"] as { schema: { properties: Json; required: string[] } }).schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["name", "domains", "timezone"]));
  });

  it("documents the Site Report's page sizes as exactly those the route accepts", async () => {
    const params = ((doc.paths as Json)["/api/reports/site"] as { get: { parameters: { name: string; schema: Json }[] } }).get.parameters;
    const pageSize = params.find((p) => p.name === "pageSize")?.schema;
    expect(pageSize).toMatchObject({ enum: [25, 50, 100, 250, 500], default: 50 });
    await demo();
    const owner = await login();
    for (const n of [25, 50, 100, 250, 500])
      expect((await api(owner, `/api/reports/site?preset=today&pageSize=${n}`)).status, String(n)).toBe(200);
    const refused = await api<{ error: { details: { fields: { field: string }[] } } }>(owner, "/api/reports/site?preset=today&pageSize=30");
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields.map((f) => f.field)).toEqual(["pageSize"]);
  });

  it("answers of a representative request per route validate against the document", async () => {
    const seed = await demo();
    const owner = await login();
    const read = await apiKey(owner, "read");
    const ids: Record<string, string> = {
      sites: "site_uk",
      offers: "of_spinia",
      links: "tl_spinia_uk",
      campaigns: "cp_uk_seo",
      "traffic-sources": "ts_google",
      members: "mem_none",
      invitations: "inv_none",
      "api-keys": "ak_none",
      "casino-entries": "ce_none",
    };
    const entries = await api<{ entries: { id: string }[] }>(owner, "/api/casino-entries");
    const entry = entries.body.entries[0];
    if (entry) ids["casino-entries"] = entry.id;
    expect(seed.workspaceId).toBeDefined();
    for (const o of openApiOperations(doc)) {
      if (o.template.startsWith("/api/auth") || o.template.startsWith("/api/workspaces") || o.template.startsWith("/api/invites")) continue;
      const segment = o.template.split("/")[2] ?? "";
      let path = o.template.replace(/\{([^}]+)\}/g, (_, name: string) =>
        name === "id" ? (ids[segment] ?? "nope") : name === "dim" ? "country" : "nope",
      );
      const params = (o.op.parameters as { in: string; name: string; required: boolean }[]) ?? [];
      if (params.some((p) => p.in === "query" && p.name === "from")) path += "?from=2026-01-01&to=2026-01-31";
      // Reads as the owner and as a read key (200s); writes with an empty body (400s) or as the read key (403s).
      if (o.method === "GET") {
        await call(path, withAuth(owner));
        await call(path, withAuth(read));
      } else {
        const init = { method: o.method, headers: { "content-type": "application/json" }, body: o.method === "DELETE" ? undefined : "{}" };
        await call(path, withAuth(read, init));
        if (!/\/(archive|restore|clone|revoke|resync)$/.test(path) && o.method !== "DELETE") await call(path, withAuth(owner, init));
      }
    }
    // Successful writes of the entities that have answer schemas.
    const post = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await api(owner, "/api/api-keys", post({ name: "conformance", scope: "read" }))).status).toBe(201);
    const source = await api<{ source: { id: string } }>(owner, "/api/traffic-sources", post({ name: "Conformance source", type: "seo" }));
    expect(source.status).toBe(201);
    expect((await api(owner, `/api/traffic-sources/${source.body.source.id}/archive`, { method: "POST" })).status).toBe(200);
    const site = await api(
      owner,
      "/api/sites",
      post({ name: "Conformance site", domains: ["conformance.example"], market: "GB", locale: "en-GB", timezone: "Europe/London" }),
    );
    expect(site.status).toBe(201);
    // Errors of the chain itself: no credential, an unknown key.
    await call("/api/sites");
    await call("/api/sites", { headers: { authorization: "Bearer cfx_unknown" } });
    expect(conformanceFailures()).toEqual([]);
  });
});
