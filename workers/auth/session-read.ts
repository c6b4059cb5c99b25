import { asc, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { type DB, getDb, prepared } from "../db/client";
import { members, sessions, users, workspaces } from "../db/schema";
import type { AppEnv, Membership, UserInfo } from "../lib/hono";
import { authFor } from "./auth";

/**
 * The signed-in session, its user and the user's memberships (with each workspace's reporting
 * timezone) in ONE D1 query — what better-auth's getSession reads in two sequential queries, plus
 * the member query the /api chain ran after it (docs/performance.md, "API request floor").
 *
 * Only the common case is read here: a validly signed session cookie whose session exists, has not
 * expired and is not yet due for better-auth's daily refresh. Everything else (no or badly signed
 * cookie, unknown or expired session, refresh due, a stale session-data cookie to clear) returns
 * null and the caller asks better-auth, which stays the authority for those paths (it deletes
 * expired sessions, extends due ones). Nothing is cached across requests except the HMAC key and
 * the prepared statement: a signed-out, revoked or expired session, a removed member or a changed
 * role is seen by the very next request, as before.
 */
export async function readSession(c: Context<AppEnv>, origin: string): Promise<{ user: UserInfo; memberships: Membership[] } | null> {
  const auth = authFor(c.env, origin);
  const ctx = await auth.$context;
  if (getCookie(c, ctx.authCookies.sessionData.name)) return null;
  const signed = getCookie(c, ctx.authCookies.sessionToken.name);
  if (!signed) return null;
  const token = await verifiedToken(signed, ctx.secret);
  if (!token) return null;
  const rows = await statementFor(getDb(c.env.DB)).all({ token });
  const first = rows[0];
  if (!first) return null;
  const now = Date.now();
  const expires = first.expiresAt.getTime();
  // better-auth refreshes a session once `updateAge` has passed since it was last extended: let it.
  if (expires <= now || expires - ctx.sessionConfig.expiresIn * 1000 + ctx.sessionConfig.updateAge * 1000 <= now) return null;
  return {
    user: {
      userId: first.userId,
      email: first.email,
      name: first.name,
      sessionId: first.sessionId,
      activeWorkspaceId: first.activeWorkspaceId,
      timezone: first.timezone,
    },
    // A membership whose workspace row is gone does not count (the inner join of the old query).
    memberships: rows.flatMap((r) =>
      r.workspaceId !== null && r.role !== null && r.tz !== null
        ? [{ workspaceId: r.workspaceId, role: r.role, hideFinancials: r.hideFinancials === true, tz: r.tz }]
        : [],
    ),
  };
}

/** The session token of a signed cookie (`<token>.<base64 HMAC-SHA256>`, better-call's format), or null. */
async function verifiedToken(signed: string, secret: string): Promise<string | null> {
  const dot = signed.lastIndexOf(".");
  if (dot < 1) return null;
  const token = signed.slice(0, dot);
  const sig = signed.slice(dot + 1);
  if (sig.length !== 44 || !sig.endsWith("=")) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(sig), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
  const known = `${secret}\n${signed}`;
  if (verified.has(known)) return token;
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), bytes, new TextEncoder().encode(token));
  if (!ok) return null;
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.add(known);
  return token;
}

/**
 * Signed cookies already verified by this isolate, with the secret they verified under. A signature's
 * validity never changes, so the HMAC (a large share of an API request's CPU in the profile) runs once per
 * cookie per isolate; whether the session is still valid is read from D1 on every request all the same.
 */
const verified = new Set<string>();
const MAX_VERIFIED = 5_000;

// The imported key depends only on the deployment's secret: imported once per isolate, not per request.
const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    keys.set(secret, key);
  }
  return key;
}

// The SQL is built once per D1 binding (drizzle's query building was a large share of a request's CPU).
const statementFor = prepared((db: DB) =>
  db
    .select({
      sessionId: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      activeWorkspaceId: sessions.activeOrganizationId,
      email: users.email,
      name: users.name,
      timezone: users.timezone,
      workspaceId: members.organizationId,
      role: members.role,
      hideFinancials: members.hideFinancials,
      tz: workspaces.reportingTimezone,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(members, eq(members.userId, sessions.userId))
    .leftJoin(workspaces, eq(workspaces.id, members.organizationId))
    .where(eq(sessions.token, sql.placeholder("token")))
    .orderBy(asc(members.createdAt))
    .prepare(),
);
