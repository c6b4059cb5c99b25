/**
 * `Authorization: Bearer <key>` on the /api chain: the key acts as its workspace with its scope
 * (authz.ts decides by scope). Its last-used time is written at most once a minute, after the answer.
 */
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Context } from "hono";
import { type DB, getDb, prepared } from "../db/client";
import { apiKeys, workspaces } from "../db/schema";
import { hashApiKey } from "../lib/api-key-hash";
import { AppError } from "../lib/errors";
import type { AppEnv } from "../lib/hono";

const LAST_USED_EVERY_MS = 60_000;

/** The key and its workspace's timezone in one query, its SQL built once per binding (no cache of the answer). */
const keyStatement = prepared((db: DB) =>
  db
    .select({ k: apiKeys, tz: workspaces.reportingTimezone })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(eq(apiKeys.keyHash, sql.placeholder("hash")))
    .prepare(),
);

/** The key of a Bearer Authorization header, or null when there is none. */
export function bearerOf(c: Context<AppEnv>): string | null {
  const h = c.req.header("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m?.[1]) throw new AppError(401, "invalid_api_key", "Authorization must be `Bearer <API key>`");
  return m[1];
}

/** Sets c.get("session") for an API key, or answers 401 for an unknown or revoked key. */
export async function keySession(c: Context<AppEnv>, key: string): Promise<void> {
  const db = getDb(c.env.DB);
  const row = (await keyStatement(db).all({ hash: hashApiKey(key) }))[0];
  if (!row) throw new AppError(401, "invalid_api_key", "Unknown API key");
  if (row.k.revokedAt !== null) throw new AppError(401, "api_key_revoked", "This API key was revoked");
  const k = row.k;
  c.set("session", {
    userId: k.createdBy,
    workspaceId: k.workspaceId,
    email: `API key ${k.name} (${k.prefix}…)`,
    name: k.name,
    // Role only matters for role checks, which keys skip (authz.ts judges a key by its scope).
    role: k.scope === "read_write" ? "admin" : "viewer",
    hideFinancials: false,
    timezone: row.tz,
    apiKey: { id: k.id, scope: k.scope },
  });
  const now = Date.now();
  if (k.lastUsedAt === null || now - k.lastUsedAt >= LAST_USED_EVERY_MS) {
    // The condition repeats in SQL so concurrent requests write once.
    const write = db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, k.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - LAST_USED_EVERY_MS))))
      .then(() => undefined);
    c.executionCtx.waitUntil(write);
  }
}
