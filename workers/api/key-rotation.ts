/**
 * POST /api/offers/:id/rotate-key and /api/campaigns/:id/rotate-key: a new postback key, the old
 * one accepted for a grace period (default 7 days, `graceDays` in the body) so senders can be
 * updated without losing postbacks; afterwards the old key answers 404 like any unknown key — at once,
 * also for a grace of 0, though isolates cache routes for 30 s (site-hub/revoked-keys.ts).
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { DEFAULT_KEY_GRACE_DAYS, type PostbackKeyState, rotateKeySchema } from "../../shared/postback-keys";
import { getDb } from "../db/client";
import { campaigns, offers, sites } from "../db/schema";
import { hubStub } from "../edge/resolve";
import { auditRow } from "../lib/audit";
import { fromZod, notFound } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { newRouter } from "../lib/hono";
import { randomToken } from "../lib/ids";
import { publishRoutes } from "../site-hub/build-routes";
import type { KeyRevocation } from "../site-hub/revoked-keys";
import { fieldError } from "./input";

const DAY_MS = 86_400_000;
const TABLES = { offer: offers, campaign: campaigns } as const;

/** The key state shown with an offer or campaign: the old key's end only while it is still accepted. */
export function keyState(row: { postbackKey: string; previousKeyExpiresAt: number | null }, now = Date.now()): PostbackKeyState {
  const exp = row.previousKeyExpiresAt;
  return { postbackKey: row.postbackKey, previousKeyExpiresAt: exp !== null && exp > now ? exp : null };
}

async function rotate(c: Context<AppEnv>, kind: keyof typeof TABLES) {
  // An empty body takes the default grace period; anything else must be the JSON object.
  const raw = await c.req.text();
  let json: unknown = {};
  try {
    if (raw.trim()) json = JSON.parse(raw);
  } catch {
    throw fieldError("key rotation", "body", "must be JSON");
  }
  const parsed = rotateKeySchema.safeParse(json);
  if (!parsed.success) throw fromZod(parsed.error, "key rotation");
  const { graceDays = DEFAULT_KEY_GRACE_DAYS } = parsed.data;
  const ws = c.get("session").workspaceId;
  const id = c.req.param("id") ?? "";
  const db = getDb(c.env.DB);
  const table = TABLES[kind];
  const row = (
    await db
      .select()
      .from(table)
      .where(and(eq(table.id, id), eq(table.workspaceId, ws)))
  )[0];
  if (!row) throw notFound(kind);
  const now = Date.now();
  const next = {
    postbackKey: randomToken(16),
    previousPostbackKey: row.postbackKey,
    previousKeyExpiresAt: now + Math.round(graceDays * DAY_MS),
  };
  await db.batch([
    db
      .update(table)
      .set(next)
      .where(and(eq(table.id, id), eq(table.workspaceId, ws))),
    auditRow(c, {
      action: `${kind}.rotate_key`,
      entityType: kind,
      entityId: id,
      summary: `Rotated the postback key of ${kind} ${row.name}; the old key works until ${new Date(next.previousKeyExpiresAt).toISOString()}`,
      diff: { postbackKey: ["(secret)", "(changed)"], graceDays: [null, graceDays] },
    }),
  ]);
  await publishRoutes(c.env, db, ws);
  // Isolates may hold the old keys' routes for 30 s more: the hubs every postback goes through refuse
  // them from their end on (the new grace end; now for the key of an earlier rotation, dropped here).
  const revoked: KeyRevocation[] = [{ key: row.postbackKey, notAfter: next.previousKeyExpiresAt }];
  if (row.previousPostbackKey) revoked.push({ key: row.previousPostbackKey, notAfter: now });
  const siteIds = (await db.select({ id: sites.id }).from(sites).where(eq(sites.workspaceId, ws))).map((r) => r.id);
  await Promise.all([...siteIds, `ws:${ws}`].map((hub) => hubStub(c.env, hub).revokeKeys(revoked)));
  return c.json(keyState({ ...row, ...next }, now));
}

export const offerKeyRoutes = newRouter().post("/:id/rotate-key", (c) => rotate(c, "offer"));
export const campaignKeyRoutes = newRouter().post("/:id/rotate-key", (c) => rotate(c, "campaign"));
