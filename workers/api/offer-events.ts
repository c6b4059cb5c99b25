/**
 * Postback event mapping of one offer: GET the mapping (with the preset's defaults and the names
 * seen but not mapped), PUT it whole, or POST one name ("map this event" in the Postbacks log).
 * Saving republishes the routes (the /pb hot path reads the mapping from there, never from D1)
 * and re-applies, once each, the postbacks kept as unmapped whose name is now mapped.
 */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { PLATFORM_PRESETS } from "../../shared/platforms";
import {
  BUILTIN_EVENT_NAMES,
  type EventMap,
  mapEventSchema,
  type PostbackEventType,
  putEventMapSchema,
  toEventMap,
} from "../../shared/postback-events";
import type { OfferEventsSaved, OfferEventsView } from "../../shared/report-types";
import { type DB, getDb } from "../db/client";
import { offers, sites } from "../db/schema";
import { clearRouteCache, hubStub } from "../edge/resolve";
import { audit, diffOf } from "../lib/audit";
import { fromZod, notFound } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { unmappedEvents } from "../reports/unmapped-events";
import { publishRoutes } from "../site-hub/build-routes";
import type { HubSite } from "../site-hub/types";

type OfferRow = typeof offers.$inferSelect;

async function loadOffer(db: DB, workspaceId: string, id: string): Promise<OfferRow> {
  const row = (
    await db
      .select()
      .from(offers)
      .where(and(eq(offers.id, id), eq(offers.workspaceId, workspaceId)))
  )[0];
  if (!row) throw notFound("offer");
  return row;
}

async function view(db: DB, workspaceId: string, offer: OfferRow): Promise<OfferEventsView> {
  const preset = PLATFORM_PRESETS[offer.platform].eventNames ?? {};
  const defaults: OfferEventsView["defaults"] = [
    ...Object.entries(BUILTIN_EVENT_NAMES)
      .filter(([name]) => !Object.hasOwn(preset, name))
      .map(([name, type]) => ({ name, type, source: "builtin" as const })),
    ...Object.entries(preset).map(([name, type]) => ({ name, type, source: "platform" as const })),
  ];
  const own = offer.eventMap ?? {};
  return {
    offerId: offer.id,
    platform: offer.platform,
    defaults,
    mappings: Object.entries(own).map(([name, type]) => ({ name, type })),
    unmapped: (await unmappedEvents(db, workspaceId, offer.id)).filter((u) => !Object.hasOwn(own, u.name)),
  };
}

async function body(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => null);
}

/** Saves the mapping, republishes routes and re-applies what it now maps in every hub of the workspace. */
async function save(c: Context<AppEnv>, offer: OfferRow, next: EventMap, summary: string): Promise<OfferEventsSaved> {
  const db = getDb(c.env.DB);
  const ws = c.get("session").workspaceId;
  await db
    .update(offers)
    .set({ eventMap: next })
    .where(and(eq(offers.id, offer.id), eq(offers.workspaceId, ws)));
  await audit(c, {
    action: "offer.events",
    entityType: "offer",
    entityId: offer.id,
    summary,
    diff: diffOf({ eventMap: offer.eventMap ?? {} }, { eventMap: next }),
  });
  await publishRoutes(c.env, db, ws);
  // Other isolates pick the new routes up within their cache TTL; the hubs close that window (site-hub/postbacks.ts).
  clearRouteCache();
  const reapplied = await reapply(c.env, db, ws, offer.id, next);
  return { ...(await view(db, ws, { ...offer, eventMap: next })), reapplied };
}

/** Postbacks kept as unmapped live in the hub that received them: the click's site, the key's fallback site, or the workspace's own. */
async function reapply(env: Env, db: DB, workspaceId: string, offerId: string, map: EventMap): Promise<number> {
  const siteRows = await db.select().from(sites).where(eq(sites.workspaceId, workspaceId));
  const hubs: [string, HubSite][] = [
    ...siteRows.map((s): [string, HubSite] => [s.id, { workspaceId, siteId: s.id, hubCode: s.hubCode, timezone: s.timezone }]),
    [`ws:${workspaceId}`, { workspaceId, siteId: null, hubCode: null, timezone: "UTC" }],
  ];
  const counts = await Promise.all(hubs.map(([name, site]) => hubStub(env, name).replayUnmapped(site, offerId, map)));
  return counts.reduce((a, b) => a + b, 0);
}

export const offerEventRoutes = newRouter()
  .get("/", async (c) => {
    const db = getDb(c.env.DB);
    const ws = c.get("session").workspaceId;
    return c.json(await view(db, ws, await loadOffer(db, ws, c.req.param("id") ?? "")));
  })
  .put("/", async (c) => {
    const parsed = putEventMapSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "body");
    const db = getDb(c.env.DB);
    const offer = await loadOffer(db, c.get("session").workspaceId, c.req.param("id") ?? "");
    const next = toEventMap(parsed.data.mappings);
    return c.json(await save(c, offer, next, `Postback event mapping of ${offer.name}: ${parsed.data.mappings.length} names`));
  })
  .post("/map", async (c) => {
    const parsed = mapEventSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "body");
    const db = getDb(c.env.DB);
    const offer = await loadOffer(db, c.get("session").workspaceId, c.req.param("id") ?? "");
    const next: Record<string, PostbackEventType> = { ...(offer.eventMap ?? {}), [parsed.data.name]: parsed.data.type };
    return c.json(await save(c, offer, next, `Mapped postback event "${parsed.data.name}" to ${parsed.data.type} on ${offer.name}`));
  });
