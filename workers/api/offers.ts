/**
 * Offers API, CRUD: list / get / create / update, with the API Setup (secrets encrypted, never returned).
 * Sync operations (test connection, runs, change log, freshness, re-sync) are in offer-sync.ts.
 * Every query is scoped by the session's workspace; another workspace's offer is a 404.
 */

import { and, count, eq } from "drizzle-orm";
import { formatMicros, parseDecimalToMicros } from "../../shared/money";
import { type CreateOfferInput, createOfferSchema, type UpdateOfferInput, updateOfferSchema } from "../../shared/offer-input";
import { clickParamFor, PLATFORM_PRESETS, type PlatformId } from "../../shared/platforms";
import type { OfferDetail, OfferSummary } from "../../shared/report-types";
import { effectiveSettle } from "../../shared/settle";
import { type BatchStatement, runBatch } from "../db/batch";
import { type DB, getDb } from "../db/client";
import { inList } from "../db/in-list";
import { campaignOffers, casinoEntries, offerSyncState, offers, siteOffers, sites, trackingLinks } from "../db/schema";
import { auditRow, diffOf } from "../lib/audit";
import { AppError, fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { newId, randomToken } from "../lib/ids";
import { decryptSecrets, encryptSecrets } from "../lib/secrets";
import { offerFreshness } from "../reports/freshness";
import { connectorFor } from "../revenue/connectors";
import { publishRoutes } from "../site-hub/build-routes";
import { sentFields } from "./input";
import { keyState } from "./key-rotation";
import { fieldError } from "./offer-input";
import { apiSetupState, body, checkComplete, loadOffer, mergeSetup, type OfferRow } from "./offer-setup";
import { offerSyncRoutes } from "./offer-sync";
import { routesOffSites, untagged } from "./tag-route-cleanup";

type OfferInsert = typeof offers.$inferInsert;

function checkEvents(platform: PlatformId, events: string[], field = "postbackEvents"): void {
  const supported = PLATFORM_PRESETS[platform].events;
  events.forEach((e, i) => {
    if (!supported.includes(e)) {
      throw fieldError(`${field}.${i}`, `${PLATFORM_PRESETS[platform].label} postbacks support ${supported.join(", ")} (not ${e})`);
    }
  });
}

async function checkSites(db: DB, workspaceId: string, siteIds: string[]): Promise<{ id: string; market: string }[]> {
  if (siteIds.length === 0) return [];
  const found = await db
    .select({ id: sites.id, market: sites.market })
    .from(sites)
    .where(and(eq(sites.workspaceId, workspaceId), inList(sites.id, siteIds)));
  siteIds.forEach((id, i) => {
    if (!found.some((s) => s.id === id)) throw fieldError(`siteIds.${i}`, `no site ${id} in this workspace`);
  });
  return found;
}

/**
 * The account currency books the amounts an offer's postbacks send without one, and campaigns and links
 * refuse an offer without it (campaigns.ts, links.ts): it cannot be cleared while they use the offer, or
 * every such postback would be refused from then on.
 */
async function keepCurrencyWhileUsed(db: DB, workspaceId: string, offer: OfferRow): Promise<void> {
  const where = <T extends typeof campaignOffers | typeof trackingLinks>(t: T) =>
    and(eq(t.workspaceId, workspaceId), eq(t.offerId, offer.id));
  const [[camps], [links]] = await Promise.all([
    db.select({ n: count() }).from(campaignOffers).where(where(campaignOffers)),
    db.select({ n: count() }).from(trackingLinks).where(where(trackingLinks)),
  ]);
  const inCampaigns = camps?.n ?? 0;
  const withLinks = links?.n ?? 0;
  if (inCampaigns + withLinks === 0) return;
  const message = `offer "${offer.name}" is in ${inCampaigns} campaign(s) with ${withLinks} tracking link(s), whose postbacks that send an amount without a currency are booked in it: set another currency, or take the offer out of its campaigns first`;
  throw new AppError(409, "currency_in_use", `accountCurrency: ${message}`, { fields: [{ field: "accountCurrency", message }] });
}

function dealColumns(deal: CreateOfferInput["deal"]): Partial<OfferInsert> {
  if (!deal) return {};
  const out = sentFields<NonNullable<CreateOfferInput["deal"]>, OfferInsert>(deal, {
    type: "dealType",
    currency: "dealCurrency",
    revsharePct: "dealRevsharePct",
    baseline: "dealBaseline",
    notes: "dealNotes",
  });
  if (deal.cpa !== undefined) {
    const micros = deal.cpa === null ? null : parseDecimalToMicros(deal.cpa);
    if (deal.cpa !== null && micros === null) throw fieldError("deal.cpa", 'must be an exact decimal string like "100.00"');
    out.dealCpaMicros = micros;
  }
  return out;
}

async function summaries(
  env: Env,
  db: DB,
  workspaceId: string,
  rows: OfferRow[],
): Promise<(OfferSummary & { _secrets: Record<string, string> })[]> {
  const ids = rows.map((r) => r.id);
  const [links, fresh] = await Promise.all([
    ids.length
      ? db
          .select()
          .from(siteOffers)
          .where(and(eq(siteOffers.workspaceId, workspaceId), inList(siteOffers.offerId, ids)))
      : [],
    offerFreshness(db, workspaceId, ids),
  ]);
  const out: (OfferSummary & { _secrets: Record<string, string> })[] = [];
  for (const o of rows) {
    const secrets = await decryptSecrets(env, o.apiSecretEnc).catch(() => ({}) as Record<string, string>);
    const setup = apiSetupState(o, secrets);
    out.push({
      id: o.id,
      name: o.name,
      platform: o.platform,
      brand: o.brand,
      merchant: o.merchant,
      channel: o.channel,
      campaignTag: o.campaignTag,
      trackingUrl: o.trackingUrl,
      clickParam: o.clickParam,
      effectiveClickParam: clickParamFor(o.platform, o.clickParam),
      postbackEvents: o.postbackEvents,
      ...keyState(o),
      platformTimezone: o.platformTimezone,
      accountCurrency: o.accountCurrency,
      syncEnabled: o.syncEnabled,
      siteIds: links.filter((l) => l.offerId === o.id).map((l) => l.siteId),
      apiSetupComplete: setup.complete,
      hasConnector: connectorFor(o.platform) !== null,
      freshness: fresh.find((f) => f.offerId === o.id) ?? null,
      settleHorizons: o.settleHorizons ?? null,
      settleSettings: effectiveSettle(o.platform, o.settleHorizons),
      createdAt: o.createdAt,
      archivedAt: o.archivedAt,
      _secrets: secrets,
    });
  }
  return out;
}

async function detail(env: Env, db: DB, workspaceId: string, id: string): Promise<OfferDetail> {
  const o = await loadOffer(db, workspaceId, id);
  const [summary] = await summaries(env, db, workspaceId, [o]);
  if (!summary) throw notFound("offer");
  const { _secrets, ...base } = summary;
  const [casino, state] = await Promise.all([
    db
      .select()
      .from(casinoEntries)
      .where(and(eq(casinoEntries.offerId, id), eq(casinoEntries.workspaceId, workspaceId))),
    db
      .select({ cadence: offerSyncState.cadenceHours })
      .from(offerSyncState)
      .where(and(eq(offerSyncState.offerId, id), eq(offerSyncState.workspaceId, workspaceId))),
  ]);
  const ce = casino[0];
  return {
    ...base,
    ipAllowlist: o.ipAllowlist ?? [],
    deal: {
      type: o.dealType,
      cpa: o.dealCpaMicros === null ? null : formatMicros(o.dealCpaMicros),
      currency: o.dealCurrency,
      revsharePct: o.dealRevsharePct,
      baseline: o.dealBaseline,
      notes: o.dealNotes,
    },
    casino: ce
      ? { id: ce.id, name: ce.name, logoUrl: ce.logoUrl, bonusText: ce.bonusText, paymentMethods: ce.paymentMethods, markets: ce.markets }
      : null,
    apiSetup: apiSetupState(o, _secrets),
    cadenceHours: state[0]?.cadence ?? 24,
  };
}

export const offerRoutes = newRouter()
  .route("/", offerSyncRoutes)
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const rows = await db.select().from(offers).where(eq(offers.workspaceId, ws)).orderBy(offers.name);
    const list = await summaries(c.env, db, ws, rows);
    return c.json({ offers: list.map(({ _secrets, ...o }) => o) });
  })
  .post("/", async (c) => {
    const s = c.get("session");
    const parsed = createOfferSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "offer");
    const input = parsed.data;
    const db = getDb(c.env.DB);
    const events = input.postbackEvents ?? PLATFORM_PRESETS[input.platform].events;
    checkEvents(input.platform, events);
    const siteRows = await checkSites(db, s.workspaceId, input.siteIds ?? []);
    const setup = mergeSetup(input.platform, { secrets: {}, config: {} }, input.apiSetup);
    checkComplete(input.platform, setup, input.accountCurrency ?? null);

    const id = newId("of");
    const items: BatchStatement[] = [
      db.insert(offers).values({
        id,
        workspaceId: s.workspaceId,
        name: input.name,
        platform: input.platform,
        brand: input.brand,
        merchant: input.merchant ?? null,
        channel: input.channel ?? null,
        campaignTag: input.campaignTag ?? null,
        trackingUrl: input.trackingUrl,
        clickParam: input.clickParam ?? null,
        postbackEvents: events,
        postbackKey: randomToken(16),
        ipAllowlist: input.ipAllowlist?.length ? input.ipAllowlist : null,
        ...dealColumns(input.deal),
        apiConfig: setup.config,
        apiSecretEnc: Object.keys(setup.secrets).length ? await encryptSecrets(c.env, setup.secrets) : null,
        platformTimezone: input.platformTimezone ?? "UTC",
        accountCurrency: input.accountCurrency ?? null,
        syncEnabled: input.syncEnabled ?? true,
        settleHorizons: input.settleHorizons ?? null,
      }),
      db.insert(casinoEntries).values({
        id: newId("ce"),
        workspaceId: s.workspaceId,
        offerId: id,
        name: input.casino?.name ?? input.brand,
        logoUrl: input.casino?.logoUrl || null,
        bonusText: input.casino?.bonusText ?? null,
        paymentMethods: input.casino?.paymentMethods ?? [],
        markets: input.casino?.markets ?? [...new Set(siteRows.map((r) => r.market))],
      }),
    ];
    if (siteRows.length)
      items.push(db.insert(siteOffers).values(siteRows.map((r) => ({ workspaceId: s.workspaceId, siteId: r.id, offerId: id }))));
    if (input.cadenceHours !== undefined) {
      items.push(db.insert(offerSyncState).values({ offerId: id, workspaceId: s.workspaceId, cadenceHours: input.cadenceHours }));
    }
    items.push(auditRow(c, { action: "offer.create", entityType: "offer", entityId: id, summary: `Created offer ${input.name}` }));
    await runBatch(db, items);
    await publishRoutes(c.env, db, s.workspaceId);
    return c.json({ offer: await detail(c.env, db, s.workspaceId, id) }, 201);
  })
  .get("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    return c.json({ offer: await detail(c.env, getDb(c.env.DB), ws, c.req.param("id")) });
  })
  .patch("/:id", async (c) => {
    const s = c.get("session");
    const db = getDb(c.env.DB);
    const current = await loadOffer(db, s.workspaceId, c.req.param("id"));
    const parsed = updateOfferSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "offer");
    const input: UpdateOfferInput = parsed.data;
    const platform = input.platform ?? current.platform;
    const platformChanged = platform !== current.platform;

    let events: string[] | undefined = input.postbackEvents;
    if (events) checkEvents(platform, events);
    else if (platformChanged) events = current.postbackEvents.filter((e) => PLATFORM_PRESETS[platform].events.includes(e));
    const siteRows = input.siteIds ? await checkSites(db, s.workspaceId, input.siteIds) : null;
    if (input.accountCurrency === null && current.accountCurrency !== null) await keepCurrencyWhileUsed(db, s.workspaceId, current);

    const changes: Partial<OfferInsert> = {
      ...sentFields<UpdateOfferInput, OfferInsert>(input, {
        name: "name",
        platform: "platform",
        brand: "brand",
        merchant: "merchant",
        channel: "channel",
        campaignTag: "campaignTag",
        trackingUrl: "trackingUrl",
        clickParam: "clickParam",
        platformTimezone: "platformTimezone",
        accountCurrency: "accountCurrency",
        syncEnabled: "syncEnabled",
        settleHorizons: "settleHorizons",
      }),
      ...dealColumns(input.deal),
    };
    if (events) changes.postbackEvents = events;
    if (input.ipAllowlist !== undefined) changes.ipAllowlist = input.ipAllowlist.length ? input.ipAllowlist : null;
    if (input.apiSetup !== undefined || platformChanged) {
      const saved = { secrets: await decryptSecrets(c.env, current.apiSecretEnc), config: current.apiConfig ?? {} };
      const setup = mergeSetup(platform, platformChanged ? { secrets: {}, config: {} } : saved, input.apiSetup);
      checkComplete(platform, setup, input.accountCurrency !== undefined ? input.accountCurrency : current.accountCurrency);
      changes.apiConfig = setup.config;
      changes.apiSecretEnc = Object.keys(setup.secrets).length ? await encryptSecrets(c.env, setup.secrets) : null;
    }

    const items: BatchStatement[] = [];
    if (Object.keys(changes).length) {
      items.push(
        db
          .update(offers)
          .set(changes)
          .where(and(eq(offers.id, current.id), eq(offers.workspaceId, s.workspaceId))),
      );
    }
    if (input.casino) {
      const existing = (await db.select().from(casinoEntries).where(eq(casinoEntries.offerId, current.id)))[0];
      const ce = input.casino;
      if (existing) {
        const set = sentFields<typeof ce, typeof casinoEntries.$inferInsert>(ce, {
          name: "name",
          bonusText: "bonusText",
          paymentMethods: "paymentMethods",
          markets: "markets",
        });
        if (ce.logoUrl !== undefined) set.logoUrl = ce.logoUrl || null;
        if (Object.keys(set).length) items.push(db.update(casinoEntries).set(set).where(eq(casinoEntries.id, existing.id)));
      } else {
        items.push(
          db.insert(casinoEntries).values({
            id: newId("ce"),
            workspaceId: s.workspaceId,
            offerId: current.id,
            name: ce.name ?? input.brand ?? current.brand,
            logoUrl: ce.logoUrl || null,
            bonusText: ce.bonusText ?? null,
            paymentMethods: ce.paymentMethods ?? [],
            markets: ce.markets ?? [],
          }),
        );
      }
    }
    if (siteRows) {
      const before = await db
        .select({ offerId: siteOffers.offerId, siteId: siteOffers.siteId })
        .from(siteOffers)
        .where(and(eq(siteOffers.offerId, current.id), eq(siteOffers.workspaceId, s.workspaceId)));
      const after = siteRows.map((r) => ({ offerId: current.id, siteId: r.id }));
      items.push(...(await routesOffSites(c, db, s.workspaceId, untagged(before, after))));
      items.push(db.delete(siteOffers).where(and(eq(siteOffers.offerId, current.id), eq(siteOffers.workspaceId, s.workspaceId))));
      if (siteRows.length) {
        items.push(db.insert(siteOffers).values(siteRows.map((r) => ({ workspaceId: s.workspaceId, siteId: r.id, offerId: current.id }))));
      }
    }
    if (input.cadenceHours !== undefined) {
      items.push(
        db
          .insert(offerSyncState)
          .values({ offerId: current.id, workspaceId: s.workspaceId, cadenceHours: input.cadenceHours })
          .onConflictDoUpdate({ target: offerSyncState.offerId, set: { cadenceHours: input.cadenceHours } }),
      );
    }
    if (items.length) {
      const diff = diffOf(current as Record<string, unknown>, changes as Record<string, unknown>, ["apiSecretEnc"]);
      // Related rows are named, not diffed (their previous values are not loaded for this).
      const also = (["casino", "siteIds", "cadenceHours"] as const).filter((k) => input[k] !== undefined);
      const summary = `Updated offer ${current.name}${also.length ? ` (also ${also.join(", ")})` : ""}`;
      items.push(auditRow(c, { action: "offer.update", entityType: "offer", entityId: current.id, summary, diff }));
      await runBatch(db, items);
      await publishRoutes(c.env, db, s.workspaceId);
    }
    return c.json({ offer: await detail(c.env, db, s.workspaceId, current.id) });
  });
