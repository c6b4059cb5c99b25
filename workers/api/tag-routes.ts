/**
 * An offer's tag routes (mounted at /api/offers/:id/tags): which platform tag value belongs to which
 * of the offer's sites. Setting a route moves that tag's stored rows at once (future pulls follow);
 * deleting it puts them back to unassigned. Rows placed by click id never move.
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import {
  isTagDimension,
  PLATFORM_TAGS,
  type TagRoutesResponse,
  tagDimensionOf,
  tagRouteInputSchema,
  tagRouteKeySchema,
} from "../../shared/revenue-tags";
import { runBatch } from "../db/batch";
import { getDb } from "../db/client";
import { campaigns, offers, revenueRows, siteOffers, sites, tagRoutes } from "../db/schema";
import { auditRow } from "../lib/audit";
import { AppError, fromZod } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { newRouter } from "../lib/hono";
import { offerTags, unassignedRows } from "../reports/offer-tags";
import { replaceTagRows } from "../revenue/replace-tag-rows";
import { revenueRollupRefresh } from "../rollups/revenue";

const UNASSIGNED_ROWS_LIMIT = 500;

async function offerOf(c: Context<AppEnv>) {
  const id = c.req.param("id") ?? "";
  const offer = (
    await getDb(c.env.DB)
      .select({ id: offers.id, name: offers.name, platform: offers.platform, apiConfig: offers.apiConfig })
      .from(offers)
      .where(and(eq(offers.id, id), eq(offers.workspaceId, c.get("session").workspaceId)))
  )[0];
  if (!offer) throw new AppError(404, "not_found", "No such offer", { field: "id" });
  return offer;
}

async function body(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError(400, "invalid_json", "Body must be JSON", { field: "body" });
  }
}

function fieldError(field: string, message: string): AppError {
  return new AppError(400, "invalid_input", `Invalid route: ${field}: ${message}`, { fields: [{ field, message }] });
}

export const tagRouteApi = newRouter()
  .get("/routes", async (c) => {
    const offer = await offerOf(c);
    const db = getDb(c.env.DB);
    const ws = c.get("session").workspaceId;
    const [routes, offerSites] = await Promise.all([
      db
        .select({
          dimension: tagRoutes.dimension,
          value: tagRoutes.value,
          siteId: tagRoutes.siteId,
          siteName: sites.name,
          campaignId: tagRoutes.campaignId,
          updatedAt: tagRoutes.updatedAt,
        })
        .from(tagRoutes)
        .leftJoin(sites, eq(sites.id, tagRoutes.siteId))
        .where(and(eq(tagRoutes.workspaceId, ws), eq(tagRoutes.offerId, offer.id)))
        .orderBy(tagRoutes.dimension, tagRoutes.value),
      db
        .select({ id: sites.id, name: sites.name })
        .from(siteOffers)
        .innerJoin(sites, eq(sites.id, siteOffers.siteId))
        .where(and(eq(siteOffers.workspaceId, ws), eq(siteOffers.offerId, offer.id)))
        .orderBy(sites.name),
    ]);
    const out: TagRoutesResponse = {
      offerId: offer.id,
      platform: offer.platform,
      tagDimension: tagDimensionOf(offer.platform, offer.apiConfig),
      dimensions: [...PLATFORM_TAGS[offer.platform].dimensions],
      routes,
      sites: offerSites,
    };
    return c.json(out);
  })
  .put("/routes", async (c) => {
    const offer = await offerOf(c);
    const parsed = tagRouteInputSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "route");
    const input = parsed.data;
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    if (!isTagDimension(offer.platform, input.dimension)) {
      throw fieldError("dimension", `${offer.platform} reports have no tag dimension "${input.dimension}"`);
    }
    const onOffer = await db
      .select({ siteId: siteOffers.siteId })
      .from(siteOffers)
      .where(and(eq(siteOffers.workspaceId, ws), eq(siteOffers.offerId, offer.id), eq(siteOffers.siteId, input.siteId)));
    if (!onOffer.length) throw fieldError("siteId", "is not one of this offer's sites");
    const campaignId = input.campaignId ?? null;
    if (campaignId) {
      const found = await db
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, campaignId), eq(campaigns.siteId, input.siteId)));
      if (!found.length) throw fieldError("campaignId", "is not a campaign of that site");
    }
    const prev = (
      await db
        .select()
        .from(tagRoutes)
        .where(and(eq(tagRoutes.offerId, offer.id), eq(tagRoutes.dimension, input.dimension), eq(tagRoutes.value, input.value)))
    )[0];
    const now = Date.now();
    const target = { siteId: input.siteId, campaignId };
    await runBatch(db, [
      db
        .insert(tagRoutes)
        .values({ workspaceId: ws, offerId: offer.id, dimension: input.dimension, value: input.value, ...target, updatedAt: now })
        .onConflictDoUpdate({ target: [tagRoutes.offerId, tagRoutes.dimension, tagRoutes.value], set: { ...target, updatedAt: now } }),
      // The tag's stored rows move now (rows an older default put on a site included); click-placed rows stay.
      ...(await replaceTagRows(db, ws, offer.id, input.dimension, input.value, target, tagDimensionOf(offer.platform, offer.apiConfig))),
      auditRow(c, {
        action: "offer.tag_route",
        entityType: "offer",
        entityId: offer.id,
        summary: `${offer.name}: ${input.dimension} "${input.value}" → site ${input.siteId}`,
        diff: { [`route:${input.dimension}:${input.value}`]: [prev ? prev.siteId : null, input.siteId] },
      }),
      // The moved rows' daily rollup follows them in the same batch.
      ...revenueRollupRefresh(ws, offer.id),
    ]);
    return c.json({ route: { dimension: input.dimension, value: input.value, ...target, updatedAt: now } });
  })
  .delete("/routes", async (c) => {
    const offer = await offerOf(c);
    const parsed = tagRouteKeySchema.safeParse(c.req.query());
    if (!parsed.success) throw fromZod(parsed.error, "query");
    const { dimension, value } = parsed.data;
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const key = and(eq(tagRoutes.offerId, offer.id), eq(tagRoutes.dimension, dimension), eq(tagRoutes.value, value));
    const prev = (await db.select().from(tagRoutes).where(key))[0];
    if (!prev) throw new AppError(404, "not_found", "No such route", { field: "value" });
    await runBatch(db, [
      db.delete(tagRoutes).where(key),
      db
        .update(revenueRows)
        .set({ siteId: null, campaignId: null, placement: "unassigned" })
        .where(
          and(
            eq(revenueRows.workspaceId, ws),
            eq(revenueRows.offerId, offer.id),
            eq(revenueRows.tagDimension, dimension),
            eq(revenueRows.tagValue, value),
            eq(revenueRows.placement, "tag"),
          ),
        ),
      auditRow(c, {
        action: "offer.tag_route_delete",
        entityType: "offer",
        entityId: offer.id,
        summary: `${offer.name}: ${dimension} "${value}" no longer routed (rows unassigned)`,
        diff: { [`route:${dimension}:${value}`]: [prev.siteId, null] },
      }),
      ...revenueRollupRefresh(ws, offer.id),
    ]);
    return c.body(null, 204);
  })
  .get("/", async (c) => {
    const offer = await offerOf(c);
    const dim = tagDimensionOf(offer.platform, offer.apiConfig);
    return c.json(await offerTags(getDb(c.env.DB), c.get("session").workspaceId, offer.id, dim));
  })
  .get("/unassigned", async (c) => {
    const offer = await offerOf(c);
    const db = getDb(c.env.DB);
    const ws = c.get("session").workspaceId;
    const dim = tagDimensionOf(offer.platform, offer.apiConfig);
    const all = await offerTags(db, ws, offer.id, dim);
    const rows = await unassignedRows(db, ws, offer.id, UNASSIGNED_ROWS_LIMIT);
    const tags = all.tags
      .filter((t) => t.siteId === null)
      .map((t) => ({ ...t, rows: t.rows, sample: rows.filter((r) => r.dimension === t.dimension && r.value === t.value) }));
    return c.json({ offerId: offer.id, tagDimension: dim, tags, totals: all.totals });
  });
