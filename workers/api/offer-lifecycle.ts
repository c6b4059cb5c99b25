/**
 * Offer lifecycle: archive, restore and clone. Archiving switches revenue sync off and hides the offer
 * from pickers; its links and postback key keep working (nothing accepted is lost) and its data is
 * kept. A clone copies the non-secret setup with a new postback key: credentials are never copied
 * (re-enter them in the clone's API Setup), nor are links or campaigns.
 */
import { and, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { type DB, getDb } from "../db/client";
import { casinoEntries, offerSyncState, offers, siteOffers } from "../db/schema";
import { auditRow } from "../lib/audit";
import { notFound } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { newId, randomToken } from "../lib/ids";
import { publishRoutes } from "../site-hub/build-routes";

async function loadOffer(db: DB, ws: string, id: string) {
  const row = (
    await db
      .select()
      .from(offers)
      .where(and(eq(offers.id, id), eq(offers.workspaceId, ws)))
  )[0];
  if (!row) throw notFound("offer");
  return row;
}

/** Mounted before offerRoutes on /api/offers; each route checks the session itself (no router-wide middleware). */
export const offerLifecycleRoutes = newRouter()
  .post("/:id/archive", (c) => setArchived(c, c.req.param("id"), true))
  .post("/:id/restore", (c) => setArchived(c, c.req.param("id"), false))
  .post("/:id/clone", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const [ce, so, state] = await Promise.all([
      db
        .select()
        .from(casinoEntries)
        .where(and(eq(casinoEntries.offerId, o.id), eq(casinoEntries.workspaceId, ws))),
      db
        .select()
        .from(siteOffers)
        .where(and(eq(siteOffers.offerId, o.id), eq(siteOffers.workspaceId, ws))),
      db.select().from(offerSyncState).where(eq(offerSyncState.offerId, o.id)),
    ]);
    const id = newId("of");
    const name = `Copy of ${o.name}`.slice(0, 120);
    const items: BatchItem<"sqlite">[] = [
      db.insert(offers).values({
        ...o,
        id,
        name,
        postbackKey: randomToken(16),
        previousPostbackKey: null,
        previousKeyExpiresAt: null,
        apiSecretEnc: null,
        archivedAt: null,
        createdAt: Date.now(),
      }),
      auditRow(c, { action: "offer.clone", entityType: "offer", entityId: id, summary: `Cloned offer ${o.name} as ${name}` }),
    ];
    const entry = ce[0];
    if (entry) items.push(db.insert(casinoEntries).values({ ...entry, id: newId("ce"), offerId: id, createdAt: Date.now() }));
    if (so.length) items.push(db.insert(siteOffers).values(so.map((r) => ({ workspaceId: ws, siteId: r.siteId, offerId: id }))));
    const cadence = state[0]?.cadenceHours;
    if (cadence !== undefined) items.push(db.insert(offerSyncState).values({ offerId: id, workspaceId: ws, cadenceHours: cadence }));
    await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    await publishRoutes(c.env, db, ws);
    return c.json({ offer: { id, name, secretsCopied: false } }, 201);
  });

async function setArchived(c: Context<AppEnv>, id: string, archive: boolean) {
  const ws = c.get("session").workspaceId;
  const db = getDb(c.env.DB);
  const o = await loadOffer(db, ws, id);
  if ((o.archivedAt !== null) !== archive) {
    const at = archive ? Date.now() : null;
    // Archive stops the scheduled pulls; restore leaves sync off until the user switches it back on.
    const set = archive ? { archivedAt: at, syncEnabled: false } : { archivedAt: at };
    await db.batch([
      db
        .update(offers)
        .set(set)
        .where(and(eq(offers.id, o.id), eq(offers.workspaceId, ws))),
      auditRow(c, {
        action: archive ? "offer.archive" : "offer.restore",
        entityType: "offer",
        entityId: o.id,
        summary: `${archive ? "Archived" : "Restored"} offer ${o.name}`,
        diff: archive ? { archivedAt: [null, at], syncEnabled: [o.syncEnabled, false] } : { archivedAt: [o.archivedAt, null] },
      }),
    ]);
  }
  const row = await loadOffer(db, ws, o.id);
  return c.json({ offer: { id: row.id, name: row.name, archivedAt: row.archivedAt, syncEnabled: row.syncEnabled } });
}
