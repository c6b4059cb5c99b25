import { and, asc, eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { authFor } from "../auth/auth";
import { readSession } from "../auth/session-read";
import { getDb } from "../db/client";
import { members, sessions, workspaces } from "../db/schema";
import { AppError, unauthorized } from "../lib/errors";
import type { AppEnv, Membership } from "../lib/hono";
import { bearerOf, keySession } from "./api-key-auth";

export const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/** Requires a signed-in user (a workspace is not needed: e.g. creating the first one, accepting an invite). */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("user")) return next();
  // The common case in one D1 query (session + user + memberships); better-auth for the rest.
  const read = await readSession(c, originOf(c));
  if (read) {
    c.set("user", read.user);
    c.set("memberships", read.memberships);
    return next();
  }
  const got = await authFor(c.env, originOf(c)).api.getSession({ headers: c.req.raw.headers });
  if (!got) throw unauthorized();
  c.set("user", {
    userId: got.user.id,
    email: got.user.email,
    name: got.user.name,
    sessionId: got.session.id,
    activeWorkspaceId: (got.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null,
    timezone: (got.user as { timezone?: string | null }).timezone ?? null,
  });
  await next();
};

/**
 * Requires a signed-in member of a workspace: the session's active one, else the user's first
 * (remembered on the session). Every API query scopes by that workspace. A Bearer API key instead
 * acts as its own workspace (api-key-auth.ts); cookies are then ignored.
 */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearerOf(c);
  if (key !== null) {
    await keySession(c, key);
    return next();
  }
  await requireUser(c, async () => {});
  const user = c.get("user");
  const rows = c.get("memberships") ?? (await membershipsOf(c, user.userId));
  const row = rows.find((r) => r.workspaceId === user.activeWorkspaceId) ?? rows[0];
  if (!row) throw new AppError(409, "no_workspace", "Create a workspace or accept an invitation first");
  if (row.workspaceId !== user.activeWorkspaceId) await setActiveWorkspace(c, row.workspaceId);
  c.set("session", {
    userId: user.userId,
    workspaceId: row.workspaceId,
    email: user.email,
    name: user.name,
    role: row.role,
    hideFinancials: row.hideFinancials,
    timezone: user.timezone ?? row.tz,
  });
  await next();
};

/** The user's workspaces, oldest membership first (when better-auth read the session, not readSession). */
async function membershipsOf(c: Context<AppEnv>, userId: string): Promise<Membership[]> {
  const rows = await getDb(c.env.DB)
    .select({
      workspaceId: members.organizationId,
      role: members.role,
      hideFinancials: members.hideFinancials,
      tz: workspaces.reportingTimezone,
    })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt));
  return rows;
}

/** Points the current session at a workspace (membership must have been checked by the caller's query). */
export async function setActiveWorkspace(c: Context<AppEnv>, workspaceId: string): Promise<void> {
  const user = c.get("user");
  await getDb(c.env.DB)
    .update(sessions)
    .set({ activeOrganizationId: workspaceId, updatedAt: new Date() })
    .where(and(eq(sessions.id, user.sessionId), eq(sessions.userId, user.userId)));
  user.activeWorkspaceId = workspaceId;
}
