/**
 * The /api chain reads a signed-in request's session, user and memberships in one D1 query
 * (workers/auth/session-read.ts) and caches no answer across requests: every change to who may do
 * what — sign-out, a removed member, a changed role, an expired session, a revoked key — holds on the
 * very next request. A session due for better-auth's daily refresh is still extended.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { sessions } from "../../workers/db/schema";
import worker from "../../workers/index";
import { api, apiKey, env, json, ORIGIN, signUp } from "../helpers";

type Err = { error: { code: string } };

/** An owner with a workspace of their own and a second user who joined it as `role` by invitation. */
async function team(role: "admin" | "viewer") {
  const owner = await signUp();
  const email = `m-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const inv = await api<{ id: string }>(owner.cookie, "/api/invitations", json("POST", { email, role }));
  expect(inv.status).toBe(201);
  const m = await signUp({ email, invitationToken: inv.body.id });
  expect((await api(m.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" })).status).toBe(200);
  const teamList = await api<{ members: { id: string; email: string }[] }>(owner.cookie, "/api/members");
  const memberId = teamList.body.members.find((x) => x.email === email)?.id;
  expect(memberId).toBeTypeOf("string");
  return { owner, member: m, memberId: memberId as string };
}

/** The session row behind a Cookie header (the token is the cookie value before its signature). */
const tokenOf = (cookie: string) => decodeURIComponent(cookie.split("=")[1]?.split(";")[0] ?? "").split(".")[0] ?? "";

describe("the session read of the /api chain", () => {
  it("takes one D1 round trip before the handler, with a session or an API key", async () => {
    const u = await signUp();
    const key = await apiKey(u.cookie, "read");
    // The real D1 binding, with every round trip to it counted (a statement run, or a batch).
    let trips = 0;
    const RUNS = new Set(["all", "run", "first", "raw"]);
    const counting = (stmt: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(stmt, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target);
          if (typeof v !== "function") return v;
          if (prop === "bind") return (...args: unknown[]) => counting(v.apply(target, args));
          if (RUNS.has(String(prop))) trips++;
          return v.bind(target);
        },
      });
    const DB = new Proxy(env.DB, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (prop === "prepare") return (query: string) => counting(target.prepare(query));
        if (prop === "batch") trips++;
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const counted = { ...env, DB } as Env;
    for (const auth of [{ cookie: u.cookie }, { authorization: key }] as Record<string, string>[]) {
      // Warm once (the isolate prepares its statements on first use), then count.
      for (const count of [false, true]) {
        trips = 0;
        const ctx = createExecutionContext();
        // /api/nope: past the whole chain (session, authorize, hide financials) to the 404, no handler query.
        const res = await worker.fetch(new Request(`${ORIGIN}/api/nope`, { headers: auth }), counted, ctx);
        await waitOnExecutionContext(ctx);
        expect(res.status).toBe(404);
        if (count) expect(trips).toBe(1);
      }
    }
  });

  it("a signed-out session is refused on the next request", async () => {
    const u = await signUp();
    expect((await api(u.cookie, "/api/workspace")).status).toBe(200);
    expect((await api(u.cookie, "/api/auth/logout", { method: "POST" })).status).toBe(200);
    const after = await api<Err>(u.cookie, "/api/workspace");
    expect(after.status).toBe(401);
  });

  it("a changed role and a removed member hold on the next request", async () => {
    const { owner, member, memberId } = await team("admin");
    // An admin may write: an empty site is refused for its input (400), not for the role.
    expect((await api(member.cookie, "/api/sites", json("POST", {}))).status).toBe(400);
    expect((await api(owner.cookie, `/api/members/${memberId}`, json("PATCH", { role: "viewer" }))).status).toBe(200);
    const asViewer = await api<Err>(member.cookie, "/api/sites", json("POST", {}));
    expect(asViewer.status).toBe(403);
    expect((await api(member.cookie, "/api/workspace")).status).toBe(200);
    expect((await api(owner.cookie, `/api/members/${memberId}`, { method: "DELETE" })).status).toBe(200);
    const removed = await api<Err>(member.cookie, "/api/workspace");
    expect(removed.status).toBe(409);
    expect(removed.body.error.code).toBe("no_workspace");
  });

  it("a revoked API key is refused on the next request", async () => {
    const u = await signUp();
    const key = await apiKey(u.cookie, "read");
    expect((await api(key, "/api/workspace")).status).toBe(200);
    const list = await api<{ apiKeys: { id: string }[] }>(u.cookie, "/api/api-keys");
    const id = list.body.apiKeys[0]?.id;
    expect(id).toBeTypeOf("string");
    expect((await api(u.cookie, `/api/api-keys/${id}/revoke`, { method: "POST" })).status).toBe(200);
    const after = await api<Err>(key, "/api/workspace");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("api_key_revoked");
  });

  it("a tampered cookie signature is refused, also after the genuine cookie was verified", async () => {
    const u = await signUp();
    // The isolate remembers signatures it verified: the genuine one first, so a tamper cannot ride on it.
    expect((await api(u.cookie, "/api/workspace")).status).toBe(200);
    const [name, value = ""] = u.cookie.split("=");
    const decoded = decodeURIComponent(value);
    // A character inside the signature: the last one before "=" holds padding bits, and A↔B there (or B/C/D → A)
    // can decode to the same bytes, so the old tamper passed about one run in sixteen.
    const at = decoded.length - 10;
    const tampered = `${name}=${encodeURIComponent(`${decoded.slice(0, at)}${decoded[at] === "A" ? "B" : "A"}${decoded.slice(at + 1)}`)}`;
    expect((await api(tampered, "/api/workspace")).status).toBe(401);
    expect((await api(u.cookie, "/api/workspace")).status).toBe(200);
  });

  // Time cannot be moved for the runtime here, so the session's expiry is set in D1 (setup only);
  // the answers are read through the API.
  it("an expired session is refused, and one due for refresh is extended", async () => {
    const db = getDb(env.DB);
    const u = await signUp();
    const token = tokenOf(u.cookie);
    const day = 86_400_000;
    // 12 of 14 days left: better-auth's daily refresh is due (more than a day since it was extended).
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 12 * day) })
      .where(eq(sessions.token, token));
    expect((await api(u.cookie, "/api/workspace")).status).toBe(200);
    const row = (await db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.token, token)))[0];
    expect(row).toBeDefined();
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13.9 * day);

    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.token, token));
    expect((await api(u.cookie, "/api/workspace")).status).toBe(401);
    // better-auth, asked on that path, removes the expired session.
    expect(await db.select().from(sessions).where(eq(sessions.token, token))).toEqual([]);
  });
});
