/**
 * The authorization matrix over every /api route of the app (read from the router, so a new route is
 * covered without editing this file): another workspace's ids are never found, never changed (by a
 * member's session or that workspace's API key); each role and each API key scope gets exactly what
 * shared/roles.ts grants it (403 otherwise) and reads without errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKeyScope, allowed, type Role, scopeAllowed } from "../../shared/roles";
import { needFor } from "../../workers/api/authz";
import { api, apiKey, apiRoutes, call, concreteRoute, DEMO_ROUTE_IDS, demo, login, signUp, withAuth } from "../helpers";
import { conformanceFailures, validateResponsesAgainstOpenApi } from "../openapi-check";

/** Routes outside the workspace: accounts, one's own workspaces, invitation links, local dev helpers. */
const OUTSIDE = /^\/api\/(auth|workspaces|invites|outbox|dev)(\/|$)/;
const routes = apiRoutes(OUTSIDE);

/** One request as a member (Cookie) or an API key (`Bearer …`); the body as text (some routes answer CSV). */
async function hit(auth: string, method: string, path: string): Promise<{ status: number; text: string }> {
  const res = await call(path, withAuth(auth, init(method)));
  return { status: res.status, text: await res.text() };
}

const init = (method: string): RequestInit =>
  method === "GET" || method === "DELETE" ? { method } : { method, headers: { "content-type": "application/json" }, body: "{}" };

describe("authorization matrix over every /api route", () => {
  // Every answer of the matrix (successes, 400/403/404s) must also fit the OpenAPI document.
  beforeAll(validateResponsesAgainstOpenApi);
  afterAll(() => expect(conformanceFailures()).toEqual([]));

  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it.each(["session", "read_write API key"])("another workspace's ids are never found and never changed (%s)", async (as) => {
    await demo();
    const owner = await login();
    const inv = await api<{ id: string }>(owner, "/api/invitations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `iso-${crypto.randomUUID()}@example.com`, role: "viewer" }),
    });
    expect(inv.status).toBe(201);
    const key = await api<{ apiKey: { id: string } }>(owner, "/api/api-keys", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "isolation", scope: "read" }),
    });
    const ids = { ...DEMO_ROUTE_IDS, invitations: inv.body.id, "api-keys": key.body.apiKey.id };
    const before = await api<{ offer: { name: string } }>(owner, "/api/offers/of_spinia");
    expect(before.body.offer.name).toBeDefined();

    const otherCookie = (await signUp()).cookie;
    const other = as === "session" ? otherCookie : await apiKey(otherCookie, "read_write");
    const leaks: string[] = [];
    for (const r of routes) {
      const path = concreteRoute(r.path, ids);
      const res = await hit(other, r.method, path);
      const withId = r.path.includes(":id");
      // A key may also be refused outright (403) where its scope never reaches (team, keys).
      const refused = as === "session" ? [400, 404] : [400, 403, 404];
      if (withId && !refused.includes(res.status)) leaks.push(`${r.method} ${path} → ${res.status}`);
      if (!withId && r.method === "GET") {
        for (const id of Object.values(ids)) if (res.text.includes(id)) leaks.push(`${r.method} ${path} shows ${id}`);
      }
    }
    expect(leaks).toEqual([]);
    const after = await api<{ offer: { name: string } }>(owner, "/api/offers/of_spinia");
    expect(after.body.offer.name).toBe(before.body.offer.name);
    const keys = await api<{ apiKeys: { id: string; revokedAt: number | null }[] }>(owner, "/api/api-keys");
    expect(keys.body.apiKeys.find((k) => k.id === key.body.apiKey.id)).toMatchObject({ revokedAt: null });
    const links = await api<{ links: { id: string }[] }>(owner, "/api/links");
    expect(links.body.links.map((l) => l.id)).toContain("tl_spinia_uk");
  });

  it.each(["viewer", "analyst"] as Role[])("a %s gets exactly what its role grants", async (role) => {
    await demo();
    const owner = await login();
    const email = `${role}-iso-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const inv = await api<{ id: string }>(owner, "/api/invitations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, role }),
    });
    const u = await signUp({ email, invitationToken: inv.body.id });
    expect((await api(u.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" })).status).toBe(200);
    const wrong: string[] = [];
    for (const r of routes) {
      const need = needFor(r.method, r.path);
      const path = concreteRoute(r.path, { ...DEMO_ROUTE_IDS, invitations: inv.body.id });
      const res = await hit(u.cookie, r.method, path);
      if (!allowed(role, need) && res.status !== 403) wrong.push(`${r.method} ${path} (${need}) → ${res.status}, expected 403`);
      if (allowed(role, need) && (res.status === 403 || res.status >= 500)) wrong.push(`${r.method} ${path} (${need}) → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(["read", "read_write"] as ApiKeyScope[])("an API key with scope %s gets exactly what its scope grants", async (scope) => {
    await demo();
    const key = await apiKey(await login(), scope);
    const wrong: string[] = [];
    for (const r of routes) {
      const need = needFor(r.method, r.path);
      const res = await hit(key, r.method, concreteRoute(r.path, DEMO_ROUTE_IDS));
      const ok = scopeAllowed(scope, need);
      if (!ok && res.status !== 403) wrong.push(`${r.method} ${r.path} (${need}) → ${res.status}, expected 403`);
      if (ok && (res.status === 401 || res.status === 403 || res.status >= 500))
        wrong.push(`${r.method} ${r.path} (${need}) → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
