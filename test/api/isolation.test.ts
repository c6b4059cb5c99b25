/**
 * The authorization matrix over every /api route of the app (read from the router, so a new route is
 * covered without editing this file): another workspace's ids are never found, never changed; each
 * role gets exactly what shared/roles.ts grants it (403 otherwise) and reads without errors.
 */
import { describe, expect, it } from "vitest";
import { allowed, type Role } from "../../shared/roles";
import { needFor } from "../../workers/api/authz";
import { app } from "../../workers/app";
import { api, call, demo, login, signUp } from "../helpers";

/** Routes outside the workspace: accounts, one's own workspaces, invitation links, local dev helpers. */
const OUTSIDE = /^\/api\/(auth|workspaces|invites|outbox|dev)(\/|$)/;
const routes = [
  ...new Set(
    app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !OUTSIDE.test(r.path)).map((r) => `${r.method} ${r.path}`),
  ),
].map((s) => {
  const [method = "GET", path = "/"] = s.split(" ");
  return { method, path };
});

/** Demo workspace ids per top-level resource; every other parameter gets a plausible value. */
const DEMO_IDS: Record<string, string> = {
  sites: "site_uk",
  offers: "of_spinia",
  links: "tl_spinia_uk",
  campaigns: "cp_uk_seo",
  "traffic-sources": "ts_google",
  members: "mem_us_demo",
};
const OTHER_PARAMS: Record<string, string> = { dim: "country", runId: "sr_x", requestId: "rq_x", token: "x" };

function concrete(path: string, ids: Record<string, string>): string {
  const segment = path.split("/")[2] ?? "";
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === "id" ? (ids[segment] ?? "nope_0000") : (OTHER_PARAMS[name] ?? "x")));
}

/** One request as a member; the body as text (some routes answer CSV). */
async function hit(cookie: string, method: string, path: string): Promise<{ status: number; text: string }> {
  const headers = new Headers(init(method).headers);
  headers.set("cookie", cookie);
  const res = await call(path, { ...init(method), headers });
  return { status: res.status, text: await res.text() };
}

const init = (method: string): RequestInit =>
  method === "GET" || method === "DELETE" ? { method } : { method, headers: { "content-type": "application/json" }, body: "{}" };

describe("authorization matrix over every /api route", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it("another workspace's ids are never found and never changed", async () => {
    await demo();
    const owner = await login();
    const inv = await api<{ id: string }>(owner, "/api/invitations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `iso-${crypto.randomUUID()}@example.com`, role: "viewer" }),
    });
    expect(inv.status).toBe(201);
    const ids = { ...DEMO_IDS, invitations: inv.body.id };
    const before = await api<{ offer: { name: string } }>(owner, "/api/offers/of_spinia");
    expect(before.body.offer.name).toBeDefined();

    const other = (await signUp()).cookie;
    const leaks: string[] = [];
    for (const r of routes) {
      const path = concrete(r.path, ids);
      const res = await hit(other, r.method, path);
      const withId = r.path.includes(":id");
      if (withId && ![400, 404].includes(res.status)) leaks.push(`${r.method} ${path} → ${res.status}`);
      if (!withId && r.method === "GET") {
        for (const id of Object.values(ids)) if (res.text.includes(id)) leaks.push(`${r.method} ${path} shows ${id}`);
      }
    }
    expect(leaks).toEqual([]);
    const after = await api<{ offer: { name: string } }>(owner, "/api/offers/of_spinia");
    expect(after.body.offer.name).toBe(before.body.offer.name);
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
    const u = await signUp({ email, workspaceName: null });
    expect((await api(u.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" })).status).toBe(200);
    const wrong: string[] = [];
    for (const r of routes) {
      const need = needFor(r.method, r.path);
      const path = concrete(r.path, { ...DEMO_IDS, invitations: inv.body.id });
      const res = await hit(u.cookie, r.method, path);
      if (!allowed(role, need) && res.status !== 403) wrong.push(`${r.method} ${path} (${need}) → ${res.status}, expected 403`);
      if (allowed(role, need) && (res.status === 403 || res.status >= 500)) wrong.push(`${r.method} ${path} (${need}) → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
