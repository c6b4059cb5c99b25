/**
 * Accounts, workspaces and the team through the public API: sign-up, sign-in (one answer for unknown
 * and known emails, throttled per account), sign-out here and everywhere, password change and reset
 * through the dev outbox, invitations by link, roles decided by one middleware, hide-financials on
 * JSON, CSV and the live socket, CSRF, security headers, and the audit log.
 */
import { describe, expect, it } from "vitest";
import { api, call, cookieOf, demo, drain, env, login, signUp } from "../helpers";

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
type Err = { error: { code: string; message: string; details?: { field?: string; fields?: { field: string }[] } } };
type Me = {
  user: { email: string };
  workspace: { id: string; name: string } | null;
  workspaces: { id: string; role: string }[];
  membership: { role: string; hideFinancials: boolean } | null;
};

async function outboxFor(email: string): Promise<{ subject: string; text: string }[]> {
  const res = await api<{ mail: { to: string; subject: string; text: string }[] }>("", "/api/outbox");
  expect(res.status).toBe(200);
  return res.body.mail.filter((m) => m.to === email);
}

/** The demo owner invites `email` with a role; a new user signs up with the invitation (no workspace of their own) and accepts it. */
async function member(role: "admin" | "analyst" | "viewer", hideFinancials = false) {
  await demo();
  const owner = await login();
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const inv = await api<{ id: string; link: string }>(owner, "/api/invitations", json("POST", { email, role, hideFinancials }));
  expect(inv.status).toBe(201);
  const mail = await outboxFor(email);
  expect(mail[0]?.text).toContain(inv.body.link);
  const u = await signUp({ email, invitationToken: inv.body.id });
  const accepted = await api<{ workspaceId: string }>(u.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" });
  expect(accepted.status).toBe(200);
  return u.cookie;
}

describe("sign-up and sign-in", () => {
  it("signs up with a workspace of one's own, as its owner", async () => {
    const u = await signUp({ workspaceName: "Acme Media" });
    expect(u.cookie).toMatch(/^__Secure-cf\.session_token=/);
    const me = await api<Me>(u.cookie, "/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.workspace?.name).toBe("Acme Media");
    expect(me.body.membership?.role).toBe("owner");
    const sites = await api<{ sites: unknown[] }>(u.cookie, "/api/sites");
    expect(sites.status).toBe(200);
    expect(sites.body.sites).toEqual([]);
  });

  it("refuses bad sign-up input naming the field", async () => {
    const res = await api<Err>("", "/api/auth/signup", json("POST", { name: "x", email: "not-an-email", password: "short" }));
    expect(res.status).toBe(400);
    const fields = res.body.error.details?.fields?.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("needs a workspace name unless the account joins by invitation, and leaves no account behind when refused", async () => {
    const email = `nows-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const bare = { name: "x", email, password: "a-long-password-1" };
    const res = await api<Err>("", "/api/auth/signup", json("POST", bare));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields?.map((f) => f.field)).toEqual(["workspaceName"]);
    const unknown = await api<Err>("", "/api/auth/signup", json("POST", { ...bare, invitationToken: "inv_nope" }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details?.field).toBe("invitationToken");
    expect((await signUp({ email })).workspaceId).toBeTypeOf("string");
  });

  it("answers a taken email 409 email_taken, naming email", async () => {
    const u = await signUp();
    const again = await api<Err>(
      "",
      "/api/auth/signup",
      json("POST", { name: "y", email: u.email.toUpperCase(), password: "another-password-2", workspaceName: "Again" }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "email_taken", details: { field: "email" } });
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const u = await signUp();
    const wrong = await call("/api/auth/login", json("POST", { email: u.email, password: "wrong-password-x" }));
    const unknown = await call("/api/auth/login", json("POST", { email: `nobody-${u.userId}@example.com`, password: "wrong-password-x" }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("throttles failed sign-ins per account, even with the right password, and says when to retry", async () => {
    const u = await signUp();
    for (let i = 0; i < 8; i++) {
      const res = await call("/api/auth/login", { ...json("POST", { email: u.email, password: "wrong-password-x" }), ip: `10.0.0.${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await call("/api/auth/login", { ...json("POST", { email: u.email, password: u.password }), ip: "10.0.1.1" });
    expect(blocked.status).toBe(429);
    const body = (await blocked.json()) as Err;
    expect(body.error.code).toBe("too_many_attempts");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("signs out here, and everywhere", async () => {
    const u = await signUp();
    const second = await login(u.email, u.password);
    expect((await api(second, "/api/auth/me")).status).toBe(200);
    const out = await call("/api/auth/logout", { method: "POST", headers: { cookie: u.cookie } });
    expect(out.status).toBe(200);
    expect((await api(u.cookie, "/api/auth/me")).status).toBe(401);
    expect((await api(second, "/api/auth/me")).status).toBe(200);
    const third = await login(u.email, u.password);
    expect((await api(third, "/api/auth/logout-everywhere", { method: "POST" })).status).toBe(200);
    expect((await api(second, "/api/auth/me")).status).toBe(401);
    expect((await api(third, "/api/auth/me")).status).toBe(401);
  });

  it("changes the password and ends the other sessions", async () => {
    const u = await signUp();
    const other = await login(u.email, u.password);
    const res = await call("/api/auth/password", {
      ...json("POST", { currentPassword: u.password, newPassword: "a-new-password-2" }),
      headers: { "content-type": "application/json", cookie: u.cookie },
    });
    expect(res.status).toBe(200);
    expect((await api(other, "/api/auth/me")).status).toBe(401);
    await login(u.email, "a-new-password-2");
    const old = await call("/api/auth/login", json("POST", { email: u.email, password: u.password }));
    expect(old.status).toBe(401);
  });

  it("a wrong current password or reset token is refused naming the field (found by the 2,000-case fuzz)", async () => {
    const u = await signUp();
    const wrong = await call("/api/auth/password", {
      ...json("POST", { currentPassword: "not-the-password", newPassword: "a-new-password-2" }),
      headers: { "content-type": "application/json", cookie: u.cookie },
    });
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as { error?: { code?: string; details?: { field?: string } } };
    expect(body.error?.details?.field).toBe("currentPassword");
    const reset = await call("/api/auth/password/reset", json("POST", { token: "not-a-real-token", newPassword: "reset-password-3" }));
    expect(reset.status).toBe(400);
    const r = (await reset.json()) as { error?: { code?: string; details?: { field?: string } } };
    expect(r.error?.details?.field).toBe("token");
  });

  it("resets a forgotten password through the emailed link", async () => {
    const u = await signUp();
    const asked = await call("/api/auth/password/forgot", json("POST", { email: u.email }));
    expect(asked.status).toBe(200);
    const unknown = await call("/api/auth/password/forgot", json("POST", { email: `nobody-${u.userId}@example.com` }));
    expect(await unknown.json()).toEqual(await asked.json());
    const mail = await outboxFor(u.email);
    const token = mail[0]?.text.match(/reset-password\?token=([^\s]+)/)?.[1];
    expect(token).toBeTruthy();
    const reset = await call(
      "/api/auth/password/reset",
      json("POST", { token: decodeURIComponent(token ?? ""), newPassword: "reset-password-3" }),
    );
    expect(reset.status).toBe(200);
    expect((await api(u.cookie, "/api/auth/me")).status).toBe(401);
    await login(u.email, "reset-password-3");
  });
});

describe("workspaces and invitations", () => {
  it("belongs to several workspaces and switches between them", async () => {
    const u = await signUp({ workspaceName: "First" });
    const created = await api<{ id: string }>(
      u.cookie,
      "/api/workspaces",
      json("POST", { name: "Second", reportingTimezone: "Europe/Malta" }),
    );
    expect(created.status).toBe(201);
    let me = await api<Me>(u.cookie, "/api/auth/me");
    expect(me.body.workspace?.name).toBe("Second");
    expect(me.body.workspaces).toHaveLength(2);
    const first = me.body.workspaces.find((w) => w.id !== created.body.id);
    expect(first).toBeDefined();
    expect((await api(u.cookie, "/api/workspaces/switch", json("POST", { workspaceId: first?.id }))).status).toBe(200);
    me = await api<Me>(u.cookie, "/api/auth/me");
    expect(me.body.workspace?.name).toBe("First");
    // Someone else's workspace cannot be switched to.
    const other = await signUp();
    const res = await api(u.cookie, "/api/workspaces/switch", json("POST", { workspaceId: other.workspaceId }));
    expect(res.status).toBe(404);
  });

  it("updates settings with validation, and records them in the audit log", async () => {
    const u = await signUp();
    const bad = await api<Err>(u.cookie, "/api/workspace", json("PATCH", { reportingTimezone: "Mars/Olympus", reportingCurrency: "euro" }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.fields?.map((f) => f.field)).toEqual(expect.arrayContaining(["reportingTimezone", "reportingCurrency"]));
    // A three-letter code that is no currency is refused, not stored.
    const xyz = await api<Err>(u.cookie, "/api/workspace", json("PATCH", { reportingCurrency: "XYZ" }));
    expect(xyz.status).toBe(400);
    expect(xyz.body.error.details?.fields?.map((f) => f.field)).toEqual(["reportingCurrency"]);
    const ok = await api(
      u.cookie,
      "/api/workspace",
      json("PATCH", { name: "Renamed", reportingCurrency: "USD", reportingTimezone: "America/New_York" }),
    );
    expect(ok.status).toBe(200);
    const ws = await api<{ name: string; reportingCurrency: string; reportingTimezone: string }>(u.cookie, "/api/workspace");
    expect(ws.body).toMatchObject({ name: "Renamed", reportingCurrency: "USD", reportingTimezone: "America/New_York" });
    const log = await api<{ entries: { action: string; userEmail: string; diff: Record<string, unknown> | null }[] }>(
      u.cookie,
      "/api/audit",
    );
    const entry = log.body.entries.find((e) => e.action === "settings.update");
    expect(entry).toBeDefined();
    expect(entry?.userEmail).toBe(u.email);
    expect(entry?.diff?.reportingCurrency).toEqual(["EUR", "USD"]);
  });

  it("accepts an invitation only for its email, once", async () => {
    await demo();
    const owner = await login();
    const inv = await api<{ id: string }>(owner, "/api/invitations", json("POST", { email: "invitee@example.com", role: "viewer" }));
    expect(inv.status).toBe(201);
    const info = await api<{ workspaceName: string; status: string }>("", `/api/invites/${inv.body.id}`);
    expect(info.body).toMatchObject({ workspaceName: "Demo Affiliates", status: "pending" });
    const stranger = await signUp();
    const wrong = await api<Err>(stranger.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" });
    expect(wrong.status).toBe(403);
    // Nor can a stranger sign up with it: refused naming the email, before any account exists.
    const strangerSignup = await api<Err>(
      "",
      "/api/auth/signup",
      json("POST", { name: "s", email: `s-${stranger.userId}@example.com`, password: "a-long-password-1", invitationToken: inv.body.id }),
    );
    expect(strangerSignup.status).toBe(403);
    expect(strangerSignup.body.error).toMatchObject({ code: "invitation_other_email", details: { field: "email" } });
    const invitee = await signUp({ email: "invitee@example.com", invitationToken: inv.body.id });
    expect((await api(invitee.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" })).status).toBe(200);
    expect((await api(invitee.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" })).status).toBe(409);
    const me = await api<Me>(invitee.cookie, "/api/auth/me");
    expect(me.body.membership?.role).toBe("viewer");
  });

  it("a user with no workspace is told to create one", async () => {
    // Signed up to join by invitation, and not accepted it yet.
    await demo();
    const email = `later-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const inv = await api<{ id: string }>(await login(), "/api/invitations", json("POST", { email, role: "viewer" }));
    const u = await signUp({ email, invitationToken: inv.body.id });
    expect(u.workspaceId).toBeNull();
    const res = await api<Err>(u.cookie, "/api/sites");
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("no_workspace");
  });
});

describe("roles, decided in one place", () => {
  const campaign = { siteId: "site_uk", name: "Role test", offerIds: ["of_spinia"] };

  it("viewers read reports and change nothing", async () => {
    const viewer = await member("viewer");
    expect((await api(viewer, "/api/sites")).status).toBe(200);
    expect((await api(viewer, "/api/campaigns", json("POST", campaign))).status).toBe(403);
    expect((await api(viewer, "/api/links/tl_any", { method: "DELETE" })).status).toBe(403);
    expect((await api(viewer, "/api/offers/of_spinia", json("PATCH", { name: "x" }))).status).toBe(403);
    expect((await api(viewer, "/api/audit")).status).toBe(403);
    expect((await api(viewer, "/api/members")).status).toBe(403);
    expect((await api(viewer, "/api/invitations", json("POST", { email: "x@example.com", role: "admin" }))).status).toBe(403);
  });

  it("analysts read everything, the team and audit log included, and change nothing shared", async () => {
    const analyst = await member("analyst");
    expect((await api(analyst, "/api/audit")).status).toBe(200);
    expect((await api(analyst, "/api/members")).status).toBe(200);
    expect((await api(analyst, "/api/campaigns", json("POST", campaign))).status).toBe(403);
    expect((await api(analyst, "/api/workspace", json("PATCH", { name: "x" }))).status).toBe(403);
    // Their own profile is theirs to change.
    expect((await api(analyst, "/api/auth/me", json("PATCH", { timezone: "Europe/Berlin" }))).status).toBe(200);
  });

  it("admins change shared data but cannot touch owners", async () => {
    const admin = await member("admin");
    expect((await api(admin, "/api/campaigns", json("POST", campaign))).status).toBe(201);
    const team = await api<{ members: { id: string; role: string }[] }>(admin, "/api/members");
    const ownerRow = team.body.members.find((m) => m.role === "owner");
    expect(ownerRow).toBeDefined();
    expect((await api(admin, `/api/members/${ownerRow?.id}`, json("PATCH", { role: "viewer" }))).status).toBe(409);
    expect((await api(admin, "/api/workspace/owner", json("POST", { memberId: ownerRow?.id }))).status).toBe(403);
  });
});

describe("hide financials", () => {
  // A figure is money when its own key says so (money is always held in *Micros or named fields).
  const money = /micros$|^revenue$|ngr|commission|epc|cost|roi|payout|amount/i;
  /** Keys of leaf values (numbers, strings), so a group such as freshness.revenue { lastSyncAt } is not a figure. */
  const keysOf = (v: unknown, out: string[] = []): string[] => {
    if (Array.isArray(v)) for (const x of v) keysOf(x, out);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (x !== null && typeof x === "object") keysOf(x, out);
        else out.push(k);
      }
    return out;
  };

  it("removes every money figure from reports, CSV and the raw postback for that member", async () => {
    await demo();
    const owner = await login();
    const hidden = await member("viewer", true);
    const range = "from=2026-11-01&to=2026-11-20";
    const full = await api(owner, `/api/sites/site_uk/overview?${range}`);
    expect(full.status).toBe(200);
    expect(keysOf(full.body).some((k) => money.test(k))).toBe(true);
    const redacted = await api(hidden, `/api/sites/site_uk/overview?${range}`);
    expect(redacted.status).toBe(200);
    expect(keysOf(redacted.body).filter((k) => money.test(k))).toEqual([]);
    // What is not money survives: when revenue was last synced, which days are provisional.
    const fresh = (redacted.body as { freshness: { revenue: { lastSyncAt: number | null; provisionalDays: string[] } } }).freshness.revenue;
    expect(fresh.provisionalDays).toBeDefined();

    const seed = await demo();
    const pb = await call(`/pb/${seed.postbackKeys[0]?.key}?click_id=unknownclick&event=ftd&amount=77.50&currency=EUR&txid=hf1`);
    expect(pb.status).toBe(200);
    await drain(seed);
    const csvRes = await call("/api/postbacks/export.csv", { headers: { cookie: hidden } });
    expect(csvRes.status).toBe(200);
    const csv = await csvRes.text();
    expect(csv).toContain("raw_query");
    expect(csv).not.toContain("77.50");
    const log = await api<{ rows: { rawQuery: string }[] }>(hidden, "/api/postbacks");
    expect(JSON.stringify(log.body)).not.toContain("77.50");
  });
});

describe("CSRF and headers", () => {
  it("refuses a cookie-authenticated write from another origin", async () => {
    const u = await signUp();
    const res = await api<Err>(u.cookie, "/api/workspace", json("PATCH", { name: "Evil" }, { origin: "https://evil.example" }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("cross_origin");
    const same = await api(u.cookie, "/api/workspace", json("PATCH", { name: "Fine" }, { origin: "https://cf.test" }));
    expect(same.status).toBe(200);
  });

  it("refuses the live WebSocket from another origin", async () => {
    await demo();
    const owner = await login();
    const res = await call("/api/sites/site_uk/live", { headers: { cookie: owner, upgrade: "websocket", origin: "https://evil.example" } });
    expect(res.status).toBe(403);
  });

  it("sends security headers on the API", async () => {
    const res = await call("/api/auth/me");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("exposes none of better-auth's raw endpoints", async () => {
    const res = await call("/api/auth/sign-in/email", json("POST", { email: "a@b.co", password: "x" }));
    expect(res.status).toBe(404);
    expect(cookieOf(res)).toBe("");
    expect(env.ENVIRONMENT).toBe("test");
  });
});
