import { and, eq, gt } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { getDb } from "../db/client";
import { sessions, users } from "../db/schema";
import { unauthorized } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { randomToken, sha256Hex } from "../lib/ids";

export const SESSION_COOKIE = "cf_session";
const SESSION_TTL_MS = 14 * 86_400_000;

export async function startSession(c: Context<AppEnv>, userId: string, workspaceId: string): Promise<void> {
  const token = randomToken(32);
  await getDb(c.env.DB)
    .insert(sessions)
    .values({ tokenHash: sha256Hex(token), userId, workspaceId, expiresAt: Date.now() + SESSION_TTL_MS });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token)
    await getDb(c.env.DB)
      .delete(sessions)
      .where(eq(sessions.tokenHash, sha256Hex(token)));
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Requires a valid session; puts user + workspace on the context. Every API query scopes by that workspace. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) throw unauthorized();
  const db = getDb(c.env.DB);
  const row = (
    await db
      .select({ userId: users.id, workspaceId: users.workspaceId, email: users.email, name: users.name, role: users.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sha256Hex(token)), gt(sessions.expiresAt, Date.now())))
  )[0];
  if (!row) throw unauthorized();
  c.set("session", row);
  await next();
};
