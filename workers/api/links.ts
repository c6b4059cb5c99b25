import { and, eq } from "drizzle-orm";
import { createLinkSchema } from "../../shared/links";
import { clickParamFor, PLATFORM_PRESETS } from "../../shared/platforms";
import { getDb } from "../db/client";
import { campaignOffers, campaigns, offers, sites, trackingLinks } from "../db/schema";
import { audit, auditRow } from "../lib/audit";
import { AppError, fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { randomToken, ulid } from "../lib/ids";
import { publishRoutes } from "../site-hub/build-routes";
import { fieldError } from "./input";

/** Tracking links: campaign × offer → /go/<slug>. */
export const linkRoutes = newRouter()
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const origin = new URL(c.req.url).origin;
    const rows = await getDb(c.env.DB)
      .select({ link: trackingLinks, offer: offers, campaignName: campaigns.name, siteName: sites.name })
      .from(trackingLinks)
      .innerJoin(offers, eq(offers.id, trackingLinks.offerId))
      .innerJoin(sites, eq(sites.id, trackingLinks.siteId))
      .leftJoin(campaigns, eq(campaigns.id, trackingLinks.campaignId))
      .where(eq(trackingLinks.workspaceId, ws))
      .orderBy(trackingLinks.slug);
    return c.json({
      links: rows.map((r) => ({
        id: r.link.id,
        slug: r.link.slug,
        url: `${origin}/go/${r.link.slug}`,
        siteId: r.link.siteId,
        siteName: r.siteName,
        campaignId: r.link.campaignId,
        campaignName: r.campaignName,
        offerId: r.offer.id,
        offerName: r.offer.name,
        platform: r.offer.platform,
        clickParam: clickParamFor(r.offer.platform, r.link.clickParamOverride ?? r.offer.clickParam),
        clickParamIsPreset: !r.link.clickParamOverride && !r.offer.clickParam,
        presetClickParam: PLATFORM_PRESETS[r.offer.platform].clickParam,
        forwardParams: r.link.forwardParams,
      })),
    });
  })
  .post("/", async (c) => {
    const body = createLinkSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw fromZod(body.error, "tracking link");
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const campaign = (
      await db
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.id, body.data.campaignId), eq(campaigns.workspaceId, ws)))
    )[0];
    if (!campaign)
      throw new AppError(400, "invalid_input", "campaignId: no such campaign", { fields: [{ field: "campaignId", message: "not found" }] });
    const offer = (
      await db
        .select()
        .from(offers)
        .where(and(eq(offers.id, body.data.offerId), eq(offers.workspaceId, ws)))
    )[0];
    if (!offer)
      throw new AppError(400, "invalid_input", "offerId: no such offer", { fields: [{ field: "offerId", message: "not found" }] });
    // The link adds its offer to the campaign, whose postbacks book amounts without a currency in the offer's (campaigns.ts).
    if (!offer.accountCurrency)
      throw fieldError("tracking link", "offerId", `offer "${offer.name}" has no account currency: set it on the offer first`);
    const slug =
      body.data.slug ??
      `${offer.brand
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, 30)}-${randomToken(4).slice(0, 6)}`;
    const taken = (await db.select({ id: trackingLinks.id }).from(trackingLinks).where(eq(trackingLinks.slug, slug)))[0];
    if (taken)
      throw new AppError(409, "slug_taken", `The slug "${slug}" is already used`, { fields: [{ field: "slug", message: "already used" }] });
    const id = `tl_${ulid()}`;
    await db.batch([
      db.insert(campaignOffers).values({ workspaceId: ws, campaignId: campaign.id, offerId: offer.id }).onConflictDoNothing(),
      db.insert(trackingLinks).values({
        id,
        workspaceId: ws,
        siteId: campaign.siteId,
        campaignId: campaign.id,
        offerId: offer.id,
        slug,
        clickParamOverride: body.data.clickParam ?? null,
        forwardParams: body.data.forwardParams,
      }),
      auditRow(c, { action: "link.create", entityType: "tracking_link", entityId: id, summary: `Created tracking link /go/${slug}` }),
    ]);
    await publishRoutes(c.env, db, ws);
    return c.json({ id, slug, url: `${new URL(c.req.url).origin}/go/${slug}` }, 201);
  })
  .delete("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const res = await db
      .delete(trackingLinks)
      .where(and(eq(trackingLinks.id, c.req.param("id")), eq(trackingLinks.workspaceId, ws)))
      .returning({ id: trackingLinks.id, slug: trackingLinks.slug });
    if (res.length === 0) throw notFound("tracking link");
    await audit(c, {
      action: "link.delete",
      entityType: "tracking_link",
      entityId: res[0]?.id,
      summary: `Deleted tracking link /go/${res[0]?.slug}`,
    });
    await publishRoutes(c.env, db, ws);
    return c.json({ ok: true });
  });
