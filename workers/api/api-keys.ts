/** Workspace API keys: list, create (the key is in this one answer only), revoke. Owners and admins (authz.ts); audited. */
import { and, desc, eq } from "drizzle-orm";
import { type ApiKey, createApiKeySchema } from "../../shared/api-keys";
import { getDb } from "../db/client";
import { apiKeys } from "../db/schema";
import { hashApiKey, mintApiKey } from "../lib/api-key-hash";
import { auditRow } from "../lib/audit";
import { notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { newId } from "../lib/ids";
import { parseBody } from "./input";

type Row = typeof apiKeys.$inferSelect;

const view = (k: Row): ApiKey => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scope: k.scope,
  createdBy: k.createdByEmail,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

export const apiKeyRoutes = newRouter()
  .get("/", async (c) => {
    const rows = await getDb(c.env.DB)
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.workspaceId, c.get("session").workspaceId))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
    return c.json({ apiKeys: rows.map(view) });
  })
  .post("/", async (c) => {
    const input = await parseBody(c, createApiKeySchema, "API key");
    const s = c.get("session");
    const db = getDb(c.env.DB);
    const { key, prefix } = mintApiKey();
    const row: Row = {
      id: newId("ak"),
      workspaceId: s.workspaceId,
      name: input.name,
      prefix,
      keyHash: hashApiKey(key),
      scope: input.scope,
      createdBy: s.userId,
      createdByEmail: s.email,
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await db.batch([
      db.insert(apiKeys).values(row),
      auditRow(c, {
        action: "api_key.create",
        entityType: "api_key",
        entityId: row.id,
        summary: `Created API key ${row.name} (${prefix}…, ${row.scope})`,
      }),
    ]);
    return c.json({ apiKey: view(row), key }, 201);
  })
  .post("/:id/revoke", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const where = and(eq(apiKeys.id, c.req.param("id")), eq(apiKeys.workspaceId, ws));
    const row = (await db.select().from(apiKeys).where(where))[0];
    if (!row) throw notFound("API key");
    if (row.revokedAt === null) {
      const at = Date.now();
      await db.batch([
        db.update(apiKeys).set({ revokedAt: at }).where(where),
        auditRow(c, {
          action: "api_key.revoke",
          entityType: "api_key",
          entityId: row.id,
          summary: `Revoked API key ${row.name} (${row.prefix}…)`,
          diff: { revokedAt: [null, at] },
        }),
      ]);
      row.revokedAt = at;
    }
    return c.json({ apiKey: view(row) });
  });
