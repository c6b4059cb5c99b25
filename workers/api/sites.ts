/**
 * Sites API: list, detail (snippet tag + installation check + tagged offers), create, edit, archive /
 * restore, tagged offers; plus each site's overview and live snapshot. Every change republishes the
 * workspace's routes (the beacon Origin check reads the published domains) and is audited.
 */

import { and, eq, isNull, or } from "drizzle-orm";
import type { Context } from "hono";
import { isClickFlag } from "../../shared/click-flags";
import { createSiteSchema, siteOffersSchema, snippetTag, updateSiteSchema } from "../../shared/entities";
import type { SiteDetail } from "../../shared/entity-types";
import { archivedQuerySchema } from "../../shared/list-queries";
import type { SiteSummary } from "../../shared/report-types";
import { type BatchStatement, runBatch } from "../db/batch";
import { type DB, getDb } from "../db/client";
import { inList } from "../db/in-list";
import { campaigns, offers, siteOffers, sites } from "../db/schema";
import { hubStub } from "../edge/resolve";
import { auditRow, diffOf } from "../lib/audit";
import { notFound } from "../lib/errors";
import { HIDE_FINANCIALS_HEADER } from "../lib/financials";
import { type AppEnv, newRouter } from "../lib/hono";
import { newId, randomToken } from "../lib/ids";
import { siteInstallation } from "../reports/site-installation";
import { siteOverviewCsv } from "../reports/site-overview-csv";
import { publishRoutes } from "../site-hub/build-routes";
import { fieldError, parseBody, parseQuery, sentKeys } from "./input";
import { overviewFor } from "./reports";
import { originOf } from "./session";
import { routesOffSites, untagged } from "./tag-route-cleanup";

type SiteRow = typeof sites.$inferSelect;

async function loadSite(db: DB, workspaceId: string, id: string): Promise<SiteRow> {
  const row = (
    await db
      .select()
      .from(sites)
      .where(and(eq(sites.id, id), eq(sites.workspaceId, workspaceId)))
  )[0];
  if (!row) throw notFound("site");
  return row;
}

/** Offer ids must all belong to the workspace; the error names the index. */
async function checkOffers(db: DB, workspaceId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.workspaceId, workspaceId), inList(offers.id, ids)));
  ids.forEach((id, i) => {
    if (!found.some((o) => o.id === id)) throw fieldError("site", `offerIds.${i}`, `no offer ${id} in this workspace`);
  });
}

/** A 6-char hub code (the click-id prefix) and a public key nobody has yet. */
async function freshKeys(db: DB): Promise<{ publicKey: string; hubCode: string }> {
  for (;;) {
    const publicKey = `pk${randomToken(10)}`;
    const hubCode = randomToken(4).slice(0, 6);
    const clash = await db
      .select({ id: sites.id })
      .from(sites)
      .where(or(eq(sites.publicKey, publicKey), eq(sites.hubCode, hubCode)));
    if (clash.length === 0) return { publicKey, hubCode };
  }
}

function summary(
  s: SiteRow,
  camps: { id: string; name: string; siteId: string }[],
  so: { siteId: string; offerId: string }[],
): SiteSummary {
  return {
    id: s.id,
    name: s.name,
    domains: s.domains,
    market: s.market,
    locale: s.locale,
    timezone: s.timezone,
    publicKey: s.publicKey,
    hubCode: s.hubCode,
    campaigns: camps.filter((x) => x.siteId === s.id).map((x) => ({ id: x.id, name: x.name })),
    offerIds: so.filter((x) => x.siteId === s.id).map((x) => x.offerId),
    countedFlags: s.countedFlags.filter(isClickFlag),
    archivedAt: s.archivedAt,
  };
}

async function detail(env: Env, db: DB, origin: string, workspaceId: string, id: string): Promise<SiteDetail> {
  const s = await loadSite(db, workspaceId, id);
  const [camps, tagged, installation] = await Promise.all([
    db
      .select({ id: campaigns.id, name: campaigns.name, siteId: campaigns.siteId })
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.siteId, id))),
    db
      .select({ id: offers.id, name: offers.name, platform: offers.platform, archivedAt: offers.archivedAt })
      .from(siteOffers)
      .innerJoin(offers, eq(offers.id, siteOffers.offerId))
      .where(and(eq(siteOffers.workspaceId, workspaceId), eq(siteOffers.siteId, id)))
      .orderBy(offers.name),
    siteInstallation(env, db, workspaceId, id),
  ]);
  return {
    ...summary(
      s,
      camps,
      tagged.map((o) => ({ siteId: id, offerId: o.id })),
    ),
    snippet: snippetTag(origin, s.publicKey),
    installation,
    offers: tagged,
  };
}

/** The site's overview in the member's reporting timezone (the all-sites one is GET /api/reports/overview). */
const overviewOf = (c: Context<AppEnv>) => overviewFor(c, c.req.param("id") ?? "");

export const siteRoutes = newRouter()
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const withArchived = parseQuery(c, archivedQuerySchema).archived === "1";
    const [rows, camps, so] = await Promise.all([
      db
        .select()
        .from(sites)
        .where(and(eq(sites.workspaceId, ws), withArchived ? undefined : isNull(sites.archivedAt)))
        .orderBy(sites.name),
      db.select({ id: campaigns.id, name: campaigns.name, siteId: campaigns.siteId }).from(campaigns).where(eq(campaigns.workspaceId, ws)),
      db.select({ siteId: siteOffers.siteId, offerId: siteOffers.offerId }).from(siteOffers).where(eq(siteOffers.workspaceId, ws)),
    ]);
    return c.json({ sites: rows.map((s) => summary(s, camps, so)) });
  })
  .post("/", async (c) => {
    const input = await parseBody(c, createSiteSchema, "site");
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const offerIds = [...new Set(input.offerIds ?? [])];
    await checkOffers(db, ws, offerIds);
    const id = newId("site");
    const keys = await freshKeys(db);
    const domains = [...new Set(input.domains)];
    const items: BatchStatement[] = [
      db.insert(sites).values({
        id,
        workspaceId: ws,
        name: input.name,
        domains,
        market: input.market,
        locale: input.locale,
        timezone: input.timezone,
        ...keys,
      }),
      auditRow(c, {
        action: "site.create",
        entityType: "site",
        entityId: id,
        summary: `Created site ${input.name} (${domains.join(", ")})`,
      }),
    ];
    if (offerIds.length) items.push(db.insert(siteOffers).values(offerIds.map((offerId) => ({ workspaceId: ws, siteId: id, offerId }))));
    await runBatch(db, items);
    await publishRoutes(c.env, db, ws);
    return c.json({ site: await detail(c.env, db, originOf(c), ws, id) }, 201);
  })
  .get("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    return c.json({ site: await detail(c.env, getDb(c.env.DB), originOf(c), ws, c.req.param("id")) });
  })
  .patch("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const current = await loadSite(db, ws, c.req.param("id"));
    const { offerIds, ...fields } = sentKeys(await parseBody(c, updateSiteSchema, "site"));
    if (fields.domains) fields.domains = [...new Set(fields.domains)];
    if (offerIds) await checkOffers(db, ws, offerIds);
    const diff = diffOf(current as unknown as Record<string, unknown>, fields);
    const before = offerIds ? await taggedOfferIds(db, ws, current.id) : [];
    const offersChanged = offerIds !== undefined && [...before].sort().join() !== [...new Set(offerIds)].sort().join();
    if (offersChanged) diff.offerIds = [before, offerIds];
    const items: BatchStatement[] = [];
    if (Object.keys(diff).some((k) => k !== "offerIds")) {
      items.push(
        db
          .update(sites)
          .set(fields)
          .where(and(eq(sites.id, current.id), eq(sites.workspaceId, ws))),
      );
    }
    if (offerIds && offersChanged) {
      items.push(...replaceOffers(db, ws, current.id, [...new Set(offerIds)]));
      items.push(...(await routesOffSites(c, db, ws, dropped(current.id, before, offerIds))));
    }
    if (items.length) {
      items.push(
        auditRow(c, {
          action: "site.update",
          entityType: "site",
          entityId: current.id,
          summary: `Edited site ${fields.name ?? current.name}${offersChanged ? " (tagged offers)" : ""}`,
          diff,
        }),
      );
      await runBatch(db, items);
      await publishRoutes(c.env, db, ws);
    }
    return c.json({ site: await detail(c.env, db, originOf(c), ws, current.id) });
  })
  .put("/:id/offers", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const current = await loadSite(db, ws, c.req.param("id"));
    const offerIds = [...new Set((await parseBody(c, siteOffersSchema, "site offers")).offerIds)];
    await checkOffers(db, ws, offerIds);
    const before = await taggedOfferIds(db, ws, current.id);
    const items = replaceOffers(db, ws, current.id, offerIds);
    items.push(...(await routesOffSites(c, db, ws, dropped(current.id, before, offerIds))));
    items.push(
      auditRow(c, {
        action: "site.offers",
        entityType: "site",
        entityId: current.id,
        summary: `Tagged ${offerIds.length} offer(s) to site ${current.name}`,
        diff: { offerIds: [before, offerIds] },
      }),
    );
    await runBatch(db, items);
    await publishRoutes(c.env, db, ws);
    return c.json({ site: await detail(c.env, db, originOf(c), ws, current.id) });
  })
  .post("/:id/archive", async (c) => setArchived(c, c.req.param("id"), true))
  .post("/:id/restore", async (c) => setArchived(c, c.req.param("id"), false))
  .get("/:id/overview", async (c) => c.json(await overviewOf(c)))
  .get("/:id/overview.csv", async (c) => {
    const o = await overviewOf(c);
    return c.body(siteOverviewCsv(o), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="site-overview-${o.range.from}-${o.range.to}.csv"`,
    });
  })
  .get("/:id/live", async (c) => {
    const ws = c.get("session").workspaceId;
    const site = await loadSite(getDb(c.env.DB), ws, c.req.param("id"));
    const hub = hubStub(c.env, site.id);
    // WebSocket upgrade goes to the site's hub (hibernation API); plain GET returns a snapshot.
    if (c.req.header("upgrade") === "websocket") {
      const headers = new Headers(c.req.raw.headers);
      headers.set(HIDE_FINANCIALS_HEADER, c.get("session").hideFinancials ? "1" : "0");
      return hub.fetch(new Request(c.req.raw, { headers }));
    }
    return c.json(await hub.live());
  });

async function taggedOfferIds(db: DB, ws: string, siteId: string): Promise<string[]> {
  const rows = await db
    .select({ id: siteOffers.offerId })
    .from(siteOffers)
    .where(and(eq(siteOffers.workspaceId, ws), eq(siteOffers.siteId, siteId)));
  return rows.map((r) => r.id);
}

/** The offer↔site pairs an edit of this site's offers removes (their tag routes go with them). */
function dropped(siteId: string, before: string[], after: string[]) {
  return untagged(
    before.map((offerId) => ({ offerId, siteId })),
    after.map((offerId) => ({ offerId, siteId })),
  );
}

function replaceOffers(db: DB, ws: string, siteId: string, offerIds: string[]): BatchStatement[] {
  const items: BatchStatement[] = [db.delete(siteOffers).where(and(eq(siteOffers.workspaceId, ws), eq(siteOffers.siteId, siteId)))];
  if (offerIds.length) items.push(db.insert(siteOffers).values(offerIds.map((offerId) => ({ workspaceId: ws, siteId, offerId }))));
  return items;
}

/** Archive keeps every row; the site leaves lists and its snippet stops counting (routes republished). */
async function setArchived(c: Context<AppEnv>, id: string, archive: boolean) {
  const ws = c.get("session").workspaceId;
  const db = getDb(c.env.DB);
  const current = await loadSite(db, ws, id);
  if ((current.archivedAt !== null) !== archive) {
    const at = archive ? Date.now() : null;
    await db.batch([
      db
        .update(sites)
        .set({ archivedAt: at })
        .where(and(eq(sites.id, current.id), eq(sites.workspaceId, ws))),
      auditRow(c, {
        action: archive ? "site.archive" : "site.restore",
        entityType: "site",
        entityId: current.id,
        summary: `${archive ? "Archived" : "Restored"} site ${current.name}`,
        diff: { archivedAt: [current.archivedAt, at] },
      }),
    ]);
    await publishRoutes(c.env, db, ws);
  }
  return c.json({ site: await detail(c.env, db, originOf(c), ws, current.id) });
}
