/**
 * Offers API: list / get / create / update, API Setup (secrets encrypted, never returned),
 * test connection, and sync operations (runs, change log, freshness, manual re-sync).
 * Every query is scoped by the session's workspace; another workspace's offer is a 404.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { apiSetupFor, type ConfigValue, missingApiSetup, secretKeys } from "../../shared/api-setup";
import { formatMicros, parseDecimalToMicros } from "../../shared/money";
import { clickParamFor, PLATFORM_PRESETS, type PlatformId } from "../../shared/platforms";
import type {
  ApiSetupState,
  OfferDetail,
  OfferSummary,
  ResyncHandle,
  ResyncProgress,
  SyncRunDetail,
  SyncRunSummary,
} from "../../shared/report-types";
import { localDate } from "../../shared/time";
import { type DB, getDb } from "../db/client";
import { casinoEntries, offerSyncState, offers, revenueChanges, siteOffers, sites, syncRuns } from "../db/schema";
import { AppError, forbidden, fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { newId, randomToken, ulid } from "../lib/ids";
import { decryptSecrets, encryptSecrets, maskUrl, redact } from "../lib/secrets";
import { toChangeLogEntry } from "../reports/change-log";
import { offerFreshness } from "../reports/freshness";
import { connectorFor } from "../revenue/connectors";
import { validateGenericConfig } from "../revenue/connectors/generic";
import { ConnectorError, type ConnectorOffer } from "../revenue/connectors/types";
import type { SyncMessage } from "../revenue/cron";
import { previewRouting } from "../revenue/tags";
import { secretsToRedact, testConnection } from "../revenue/test-connection";
import { publishRoutes } from "../site-hub/build-routes";
import {
  apiSetupError,
  type CreateOfferInput,
  createOfferSchema,
  fieldError,
  parseSetupOrThrow,
  resyncSchema,
  type TestSettings,
  testSettingsSchema,
  type UpdateOfferInput,
  updateOfferSchema,
} from "./offer-input";
import { requireSession } from "./session";

type OfferRow = typeof offers.$inferSelect;

/** Largest raw response returned by the run detail endpoint (what is stored is already ≤ 64 KB). */
const RAW_DETAIL_LIMIT = 32 * 1024;

async function body(c: { req: { json: () => Promise<unknown> } }): Promise<unknown> {
  return c.req.json().catch(() => null);
}

function canEdit(role: string): void {
  if (role === "viewer") throw forbidden("Viewers cannot change offers or start syncs");
}

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
    .where(and(eq(sites.workspaceId, workspaceId), inArray(sites.id, siteIds)));
  siteIds.forEach((id, i) => {
    if (!found.some((s) => s.id === id)) throw fieldError(`siteIds.${i}`, `no site ${id} in this workspace`);
  });
  return found;
}

function dealColumns(deal: CreateOfferInput["deal"]) {
  if (!deal) return {};
  const out: Partial<typeof offers.$inferInsert> = {};
  if (deal.type !== undefined) out.dealType = deal.type;
  if (deal.cpa !== undefined) {
    const micros = deal.cpa === null ? null : parseDecimalToMicros(deal.cpa);
    if (deal.cpa !== null && micros === null) throw fieldError("deal.cpa", 'must be an exact decimal string like "100.00"');
    out.dealCpaMicros = micros;
  }
  if (deal.currency !== undefined) out.dealCurrency = deal.currency;
  if (deal.revsharePct !== undefined) out.dealRevsharePct = deal.revsharePct;
  if (deal.baseline !== undefined) out.dealBaseline = deal.baseline;
  if (deal.notes !== undefined) out.dealNotes = deal.notes;
  return out;
}

/** Merges the saved API Setup with changes (for update and for testing unsaved settings). */
function mergeSetup(
  platform: PlatformId,
  saved: { secrets: Record<string, string>; config: Record<string, unknown> },
  changes: Record<string, unknown> | undefined,
): { secrets: Record<string, string>; config: Record<string, ConfigValue> } {
  // Everything saved is kept (connector options set outside the form survive); callers pass an
  // empty `saved` when the platform changes, since one platform's settings mean nothing to another.
  const secrets: Record<string, string> = { ...saved.secrets };
  const config: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(saved.config)) {
    if (["string", "number", "boolean"].includes(typeof v) || (typeof v === "object" && v !== null)) config[k] = v as ConfigValue;
  }
  if (changes) {
    const parsed = parseSetupOrThrow(platform, changes);
    for (const k of parsed.cleared) {
      delete secrets[k];
      delete config[k];
    }
    Object.assign(secrets, parsed.secrets);
    Object.assign(config, parsed.config);
  }
  return { secrets, config };
}

/**
 * A setup with any value must be complete; an empty one is allowed (the offer just does not sync yet).
 * The generic connector's column mapping is also checked the way the connector will read it.
 */
function checkComplete(
  platform: PlatformId,
  setup: { secrets: Record<string, string>; config: Record<string, unknown> },
  accountCurrency: string | null,
): void {
  const present = new Set([...Object.keys(setup.secrets), ...Object.keys(setup.config)]);
  if (present.size === 0) return;
  const missing = missingApiSetup(platform, present);
  if (missing.length) throw apiSetupError(missing);
  if (platform === "generic") {
    try {
      validateGenericConfig(setup.config, accountCurrency);
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      const problem = err.message.replace(/^column mapping is invalid: /, "");
      const head = /^[A-Za-z]+/.exec(problem)?.[0] ?? "";
      const field = apiSetupFor("generic").fields.some((f) => f.key === head) ? head : "mapping";
      throw apiSetupError([{ field, message: problem }]);
    }
  }
}

function connectorOffer(
  o: Pick<OfferRow, "id" | "platform" | "brand" | "campaignTag" | "platformTimezone" | "accountCurrency">,
  setup: { secrets: Record<string, string>; config: Record<string, unknown> },
): ConnectorOffer {
  return {
    id: o.id,
    platform: o.platform,
    brand: o.brand,
    campaignTag: o.campaignTag,
    platformTimezone: o.platformTimezone,
    accountCurrency: o.accountCurrency,
    config: setup.config,
    secrets: setup.secrets,
  };
}

function apiSetupState(o: OfferRow, secrets: Record<string, string>): ApiSetupState {
  const fields = apiSetupFor(o.platform).fields;
  const hide = secretsToRedact(connectorOffer(o, { secrets, config: o.apiConfig ?? {} }));
  const secretState: ApiSetupState["secrets"] = {};
  for (const key of secretKeys(o.platform)) {
    const v = secrets[key];
    if (!v) continue;
    const isUrl = fields.find((f) => f.key === key)?.input === "url";
    secretState[key] = { set: true, masked: isUrl ? redact(maskUrl(v), hide) : null };
  }
  const config: ApiSetupState["config"] = {};
  for (const [k, v] of Object.entries(o.apiConfig ?? {})) {
    if (typeof v === "string") config[k] = redact(v, hide);
    else if (typeof v === "number" || typeof v === "boolean") config[k] = v;
    else if (Array.isArray(v)) config[k] = v.map((x) => redact(String(x), hide));
    else if (v && typeof v === "object") config[k] = redactJson(v as Record<string, unknown>, hide);
  }
  const missing = missingApiSetup(o.platform, new Set([...Object.keys(secretState), ...Object.keys(config)]));
  return { config, secrets: secretState, complete: missing.length === 0, missing };
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
          .where(and(eq(siteOffers.workspaceId, workspaceId), inArray(siteOffers.offerId, ids)))
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
      postbackKey: o.postbackKey,
      platformTimezone: o.platformTimezone,
      accountCurrency: o.accountCurrency,
      syncEnabled: o.syncEnabled,
      siteIds: links.filter((l) => l.offerId === o.id).map((l) => l.siteId),
      apiSetupComplete: setup.complete,
      hasConnector: connectorFor(o.platform) !== null,
      freshness: fresh.find((f) => f.offerId === o.id) ?? null,
      createdAt: o.createdAt,
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

function runSummary(r: typeof syncRuns.$inferSelect): SyncRunSummary {
  return {
    id: r.id,
    offerId: r.offerId,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    windowFrom: r.windowFrom,
    windowTo: r.windowTo,
    rowsRead: r.rowsRead,
    rowsInserted: r.rowsInserted,
    rowsChanged: r.rowsChanged,
    rowsRemoved: r.rowsRemoved,
    httpStatus: r.httpStatus,
    error: r.error,
    attempt: r.attempt,
    windowsTotal: r.windowsTotal,
    windowsDone: r.windowsDone,
    requestId: r.requestId,
    metricColumns: r.metricColumns ?? null,
  };
}

/** Test connection: saved offer (optionally with unsaved edits) or wholly unsaved settings. */
async function runTest(env: Env, base: OfferRow | null, settings: TestSettings) {
  const platform = settings.platform ?? base?.platform;
  if (!platform) throw fieldError("platform", "is required");
  const samePlatform = base !== null && base.platform === platform;
  const saved = samePlatform
    ? { secrets: await decryptSecrets(env, base.apiSecretEnc), config: base.apiConfig ?? {} }
    : { secrets: {}, config: {} };
  const setup = mergeSetup(platform, saved, settings.apiSetup);
  const missing = missingApiSetup(platform, new Set([...Object.keys(setup.secrets), ...Object.keys(setup.config)]));
  if (missing.length) throw apiSetupError(missing);
  const offer = connectorOffer(
    {
      id: base?.id ?? "unsaved",
      platform,
      brand: settings.brand ?? base?.brand ?? "",
      campaignTag: settings.campaignTag !== undefined ? settings.campaignTag : (base?.campaignTag ?? null),
      platformTimezone: settings.platformTimezone ?? base?.platformTimezone ?? "UTC",
      accountCurrency: settings.accountCurrency !== undefined ? settings.accountCurrency : (base?.accountCurrency ?? null),
    },
    setup,
  );
  const routing = base ? await previewRouting(getDb(env.DB), base.workspaceId, base.id, platform, setup.config) : null;
  return testConnection(offer, fetch, Date.now(), routing);
}

export const offerRoutes = newRouter()
  .use(requireSession)
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const rows = await db.select().from(offers).where(eq(offers.workspaceId, ws)).orderBy(offers.name);
    const list = await summaries(c.env, db, ws, rows);
    return c.json({ offers: list.map(({ _secrets, ...o }) => o) });
  })
  .post("/", async (c) => {
    const s = c.get("session");
    canEdit(s.role);
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
    const items: BatchItem<"sqlite">[] = [
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
    await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    await publishRoutes(c.env, db, s.workspaceId);
    return c.json({ offer: await detail(c.env, db, s.workspaceId, id) }, 201);
  })
  .post("/test-connection", async (c) => {
    canEdit(c.get("session").role);
    const parsed = testSettingsSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "test settings");
    return c.json(await runTest(c.env, null, parsed.data));
  })
  .get("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    return c.json({ offer: await detail(c.env, getDb(c.env.DB), ws, c.req.param("id")) });
  })
  .patch("/:id", async (c) => {
    const s = c.get("session");
    canEdit(s.role);
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

    const changes: Partial<typeof offers.$inferInsert> = { ...dealColumns(input.deal) };
    if (input.name !== undefined) changes.name = input.name;
    if (input.platform !== undefined) changes.platform = input.platform;
    if (input.brand !== undefined) changes.brand = input.brand;
    if (input.merchant !== undefined) changes.merchant = input.merchant;
    if (input.channel !== undefined) changes.channel = input.channel;
    if (input.campaignTag !== undefined) changes.campaignTag = input.campaignTag;
    if (input.trackingUrl !== undefined) changes.trackingUrl = input.trackingUrl;
    if (input.clickParam !== undefined) changes.clickParam = input.clickParam;
    if (events) changes.postbackEvents = events;
    if (input.ipAllowlist !== undefined) changes.ipAllowlist = input.ipAllowlist.length ? input.ipAllowlist : null;
    if (input.platformTimezone !== undefined) changes.platformTimezone = input.platformTimezone;
    if (input.accountCurrency !== undefined) changes.accountCurrency = input.accountCurrency;
    if (input.syncEnabled !== undefined) changes.syncEnabled = input.syncEnabled;
    if (input.apiSetup !== undefined || platformChanged) {
      const saved = { secrets: await decryptSecrets(c.env, current.apiSecretEnc), config: current.apiConfig ?? {} };
      const setup = mergeSetup(platform, platformChanged ? { secrets: {}, config: {} } : saved, input.apiSetup);
      checkComplete(platform, setup, input.accountCurrency !== undefined ? input.accountCurrency : current.accountCurrency);
      changes.apiConfig = setup.config;
      changes.apiSecretEnc = Object.keys(setup.secrets).length ? await encryptSecrets(c.env, setup.secrets) : null;
    }

    const items: BatchItem<"sqlite">[] = [];
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
        const set: Partial<typeof casinoEntries.$inferInsert> = {};
        if (ce.name !== undefined) set.name = ce.name;
        if (ce.logoUrl !== undefined) set.logoUrl = ce.logoUrl || null;
        if (ce.bonusText !== undefined) set.bonusText = ce.bonusText;
        if (ce.paymentMethods !== undefined) set.paymentMethods = ce.paymentMethods;
        if (ce.markets !== undefined) set.markets = ce.markets;
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
      await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      await publishRoutes(c.env, db, s.workspaceId);
    }
    return c.json({ offer: await detail(c.env, db, s.workspaceId, current.id) });
  })
  .post("/:id/test-connection", async (c) => {
    const s = c.get("session");
    canEdit(s.role);
    const current = await loadOffer(getDb(c.env.DB), s.workspaceId, c.req.param("id"));
    const raw = await c.req.text();
    const parsed = testSettingsSchema.safeParse(raw.trim() ? safeJson(raw) : {});
    if (!parsed.success) throw fromZod(parsed.error, "test settings");
    return c.json(await runTest(c.env, current, parsed.data));
  })
  .get("/:id/freshness", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const [f] = await offerFreshness(db, ws, [o.id]);
    return c.json({ freshness: f ?? null });
  })
  .get("/:id/sync-runs", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const limit = clampInt(c.req.query("limit"), 1, 200, 50);
    const request = c.req.query("request");
    const where = [eq(syncRuns.offerId, o.id), eq(syncRuns.workspaceId, ws)];
    if (request) where.push(eq(syncRuns.requestId, request));
    const rows = await db
      .select()
      .from(syncRuns)
      .where(and(...where))
      .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
      .limit(limit);
    return c.json({ runs: rows.map(runSummary) });
  })
  .get("/:id/sync-runs/:runId", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const r = (
      await db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.id, c.req.param("runId")), eq(syncRuns.offerId, o.id), eq(syncRuns.workspaceId, ws)))
    )[0];
    if (!r) throw notFound("sync run");
    // Stored raw responses are redacted when written; redact again with today's secrets in case they changed.
    const secrets = secretsToRedact(connectorOffer(o, { secrets: await decryptSecrets(c.env, o.apiSecretEnc), config: o.apiConfig ?? {} }));
    const raw = r.rawResponse === null ? null : redact(r.rawResponse, secrets);
    const run: SyncRunDetail = {
      ...runSummary(r),
      error: r.error === null ? null : redact(r.error, secrets),
      rawResponse: raw === null ? null : raw.slice(0, RAW_DETAIL_LIMIT),
      rawTruncated: raw !== null && raw.length > RAW_DETAIL_LIMIT,
    };
    return c.json({ run });
  })
  .get("/:id/changes", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const limit = clampInt(c.req.query("limit"), 1, 500, 100);
    const kinds = (c.req.query("kind") ?? "inserted,changed,removed")
      .split(",")
      .filter((k): k is "inserted" | "changed" | "removed" => k === "inserted" || k === "changed" || k === "removed");
    if (kinds.length === 0) throw fieldError("kind", "must list inserted, changed and/or removed");
    const where = [eq(revenueChanges.offerId, o.id), eq(revenueChanges.workspaceId, ws), inArray(revenueChanges.kind, kinds)];
    const run = c.req.query("run");
    if (run) where.push(eq(revenueChanges.syncRunId, run));
    const rows = await db
      .select()
      .from(revenueChanges)
      .where(and(...where))
      .orderBy(desc(revenueChanges.createdAt), desc(revenueChanges.id))
      .limit(limit);
    return c.json({ changes: rows.map(toChangeLogEntry) });
  })
  .post("/:id/resync", async (c) => {
    const s = c.get("session");
    canEdit(s.role);
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, s.workspaceId, c.req.param("id"));
    const parsed = resyncSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "re-sync range");
    const { from, to } = parsed.data;
    const today = localDate(Date.now(), o.platformTimezone);
    if (to > today)
      throw new AppError(
        400,
        "invalid_input",
        `Invalid re-sync range: to: must not be after today (${today} in ${o.platformTimezone}, the platform's timezone)`,
        {
          fields: [{ field: "to", message: `must not be after today (${today} in ${o.platformTimezone})` }],
        },
      );
    if (!connectorFor(o.platform)) throw new AppError(409, "no_connector", `CasinoFlux cannot pull ${o.platform} reports yet`);
    const setup = apiSetupState(o, await decryptSecrets(c.env, o.apiSecretEnc));
    if (!setup.complete)
      throw new AppError(409, "setup_incomplete", "Finish the offer's API Setup before re-syncing", { missing: setup.missing });
    const handle: ResyncHandle = { requestId: `rq_${ulid()}`, offerId: o.id, from, to, enqueuedAt: Date.now() };
    const msg: SyncMessage = { offerId: o.id, workspaceId: s.workspaceId, trigger: "manual", from, to, requestId: handle.requestId };
    await c.env.SYNC_QUEUE.send(msg);
    return c.json({ handle }, 202);
  })
  .get("/:id/resync/:requestId", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const requestId = c.req.param("requestId");
    const rows = await db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.offerId, o.id), eq(syncRuns.workspaceId, ws), eq(syncRuns.requestId, requestId)))
      .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id));
    const latest = rows[0];
    const progress: ResyncProgress = {
      requestId,
      status: latest ? latest.status : "queued",
      windowsTotal: latest?.windowsTotal ?? 0,
      windowsDone: latest?.windowsDone ?? 0,
      attempts: rows.length,
      run: latest ? runSummary(latest) : null,
    };
    return c.json({ progress });
  });

/** Config is not secret, but a secret pasted into it by mistake is still never echoed. */
function redactJson(v: Record<string, unknown>, hide: string[]): Record<string, unknown> {
  const text = JSON.stringify(v);
  const clean = redact(text, hide);
  if (clean === text) return v;
  try {
    return JSON.parse(clean) as Record<string, unknown>;
  } catch {
    return { redacted: true };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function clampInt(v: string | undefined, min: number, max: number, dflt: number): number {
  const n = Number(v);
  return v && Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : dflt;
}
