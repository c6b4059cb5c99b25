/**
 * Campaigns API: site + traffic source + offers, status, forwarded sub-id / UTM parameters, its
 * tracking links, a ready-to-paste postback URL per offer platform, and a test round trip through
 * the app's own /go and /pb. Changes republish the routes (the postback key's offers, link
 * forwarding) and are audited.
 */

import { and, eq, ne } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { createCampaignInputSchema, testRoundTripSchema, updateCampaignSchema } from "../../shared/entities";
import type { CampaignDetail, CampaignPostbackUrl, CampaignView, RoundTripResult } from "../../shared/entity-types";
import { archivedQuerySchema } from "../../shared/list-queries";
import { clickParamFor, PLATFORM_PRESETS, type PlatformId, postbackUrlFor, txidNoteFor } from "../../shared/platforms";
import { type DB, getDb } from "../db/client";
import { inList } from "../db/in-list";
import { campaignOffers, campaigns, offers, sites, trackingLinks, trafficSources } from "../db/schema";
import { ingest } from "../edge/ingest";
import { auditRow, diffOf } from "../lib/audit";
import { AppError, notFound } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { newId, randomToken, ulid } from "../lib/ids";
import { publishRoutes } from "../site-hub/build-routes";
import { fieldError, parseBody, parseQuery } from "./input";
import { keyState } from "./key-rotation";
import { originOf } from "./session";

type CampaignRow = typeof campaigns.$inferSelect;

async function loadCampaign(db: DB, workspaceId: string, id: string): Promise<CampaignRow> {
  const row = (
    await db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId)))
  )[0];
  if (!row) throw notFound("campaign");
  return row;
}

/** Site, source and offers must be this workspace's; offers need an account currency (postbacks without one use it). */
async function checkRefs(db: DB, ws: string, input: { siteId?: string; trafficSourceId?: string | null; offerIds?: string[] }) {
  if (input.siteId !== undefined) {
    const site = (
      await db
        .select({ id: sites.id, archivedAt: sites.archivedAt })
        .from(sites)
        .where(and(eq(sites.id, input.siteId), eq(sites.workspaceId, ws)))
    )[0];
    if (!site) throw fieldError("campaign", "siteId", "no such site in this workspace");
    if (site.archivedAt !== null) throw fieldError("campaign", "siteId", "this site is archived: restore it first");
  }
  if (input.trafficSourceId) {
    const src = (
      await db
        .select({ id: trafficSources.id })
        .from(trafficSources)
        .where(and(eq(trafficSources.id, input.trafficSourceId), eq(trafficSources.workspaceId, ws)))
    )[0];
    if (!src) throw fieldError("campaign", "trafficSourceId", "no such traffic source in this workspace");
  }
  if (input.offerIds) {
    const found = input.offerIds.length
      ? await db
          .select({ id: offers.id, name: offers.name, accountCurrency: offers.accountCurrency })
          .from(offers)
          .where(and(eq(offers.workspaceId, ws), inList(offers.id, input.offerIds)))
      : [];
    input.offerIds.forEach((id, i) => {
      const o = found.find((f) => f.id === id);
      if (!o) throw fieldError("campaign", `offerIds.${i}`, `no offer ${id} in this workspace`);
      if (!o.accountCurrency) {
        throw fieldError(
          "campaign",
          `offerIds.${i}`,
          `offer "${o.name}" has no account currency: set it on the offer first (postbacks that send an amount without a currency are booked in it)`,
        );
      }
    });
  }
}

/** One URL per event of each platform among the campaign's offers, with that platform's macros. */
export function campaignPostbackUrls(
  origin: string,
  key: string,
  list: { name: string; platform: PlatformId; postbackEvents: string[] }[],
): CampaignPostbackUrl[] {
  const out: CampaignPostbackUrl[] = [];
  const platforms = [...new Set(list.map((o) => o.platform))];
  for (const platform of platforms) {
    const preset = PLATFORM_PRESETS[platform];
    const mine = list.filter((o) => o.platform === platform);
    const wanted = new Set(mine.flatMap((o) => o.postbackEvents).filter((e) => preset.events.includes(e)));
    const events = wanted.size ? preset.events.filter((e) => wanted.has(e)) : preset.events;
    for (const event of events) {
      out.push({
        platform,
        platformLabel: preset.label,
        offerNames: mine.map((o) => o.name),
        event,
        url: postbackUrlFor(origin, key, platform, event),
        txidNote: txidNoteFor(platform),
      });
    }
  }
  return out;
}

async function views(db: DB, ws: string, rows: CampaignRow[]): Promise<CampaignView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [co, siteRows, sourceRows, links] = await Promise.all([
    db
      .select()
      .from(campaignOffers)
      .where(and(eq(campaignOffers.workspaceId, ws), inList(campaignOffers.campaignId, ids))),
    db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.workspaceId, ws)),
    db.select({ id: trafficSources.id, name: trafficSources.name }).from(trafficSources).where(eq(trafficSources.workspaceId, ws)),
    db
      .select({ campaignId: trackingLinks.campaignId })
      .from(trackingLinks)
      .where(and(eq(trackingLinks.workspaceId, ws), inList(trackingLinks.campaignId, ids))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    siteId: r.siteId,
    siteName: siteRows.find((s) => s.id === r.siteId)?.name ?? null,
    trafficSourceId: r.trafficSourceId,
    trafficSource: sourceRows.find((s) => s.id === r.trafficSourceId)?.name ?? null,
    offerIds: co.filter((x) => x.campaignId === r.id).map((x) => x.offerId),
    status: r.status,
    forwardParams: r.forwardParams,
    linkCount: links.filter((l) => l.campaignId === r.id).length,
    createdAt: r.createdAt,
  }));
}

async function detail(db: DB, origin: string, ws: string, id: string): Promise<CampaignDetail> {
  const row = await loadCampaign(db, ws, id);
  const [base] = await views(db, ws, [row]);
  if (!base) throw notFound("campaign");
  const [offerRows, linkRows] = await Promise.all([
    base.offerIds.length
      ? db
          .select()
          .from(offers)
          .where(and(eq(offers.workspaceId, ws), inList(offers.id, base.offerIds)))
          .orderBy(offers.name)
      : [],
    db
      .select({ link: trackingLinks, offerName: offers.name })
      .from(trackingLinks)
      .innerJoin(offers, eq(offers.id, trackingLinks.offerId))
      .where(and(eq(trackingLinks.workspaceId, ws), eq(trackingLinks.campaignId, id)))
      .orderBy(trackingLinks.slug),
  ]);
  return {
    ...base,
    offers: offerRows.map((o) => ({ id: o.id, name: o.name, platform: o.platform, accountCurrency: o.accountCurrency })),
    links: linkRows.map((r) => ({
      id: r.link.id,
      slug: r.link.slug,
      url: `${origin}/go/${r.link.slug}`,
      offerId: r.link.offerId,
      offerName: r.offerName,
      forwardParams: r.link.forwardParams,
    })),
    postbackUrls: campaignPostbackUrls(origin, row.postbackKey, offerRows),
    previousKeyExpiresAt: keyState(row).previousKeyExpiresAt,
  };
}

export const campaignRoutes = newRouter()
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const withArchived = parseQuery(c, archivedQuerySchema).archived === "1";
    const rows = await db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, ws), withArchived ? undefined : ne(campaigns.status, "archived")))
      .orderBy(campaigns.name);
    return c.json({ campaigns: await views(db, ws, rows) });
  })
  .post("/", async (c) => {
    const input = await parseBody(c, createCampaignInputSchema, "campaign");
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const offerIds = [...new Set(input.offerIds)];
    await checkRefs(db, ws, { ...input, offerIds });
    const id = newId("cp");
    await db.batch([
      db.insert(campaigns).values({
        id,
        workspaceId: ws,
        siteId: input.siteId,
        trafficSourceId: input.trafficSourceId,
        name: input.name,
        postbackKey: randomToken(16),
        status: input.status,
        forwardParams: [...new Set(input.forwardParams)],
      }),
      ...offerIds.map((offerId) => db.insert(campaignOffers).values({ workspaceId: ws, campaignId: id, offerId })),
      auditRow(c, { action: "campaign.create", entityType: "campaign", entityId: id, summary: `Created campaign ${input.name}` }),
    ]);
    await publishRoutes(c.env, db, ws);
    return c.json({ campaign: await detail(db, originOf(c), ws, id) }, 201);
  })
  .get("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    return c.json({ campaign: await detail(getDb(c.env.DB), originOf(c), ws, c.req.param("id")) });
  })
  .patch("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const current = await loadCampaign(db, ws, c.req.param("id"));
    const input = await parseBody(c, updateCampaignSchema, "campaign");
    const offerIds = input.offerIds ? [...new Set(input.offerIds)] : undefined;
    // A campaign's site is fixed once it has links: each link's clicks live in its site's hub.
    if (input.siteId !== undefined && input.siteId !== current.siteId) {
      const hasLinks = (await db.select({ id: trackingLinks.id }).from(trackingLinks).where(eq(trackingLinks.campaignId, current.id)))[0];
      if (hasLinks) throw fieldError("campaign", "siteId", "cannot move a campaign that has tracking links to another site");
    }
    await checkRefs(db, ws, { siteId: input.siteId, trafficSourceId: input.trafficSourceId, offerIds });
    const changes: Partial<typeof campaigns.$inferInsert> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.siteId !== undefined) changes.siteId = input.siteId;
    if (input.trafficSourceId !== undefined) changes.trafficSourceId = input.trafficSourceId;
    if (input.status !== undefined) changes.status = input.status;
    if (input.forwardParams !== undefined) changes.forwardParams = [...new Set(input.forwardParams)];
    const diff = diffOf(current as unknown as Record<string, unknown>, changes);
    const items: BatchItem<"sqlite">[] = [];
    if (Object.keys(diff).length) {
      items.push(
        db
          .update(campaigns)
          .set(changes)
          .where(and(eq(campaigns.id, current.id), eq(campaigns.workspaceId, ws))),
      );
    }
    if (offerIds) {
      const before = (await db.select().from(campaignOffers).where(eq(campaignOffers.campaignId, current.id))).map((x) => x.offerId);
      // An offer that still has links in this campaign stays: its links' clicks must keep attributing.
      const linked = await db
        .select({ offerId: trackingLinks.offerId })
        .from(trackingLinks)
        .where(and(eq(trackingLinks.campaignId, current.id), eq(trackingLinks.workspaceId, ws)));
      const stuck = linked.map((l) => l.offerId).find((o) => !offerIds.includes(o));
      if (stuck) throw fieldError("campaign", "offerIds", `offer ${stuck} still has tracking links in this campaign: delete them first`);
      if ([...before].sort().join() !== [...offerIds].sort().join()) {
        diff.offerIds = [before, offerIds];
        items.push(db.delete(campaignOffers).where(and(eq(campaignOffers.campaignId, current.id), eq(campaignOffers.workspaceId, ws))));
        for (const offerId of offerIds) items.push(db.insert(campaignOffers).values({ workspaceId: ws, campaignId: current.id, offerId }));
      }
    }
    // Nothing that differs from what is stored: no write, no audit row.
    if (Object.keys(diff).length) {
      items.push(
        auditRow(c, {
          action: changes.status === "archived" ? "campaign.archive" : "campaign.update",
          entityType: "campaign",
          entityId: current.id,
          summary: `Edited campaign ${changes.name ?? current.name}`,
          diff,
        }),
      );
      await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      await publishRoutes(c.env, db, ws);
    }
    return c.json({ campaign: await detail(db, originOf(c), ws, current.id) });
  })
  .post("/:id/test", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const campaign = await loadCampaign(db, ws, c.req.param("id"));
    const input = await parseBody(
      c,
      testRoundTripSchema.nullable().transform((v) => v ?? {}),
      "test",
    );
    return c.json({ result: await roundTrip(c, db, campaign, input.linkId) });
  });

/** A browser-like user agent for the test click (the caller's, when it has one). */
const TEST_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

/**
 * Test click + test postback through the app's own fetch handler (the real /go and /pb code paths,
 * route cache and site hub). The click is sent as a link preview (`Sec-Purpose: prefetch;preview`)
 * and the postback carries status=rejected, so neither is ever counted: the click is stored flagged,
 * and the postback is logged (Postbacks page) matched to it.
 */
async function roundTrip(c: Context<AppEnv>, db: DB, campaign: CampaignRow, linkId?: string): Promise<RoundTripResult> {
  const where = [eq(trackingLinks.campaignId, campaign.id), eq(trackingLinks.workspaceId, campaign.workspaceId)];
  if (linkId) where.push(eq(trackingLinks.id, linkId));
  const row = (
    await db
      .select({ link: trackingLinks, offer: offers })
      .from(trackingLinks)
      .innerJoin(offers, eq(offers.id, trackingLinks.offerId))
      .where(and(...where))
      .orderBy(trackingLinks.slug)
      .limit(1)
  )[0];
  if (!row) {
    if (linkId) throw fieldError("test", "linkId", "no such tracking link in this campaign");
    throw new AppError(409, "no_links", "Create a tracking link in this campaign first: the test clicks it", { field: "id" });
  }
  const origin = originOf(c);
  const clickParam = clickParamFor(row.offer.platform, row.link.clickParamOverride ?? row.offer.clickParam);
  const clickRes = await selfFetch(c.env, `${origin}/go/${row.link.slug}`, {
    "user-agent": c.req.header("user-agent") ?? TEST_UA,
    "sec-purpose": "prefetch;preview",
  });
  const location = clickRes.headers.get("location");
  let clickId: string | null = null;
  try {
    clickId = location ? new URL(location).searchParams.get(clickParam) : null;
  } catch {
    clickId = null;
  }
  const click = { slug: row.link.slug, status: clickRes.status, location, clickId, clickParam, flag: "preview" };
  if (clickRes.status !== 302 || !clickId) {
    return { click, postback: null, ok: false, summary: `The link answered ${clickRes.status} without a click id in "${clickParam}".` };
  }
  const platform = row.offer.platform;
  const preset = PLATFORM_PRESETS[platform];
  const events = row.offer.postbackEvents.filter((e) => preset.events.includes(e));
  const event = events.includes("registration") ? "registration" : (events[0] ?? preset.events[0] ?? "registration");
  // The URL exactly as shown to paste, with the macros filled in the way the platform would.
  let url = postbackUrlFor(origin, campaign.postbackKey, platform, event);
  const fill: Record<string, string> = {
    clickId,
    amount: "1.00",
    currency: row.offer.accountCurrency ?? "EUR",
    txid: `test-${ulid()}`,
    playerId: "test-player",
    event,
    status: "rejected",
  };
  for (const [field, macro] of Object.entries(preset.macros)) url = url.split(macro).join(encodeURIComponent(fill[field] ?? ""));
  // Keeps the test out of every count, whatever the platform's URL carries.
  if (!new URL(url).searchParams.has("status")) url += "&status=rejected";
  const pbRes = await selfFetch(c.env, url, { "user-agent": "CasinoFlux test postback" });
  const body = (await pbRes.json().catch(() => null)) as {
    outcome?: string;
    reason?: string | null;
    error?: { message: string };
  } | null;
  const postback = {
    url,
    status: pbRes.status,
    outcome: body?.outcome ?? null,
    reason: body?.reason ?? null,
    error: body?.error?.message ?? null,
  };
  const matched = pbRes.status === 200 && (postback.reason ?? "").includes("click flagged");
  return {
    click,
    postback,
    ok: matched,
    summary: matched
      ? `Round trip works: the link redirected with click id ${clickId} in "${clickParam}", and ${preset.label}'s postback URL was accepted and matched that click. The test click is flagged as a preview, so its postback is logged as unattributed ("click flagged") and nothing is counted.`
      : pbRes.status !== 200
        ? `The postback was refused (${pbRes.status}): ${postback.error ?? "no reason given"}`
        : `The postback was received but did not match the test click (${postback.outcome}: ${postback.reason ?? "no reason"}).`,
  };
}

/** One request through the ingest router (what /go and /pb reach), waiting for its after-response work (the click's hub write). */
async function selfFetch(env: Env, url: string, headers: Record<string, string>): Promise<Response> {
  const pending: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException: () => undefined,
    props: {},
  } as unknown as ExecutionContext;
  const res = await ingest.fetch(new Request(url, { headers, redirect: "manual" }), env, ctx);
  await Promise.allSettled(pending);
  return res;
}
