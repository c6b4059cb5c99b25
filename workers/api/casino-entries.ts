/**
 * Casino Entries API: list and edit the player-facing brand of each offer (created with the offer).
 * An entry is shown on the sites its offer is tagged to (site_offers): tagging is edited on the
 * site or the offer, not here, so one place decides where a deal appears.
 */
import { and, eq } from "drizzle-orm";
import { casinoEntrySchema } from "../../shared/entities";
import type { CasinoEntryView } from "../../shared/entity-types";
import { type DB, getDb } from "../db/client";
import { casinoEntries, offers, siteOffers } from "../db/schema";
import { auditRow, diffOf } from "../lib/audit";
import { notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { parseBody, sentKeys } from "./input";

async function list(db: DB, ws: string, id?: string): Promise<CasinoEntryView[]> {
  const where = [eq(casinoEntries.workspaceId, ws)];
  if (id) where.push(eq(casinoEntries.id, id));
  const [rows, so] = await Promise.all([
    db
      .select({ ce: casinoEntries, offerName: offers.name, offerArchivedAt: offers.archivedAt })
      .from(casinoEntries)
      .innerJoin(offers, eq(offers.id, casinoEntries.offerId))
      .where(and(...where))
      .orderBy(casinoEntries.name),
    db.select({ siteId: siteOffers.siteId, offerId: siteOffers.offerId }).from(siteOffers).where(eq(siteOffers.workspaceId, ws)),
  ]);
  return rows.map((r) => ({
    id: r.ce.id,
    offerId: r.ce.offerId,
    offerName: r.offerName,
    offerArchivedAt: r.offerArchivedAt,
    name: r.ce.name,
    logoUrl: r.ce.logoUrl,
    bonusText: r.ce.bonusText,
    paymentMethods: r.ce.paymentMethods,
    markets: r.ce.markets,
    siteIds: so.filter((x) => x.offerId === r.ce.offerId).map((x) => x.siteId),
  }));
}

async function one(db: DB, ws: string, id: string): Promise<CasinoEntryView> {
  const entry = (await list(db, ws, id))[0];
  if (!entry) throw notFound("casino entry");
  return entry;
}

export const casinoEntryRoutes = newRouter()
  .get("/", async (c) => c.json({ entries: await list(getDb(c.env.DB), c.get("session").workspaceId) }))
  .get("/:id", async (c) => c.json({ entry: await one(getDb(c.env.DB), c.get("session").workspaceId, c.req.param("id")) }))
  .patch("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const current = await one(db, ws, c.req.param("id"));
    const changes = sentKeys(await parseBody(c, casinoEntrySchema, "casino entry"));
    const diff = diffOf(current as unknown as Record<string, unknown>, changes);
    if (Object.keys(diff).length) {
      await db.batch([
        db
          .update(casinoEntries)
          .set(changes)
          .where(and(eq(casinoEntries.id, current.id), eq(casinoEntries.workspaceId, ws))),
        auditRow(c, {
          action: "casino_entry.update",
          entityType: "casino_entry",
          entityId: current.id,
          summary: `Edited casino entry ${changes.name ?? current.name}`,
          diff,
        }),
      ]);
    }
    return c.json({ entry: await one(db, ws, current.id) });
  });
