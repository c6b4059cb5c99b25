import { and, eq, gt, isNull, or } from "drizzle-orm";
import { getDb } from "../db/client";
import { campaigns, offers, sites, trackingLinks } from "../db/schema";
import { buildWorkspaceRoutes, publishRoutes } from "../site-hub/build-routes";
import { directoryStub } from "../site-hub/directory";
import type { LinkRoute, PostbackRoute, RouteKind, SiteRef, SiteRoute } from "../site-hub/routes";

/**
 * Route lookup for the ingest paths: isolate cache → Directory object → D1 (only when the
 * directory has never heard of the key, e.g. right after a fresh deploy; it is then republished).
 * Cached for 30 s so configuration changes reach every isolate quickly.
 */
const TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
// Parsed once per isolate: the hot paths read routes, they never change them.
const cache = new Map<string, { at: number; v: unknown }>();

async function lookup(env: Env, kind: RouteKind, id: string): Promise<unknown> {
  const key = `${kind}:${id}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < (hit.v === null ? NEGATIVE_TTL_MS : TTL_MS)) return hit.v;
  let text = await directoryStub(env, key).get(key);
  if (text === null) text = await fromD1(env, kind, id);
  const v: unknown = text === null ? null : JSON.parse(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: now, v });
  return v;
}

async function fromD1(env: Env, kind: RouteKind, id: string): Promise<string | null> {
  const db = getDb(env.DB);
  let workspaceId: string | undefined;
  if (kind === "slug") {
    workspaceId = (await db.select({ ws: trackingLinks.workspaceId }).from(trackingLinks).where(eq(trackingLinks.slug, id)))[0]?.ws;
  } else if (kind === "pbkey") {
    workspaceId =
      (
        await db
          .select({ ws: offers.workspaceId })
          .from(offers)
          .where(or(eq(offers.postbackKey, id), and(eq(offers.previousPostbackKey, id), gt(offers.previousKeyExpiresAt, Date.now()))))
      )[0]?.ws ??
      (
        await db
          .select({ ws: campaigns.workspaceId })
          .from(campaigns)
          .where(
            or(eq(campaigns.postbackKey, id), and(eq(campaigns.previousPostbackKey, id), gt(campaigns.previousKeyExpiresAt, Date.now()))),
          )
      )[0]?.ws;
  } else {
    workspaceId = (
      await db
        .select({ ws: sites.workspaceId })
        .from(sites)
        // An archived site's public key is unpublished on purpose: not a reason to republish.
        .where(and(or(eq(sites.publicKey, id), eq(sites.hubCode, id)), kind === "site" ? isNull(sites.archivedAt) : undefined))
    )[0]?.ws;
  }
  if (!workspaceId) return null;
  const routes = await buildWorkspaceRoutes(db, workspaceId);
  await publishRoutes(env, db, workspaceId);
  return routes.get(`${kind}:${id}`) ?? null;
}

const parse = <T>(v: unknown): T | null => (v ?? null) as T | null;

export const resolveSlug = async (env: Env, slug: string) => parse<LinkRoute>(await lookup(env, "slug", slug));
export const resolvePostbackKey = async (env: Env, key: string) => parse<PostbackRoute>(await lookup(env, "pbkey", key));
export const resolveSiteKey = async (env: Env, publicKey: string) => parse<SiteRoute>(await lookup(env, "site", publicKey));
export const resolveHubCode = async (env: Env, code: string) => parse<SiteRef>(await lookup(env, "hub", code));

/** Forget cached routes (tests and config changes in the same isolate). */
export function clearRouteCache(): void {
  cache.clear();
}

export function hubStub(env: Env, siteId: string) {
  return env.SITE_HUB.get(env.SITE_HUB.idFromName(siteId));
}
