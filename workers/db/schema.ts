/**
 * D1 schema: the one typed place where storage columns are named.
 * Every table carries workspace_id and every query filters on it.
 * Money columns are integer micros with a currency column beside them.
 * Instants are epoch milliseconds (UTC); calendar days are YYYY-MM-DD text in the zone named
 * on the row or its parent (site timezone, platform timezone).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ClickFlag } from "../../shared/click-flags";
import type { MetricColumns } from "../../shared/metric-columns";
import { PLATFORM_IDS, type PlatformId } from "../../shared/platforms";
import { type EventMap, POSTBACK_EVENT_TYPES, POSTBACK_OUTCOMES } from "../../shared/postback-events";
import { API_KEY_SCOPES, ROLES } from "../../shared/roles";
import type { SettleOverride } from "../../shared/settle";

const ws = () => text("workspace_id").notNull();
const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch() * 1000)`);

/** A workspace: better-auth's "organization" (its plugin keeps members, invitations and the active one per session). */
export const workspaces = sqliteTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Set for workspaces created through sign-up; null for ones made by the seed or tests. */
    slug: text("slug"),
    logo: text("logo"),
    metadata: text("metadata"),
    reportingCurrency: text("reporting_currency").notNull().default("EUR"),
    reportingTimezone: text("reporting_timezone").notNull().default("UTC"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex("workspaces_slug_uq").on(t.slug)],
);

const stamp = (name: string) => integer(name, { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`);

/** better-auth tables (names and fields as its drizzle adapter expects; see workers/auth/auth.ts). */
export const users = sqliteTable("auth_user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  /** Per-user override of the workspace's reporting timezone (null = use the workspace's). */
  timezone: text("timezone"),
  createdAt: stamp("created_at"),
  updatedAt: stamp("updated_at"),
});

export const sessions = sqliteTable(
  "auth_session",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("user_id").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    /** The workspace this session is working in. */
    activeOrganizationId: text("active_workspace_id"),
    createdAt: stamp("created_at"),
    updatedAt: stamp("updated_at"),
  },
  (t) => [index("auth_session_user_idx").on(t.userId)],
);

export const accounts = sqliteTable(
  "auth_account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: integer("access_token_expires_at", { mode: "timestamp_ms" }),
    refreshTokenExpiresAt: integer("refresh_token_expires_at", { mode: "timestamp_ms" }),
    scope: text("scope"),
    /** Password hash (scrypt, or legacy PBKDF2 for accounts created before better-auth). */
    password: text("password"),
    createdAt: stamp("created_at"),
    updatedAt: stamp("updated_at"),
  },
  (t) => [index("auth_account_user_idx").on(t.userId)],
);

export const verifications = sqliteTable(
  "auth_verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: stamp("created_at"),
    updatedAt: stamp("updated_at"),
  },
  (t) => [index("auth_verification_identifier_idx").on(t.identifier)],
);

export type { Role } from "../../shared/roles";

export const members = sqliteTable(
  "workspace_members",
  {
    id: text("id").primaryKey(),
    organizationId: text("workspace_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** Hides revenue, NGR, commission, EPC, cost and ROI from this member everywhere. */
    hideFinancials: integer("hide_financials", { mode: "boolean" }).notNull().default(false),
    createdAt: stamp("created_at"),
  },
  (t) => [uniqueIndex("workspace_members_uq").on(t.organizationId, t.userId), index("workspace_members_user_idx").on(t.userId)],
);

export const invitations = sqliteTable(
  "workspace_invitations",
  {
    /** Unguessable: the invite link carries it. */
    id: text("id").primaryKey(),
    organizationId: text("workspace_id").notNull(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    hideFinancials: integer("hide_financials", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["pending", "accepted", "rejected", "canceled"] })
      .notNull()
      .default("pending"),
    inviterId: text("inviter_id").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: stamp("created_at"),
  },
  (t) => [index("workspace_invitations_ws_idx").on(t.organizationId)],
);

/** Failed sign-ins per account and per IP in fixed windows (login throttling). */
export const authThrottle = sqliteTable("auth_throttle", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  failures: integer("failures").notNull(),
});

/** Mail sent while no real mailer is configured (local development and tests): the dashboard's dev outbox. */
export const devOutbox = sqliteTable("dev_outbox", {
  id: text("id").primaryKey(),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  sentAt: integer("sent_at").notNull(),
});

export const sites = sqliteTable(
  "sites",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    name: text("name").notNull(),
    /** JSON array of hostnames the snippet may report from. */
    domains: text("domains", { mode: "json" }).$type<string[]>().notNull(),
    market: text("market").notNull(),
    locale: text("locale").notNull().default("en"),
    timezone: text("timezone").notNull(),
    /** Public key used in the snippet's data-site attribute. */
    publicKey: text("public_key").notNull(),
    /** 6-char code prefixed to every click id so a postback finds its site's Durable Object. */
    hubCode: text("hub_code").notNull(),
    /** Set when archived: hidden from lists, no longer collects analytics; links, postbacks and data are kept. */
    archivedAt: integer("archived_at"),
    /** Click flags (shared/click-flags.ts) this site counts anyway, e.g. ["preview"]; decided when reports are read. */
    countedFlags: text("counted_flags", { mode: "json" }).$type<ClickFlag[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sites_public_key_uq").on(t.publicKey),
    uniqueIndex("sites_hub_code_uq").on(t.hubCode),
    index("sites_ws_idx").on(t.workspaceId),
  ],
);

/** Platform ids are declared once, in shared/platforms.ts. */
export const PLATFORMS = PLATFORM_IDS;
export type Platform = PlatformId;

export const offers = sqliteTable(
  "offers",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    name: text("name").notNull(),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    brand: text("brand").notNull(),
    merchant: text("merchant"),
    channel: text("channel"),
    /** Campaign / marketing-source tag on the operator account this deal is tagged with. */
    campaignTag: text("campaign_tag"),
    /** Operator-given tracking link; the click id is added in `clickParam`. */
    trackingUrl: text("tracking_url").notNull(),
    /** Override of the platform preset's click-id parameter. */
    clickParam: text("click_param"),
    postbackEvents: text("postback_events", { mode: "json" }).$type<string[]>().notNull(),
    /** The user's postback event mapping (incoming name key → event type), over the platform preset's names. */
    eventMap: text("event_map", { mode: "json" }).$type<EventMap>(),
    /** Secret path key for /pb/<key> at offer level. */
    postbackKey: text("postback_key").notNull(),
    /** The key before the last rotation: still accepted until previousKeyExpiresAt (epoch ms), then unknown. */
    previousPostbackKey: text("previous_postback_key"),
    previousKeyExpiresAt: integer("previous_key_expires_at"),
    ipAllowlist: text("ip_allowlist", { mode: "json" }).$type<string[]>(),
    /** Deal notes: reference only, never used to compute earnings. */
    dealType: text("deal_type", { enum: ["cpa", "revshare", "hybrid", "other"] }),
    dealCpaMicros: integer("deal_cpa_micros"),
    dealCurrency: text("deal_currency"),
    dealRevsharePct: text("deal_revshare_pct"),
    dealBaseline: text("deal_baseline"),
    dealNotes: text("deal_notes"),
    /** Non-secret API setup (base URL with secrets removed, ids, options). */
    apiConfig: text("api_config", { mode: "json" }).$type<Record<string, unknown>>(),
    /** AES-GCM ciphertext (base64) of the secret parts of the API setup. */
    apiSecretEnc: text("api_secret_enc"),
    platformTimezone: text("platform_timezone").notNull().default("UTC"),
    accountCurrency: text("account_currency"),
    syncEnabled: integer("sync_enabled", { mode: "boolean" }).notNull().default(true),
    /** Per-offer publishing delay and settle horizons over the platform defaults (shared/settle.ts); null = defaults. */
    settleHorizons: text("settle_horizons", { mode: "json" }).$type<SettleOverride>(),
    /** Set when archived (sync is switched off with it); postbacks and links keep working, data is kept. */
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("offers_postback_key_uq").on(t.postbackKey), index("offers_ws_idx").on(t.workspaceId)],
);

export const casinoEntries = sqliteTable(
  "casino_entries",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    offerId: text("offer_id").notNull(),
    name: text("name").notNull(),
    logoUrl: text("logo_url"),
    bonusText: text("bonus_text"),
    paymentMethods: text("payment_methods", { mode: "json" }).$type<string[]>().notNull(),
    markets: text("markets", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("casino_entries_offer_uq").on(t.offerId)],
);

export const siteOffers = sqliteTable(
  "site_offers",
  {
    workspaceId: ws(),
    siteId: text("site_id").notNull(),
    offerId: text("offer_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.offerId] }), index("site_offers_offer_idx").on(t.offerId)],
);

export const trafficSources = sqliteTable("traffic_sources", {
  id: text("id").primaryKey(),
  workspaceId: ws(),
  name: text("name").notNull(),
  /** URL template with macros such as {click_id} {event} {payout} {currency}. */
  postbackUrlTemplate: text("postback_url_template"),
  /** Query parameter on incoming clicks that carries the traffic source's own click id. */
  clickIdParam: text("click_id_param"),
  /** ad_network | media_buyer | seo | social | email (shared/traffic-sources.ts). */
  type: text("type").notNull().default("ad_network"),
  /** cpc | cpm | cpa | revshare | daily, or null (no cost tracked). Stored for ROI; nothing computes with it yet. */
  costModel: text("cost_model"),
  /** Amount per click / thousand impressions / acquisition / day, in micros of costCurrency. */
  costAmountMicros: integer("cost_amount_micros"),
  costCurrency: text("cost_currency"),
  /** Rev-share cost model: the source's share of revenue in percent, as an exact decimal string. */
  costRevsharePct: text("cost_revshare_pct"),
  archivedAt: integer("archived_at"),
  createdAt: createdAt(),
});

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    siteId: text("site_id").notNull(),
    trafficSourceId: text("traffic_source_id"),
    name: text("name").notNull(),
    postbackKey: text("postback_key").notNull(),
    /** The key before the last rotation: still accepted until previousKeyExpiresAt (epoch ms), then unknown. */
    previousPostbackKey: text("previous_postback_key"),
    previousKeyExpiresAt: integer("previous_key_expires_at"),
    status: text("status", { enum: ["active", "paused", "archived"] })
      .notNull()
      .default("active"),
    /** Incoming sub-id / UTM parameters passed on to the operator by every link of the campaign (on top of each link's own). */
    forwardParams: text("forward_params", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("campaigns_postback_key_uq").on(t.postbackKey), index("campaigns_site_idx").on(t.siteId)],
);

export const campaignOffers = sqliteTable(
  "campaign_offers",
  {
    workspaceId: ws(),
    campaignId: text("campaign_id").notNull(),
    offerId: text("offer_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.offerId] })],
);

export const trackingLinks = sqliteTable(
  "tracking_links",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    siteId: text("site_id").notNull(),
    campaignId: text("campaign_id"),
    offerId: text("offer_id").notNull(),
    slug: text("slug").notNull(),
    clickParamOverride: text("click_param_override"),
    /** Incoming parameter names forwarded to the operator link (e.g. ["sub1","utm_source"]). */
    forwardParams: text("forward_params", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tracking_links_slug_uq").on(t.slug), index("tracking_links_site_idx").on(t.siteId)],
);

export const clicks = sqliteTable(
  "clicks",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    siteId: text("site_id").notNull(),
    linkId: text("link_id").notNull(),
    campaignId: text("campaign_id"),
    offerId: text("offer_id").notNull(),
    ts: integer("ts").notNull(),
    /** Local date in the site's timezone. */
    day: text("day").notNull(),
    visitorHash: text("visitor_hash").notNull(),
    isUnique: integer("is_unique", { mode: "boolean" }).notNull(),
    /** null = counted click; otherwise why it is not counted (bot, preview, head). */
    flag: text("flag"),
    country: text("country"),
    subIds: text("sub_ids", { mode: "json" }).$type<Record<string, string>>().notNull(),
    placement: text("placement"),
    referrer: text("referrer"),
  },
  (t) => [index("clicks_site_day_idx").on(t.siteId, t.day)],
);

export const EVENT_TYPES = POSTBACK_EVENT_TYPES;
export type EventType = (typeof EVENT_TYPES)[number];
export const OUTCOMES = POSTBACK_OUTCOMES;
export type Outcome = (typeof OUTCOMES)[number];

/** One row per postback request received (the live conversion log), including duplicates and rejects. */
export const postbacks = sqliteTable(
  "postbacks",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    siteId: text("site_id"),
    offerId: text("offer_id"),
    campaignId: text("campaign_id"),
    clickId: text("click_id"),
    eventType: text("event_type"),
    /** The event name as the platform sent it (unmapped ones are offered for mapping). */
    eventName: text("event_name"),
    outcome: text("outcome", { enum: OUTCOMES }).notNull(),
    reason: text("reason"),
    conversionId: text("conversion_id"),
    receivedAt: integer("received_at").notNull(),
    day: text("day").notNull(),
    method: text("method").notNull(),
    rawQuery: text("raw_query").notNull(),
    rawBody: text("raw_body"),
    remoteIp: text("remote_ip"),
  },
  (t) => [index("postbacks_ws_received_idx").on(t.workspaceId, t.receivedAt)],
);

/** A counted conversion; a status change updates it in place. */
export const conversions = sqliteTable(
  "conversions",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    siteId: text("site_id"),
    offerId: text("offer_id"),
    campaignId: text("campaign_id"),
    clickId: text("click_id"),
    attributed: integer("attributed", { mode: "boolean" }).notNull(),
    eventType: text("event_type", { enum: EVENT_TYPES }).notNull(),
    status: text("status", { enum: ["pending", "approved", "rejected", "chargeback"] }).notNull(),
    amountMicros: integer("amount_micros"),
    currency: text("currency"),
    playerId: text("player_id"),
    txid: text("txid"),
    dedupeKey: text("dedupe_key").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    day: text("day").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("conversions_dedupe_uq").on(t.workspaceId, t.dedupeKey), index("conversions_site_day_idx").on(t.siteId, t.day)],
);

/**
 * Hourly analytics rollups per site and dimension (dim "total" holds site totals; see
 * docs/analytics.md for the dimensions). Aggregates only: raw beacons are never stored in D1.
 */
export const analyticsHourly = sqliteTable(
  "analytics_hourly",
  {
    workspaceId: ws(),
    siteId: text("site_id").notNull(),
    /** Start of the hour in the site's timezone, as epoch ms (= the UTC hour for whole-hour offsets). */
    hour: integer("hour").notNull(),
    dim: text("dim").notNull(),
    value: text("value").notNull(),
    pageviews: integer("pageviews").notNull().default(0),
    visitors: integer("visitors").notNull().default(0),
    visits: integer("visits").notNull().default(0),
    bounces: integer("bounces").notNull().default(0),
    engagedMs: integer("engaged_ms").notNull().default(0),
    offerClicks: integer("offer_clicks").notNull().default(0),
    /** Visits with at least one offer click (counted in the visit's first hour, like `visits`). */
    clickVisits: integer("click_visits").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.hour, t.dim, t.value] }),
    // Breakdown reads (one dimension over a range) without scanning every other dimension.
    index("analytics_hourly_dim_idx").on(t.siteId, t.dim, t.hour),
  ],
);

/** Canonical revenue record (platforms.md §16.1), one row per natural key, restatable. */
export const revenueRows = sqliteTable(
  "revenue_rows",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    offerId: text("offer_id").notNull(),
    siteId: text("site_id"),
    campaignId: text("campaign_id"),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    naturalKey: text("natural_key").notNull(),
    reportDate: text("report_date").notNull(),
    reportTz: text("report_tz").notNull(),
    dateBasis: text("date_basis", { enum: ["activity", "registration_cohort", "ftd_cohort", "commission_created"] })
      .notNull()
      .default("activity"),
    granularity: text("granularity", { enum: ["day", "month", "period_invoice", "lifetime"] })
      .notNull()
      .default("day"),
    brandExtId: text("brand_ext_id"),
    brandNameRaw: text("brand_name_raw"),
    campaignExtId: text("campaign_ext_id"),
    campaignNameRaw: text("campaign_name_raw"),
    trackingCode: text("tracking_code"),
    subIds: text("sub_ids", { mode: "json" }).$type<Record<string, string>>().notNull(),
    clickId: text("click_id"),
    /** The row's tag on the offer's tag dimension (shared/revenue-tags.ts); value null = none (direct). */
    tagDimension: text("tag_dimension"),
    tagValue: text("tag_value"),
    /** How site_id was decided: by click id, by a tag route, or not at all (unassigned, site_id null). */
    placement: text("placement", { enum: ["click", "tag", "unassigned"] })
      .notNull()
      .default("unassigned"),
    country: text("country"),
    impressions: integer("impressions"),
    clicks: integer("clicks"),
    registrations: integer("registrations"),
    ftdCount: integer("ftd_count"),
    qftdCount: integer("qftd_count"),
    depositingPlayers: integer("depositing_players"),
    depositCount: integer("deposit_count"),
    depositsMicros: integer("deposits_micros"),
    ftdAmountMicros: integer("ftd_amount_micros"),
    ngrMicros: integer("ngr_micros"),
    commissionRevshareMicros: integer("commission_revshare_micros"),
    commissionCpaMicros: integer("commission_cpa_micros"),
    commissionOtherMicros: integer("commission_other_micros"),
    commissionTotalMicros: integer("commission_total_micros"),
    currency: text("currency").notNull(),
    currencyOrigin: text("currency_origin", { enum: ["api_field", "platform_converted", "account_default"] }).notNull(),
    metricSemantics: text("metric_semantics", { mode: "json" }).$type<Record<string, string>>(),
    /** Commission converted to the workspace's reporting currency at the row's date, with the rate used (null = no rate: flagged, never 0). */
    reportingCurrency: text("reporting_currency"),
    commissionReportingMicros: integer("commission_reporting_micros"),
    fxRate: text("fx_rate"),
    fxRateDate: text("fx_rate_date"),
    rowHash: text("row_hash").notNull(),
    revision: integer("revision").notNull().default(1),
    /** 'active' or 'removed' (vanished from a later pull of its window). */
    state: text("state", { enum: ["active", "removed"] })
      .notNull()
      .default("active"),
    syncRunId: text("sync_run_id").notNull(),
    fetchedAt: integer("fetched_at").notNull(),
    raw: text("raw", { mode: "json" }).$type<unknown>(),
  },
  (t) => [
    uniqueIndex("revenue_rows_key_uq").on(t.offerId, t.naturalKey),
    index("revenue_rows_ws_date_idx").on(t.workspaceId, t.reportDate),
    // Site Overview's unassigned revenue (site_id IS NULL) over a range without scanning every row of it.
    index("revenue_rows_ws_site_date_idx").on(t.workspaceId, t.siteId, t.reportDate),
    // The same read scoped to the site's offers: unassigned rows of offers outside the scope (a
    // workspace's other programs) are not walked (55 → 2 ms with 100k such rows in a year).
    index("revenue_rows_ws_offer_site_date_idx").on(t.workspaceId, t.offerId, t.siteId, t.reportDate),
    index("revenue_rows_offer_tag_idx").on(t.offerId, t.tagDimension, t.tagValue),
  ],
);

/** An offer's tag routes: rows whose tag (dimension, value) matches go to this site (and campaign). */
export const tagRoutes = sqliteTable(
  "tag_routes",
  {
    workspaceId: ws(),
    offerId: text("offer_id").notNull(),
    dimension: text("dimension").notNull(),
    value: text("value").notNull(),
    siteId: text("site_id").notNull(),
    campaignId: text("campaign_id"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.dimension, t.value] })],
);

/** What changed on each re-pull: "FTDs for 2026-11-20 went 12 → 10". */
export const revenueChanges = sqliteTable(
  "revenue_changes",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    offerId: text("offer_id").notNull(),
    syncRunId: text("sync_run_id").notNull(),
    naturalKey: text("natural_key").notNull(),
    reportDate: text("report_date").notNull(),
    kind: text("kind", { enum: ["inserted", "changed", "removed"] }).notNull(),
    /** JSON map field → [old, new]. */
    diff: text("diff", { mode: "json" }).$type<Record<string, [unknown, unknown]>>().notNull(),
    /** The change touched a metric family that was already settled for the day when the pull saw it. */
    lateRestatement: integer("late_restatement", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("revenue_changes_offer_idx").on(t.offerId, t.reportDate)],
);

export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    offerId: text("offer_id").notNull(),
    trigger: text("trigger", { enum: ["cron", "manual", "test"] }).notNull(),
    status: text("status", { enum: ["running", "ok", "failed", "partial"] }).notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    windowFrom: text("window_from").notNull(),
    windowTo: text("window_to").notNull(),
    rowsRead: integer("rows_read").notNull().default(0),
    rowsInserted: integer("rows_inserted").notNull().default(0),
    rowsChanged: integer("rows_changed").notNull().default(0),
    rowsRemoved: integer("rows_removed").notNull().default(0),
    httpStatus: integer("http_status"),
    error: text("error"),
    /** Redacted, truncated raw response for traceability (pruned after the retention period). */
    rawResponse: text("raw_response"),
    attempt: integer("attempt").notNull().default(1),
    /** Progress: windows the range was split into, and how many are stored so far. */
    windowsTotal: integer("windows_total").notNull().default(0),
    windowsDone: integer("windows_done").notNull().default(0),
    /** Handle of the manual re-sync request this run serves (shared by its retries); null for cron runs. */
    requestId: text("request_id"),
    /** Which report column fed each metric, and suspicious mappings (shared/metric-columns.ts). */
    metricColumns: text("metric_columns", { mode: "json" }).$type<MetricColumns>(),
  },
  (t) => [index("sync_runs_offer_idx").on(t.offerId, t.startedAt)],
);

/**
 * Manual re-sync requests as accepted (POST /api/offers/:id/resync), so their progress answers "queued"
 * only for a request that exists: an unknown handle is a 404, not a request waiting forever.
 */
export const resyncRequests = sqliteTable(
  "resync_requests",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    offerId: text("offer_id").notNull(),
    windowFrom: text("window_from").notNull(),
    windowTo: text("window_to").notNull(),
    enqueuedAt: integer("enqueued_at").notNull(),
  },
  (t) => [index("resync_requests_offer_idx").on(t.offerId, t.enqueuedAt)],
);

/**
 * Coverage: when a successful pull last fetched each platform day of an offer (one row per day,
 * written for every stored window, empty ones included). Day states are computed from it.
 */
export const revenueDayPulls = sqliteTable(
  "revenue_day_pulls",
  {
    offerId: text("offer_id").notNull(),
    workspaceId: ws(),
    /** Platform day (platform timezone). */
    day: text("day").notNull(),
    /** When the window holding the day started fetching (epoch ms). */
    lastPulledAt: integer("last_pulled_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.day] })],
);

/** Freshness of each offer's revenue layer. */
export const offerSyncState = sqliteTable("offer_sync_state", {
  offerId: text("offer_id").primaryKey(),
  workspaceId: ws(),
  lastAttemptAt: integer("last_attempt_at"),
  lastSuccessAt: integer("last_success_at"),
  /** No longer written: "complete through" is computed from revenue_day_pulls (workers/reports/day-states.ts). */
  completeThrough: text("complete_through"),
  cadenceHours: integer("cadence_hours").notNull().default(24),
  lastError: text("last_error"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
});

/** Dated FX rates: 1 base = rate quote. */
export const fxRates = sqliteTable(
  "fx_rates",
  {
    date: text("date").notNull(),
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    rate: text("rate").notNull(),
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.base, t.quote] })],
);

/** Idempotency ledger for Durable Object → D1 flushes: a batch applied once is never applied again. */
export const flushLog = sqliteTable(
  "flush_log",
  {
    hubId: text("hub_id").notNull(),
    seq: integer("seq").notNull(),
    appliedAt: integer("applied_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.seq] })],
);

/** Outgoing postbacks to a campaign's traffic source, with delivery status (retried with backoff by the site hub). */
export const sourcePostbacks = sqliteTable(
  "source_postbacks",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    siteId: text("site_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    conversionId: text("conversion_id").notNull(),
    eventType: text("event_type").notNull(),
    /** Target URL after macro substitution. */
    url: text("url").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull(),
    lastHttpStatus: integer("last_http_status"),
    lastError: text("last_error"),
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("source_postbacks_ws_idx").on(t.workspaceId, t.createdAt)],
);

/** Who changed what in a workspace (offers, sites, campaigns, keys, members, settings), newest first. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    /** null for changes made by the system (e.g. an accepted invite before sign-in). */
    userId: text("user_id"),
    userEmail: text("user_email"),
    /** "<entity>.<verb>", e.g. "site.create", "member.role". */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    /** One human line: what changed. */
    summary: text("summary").notNull(),
    /** Changed fields → [old, new]; secrets are never written here. */
    diff: text("diff", { mode: "json" }).$type<Record<string, [unknown, unknown]>>(),
    at: integer("at").notNull(),
  },
  (t) => [index("audit_log_ws_at_idx").on(t.workspaceId, t.at)],
);

/**
 * Workspace API keys: only a SHA-256 hash of the key is stored (the key is shown once, at creation);
 * `prefix` is its first characters, shown in lists to tell keys apart. A key acts as the workspace
 * with its scope (read | read_write); a revoked key stays listed with its revoked time.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: ws(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scope: text("scope", { enum: API_KEY_SCOPES }).notNull(),
    createdBy: text("created_by").notNull(),
    createdByEmail: text("created_by_email"),
    createdAt: createdAt(),
    /** Updated at most once a minute (a bearer request reads it and writes only when older). */
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash), index("api_keys_ws_idx").on(t.workspaceId)],
);

// ── Daily rollups (docs/decisions.md "Daily rollups"): reports read these, not the raw rows. ──
// Entity columns hold "" for "none" (no campaign, unknown country, unassigned) so they can be keys.

/**
 * The reporting timezones a workspace's tracked rollups are kept in. A zone is added (state
 * "building") the first time a report asks for it, rebuilt from raw rows, then "ready"; until then
 * reports in that zone read raw rows. Flushes maintain every zone listed, whatever its state.
 */
export const rollupZones = sqliteTable(
  "rollup_zones",
  {
    workspaceId: ws(),
    tz: text("tz").notNull(),
    state: text("state", { enum: ["building", "ready"] })
      .notNull()
      .default("building"),
    /** The rollup layout the zone was last rebuilt for (ROLLUP_VERSION in workers/rollups/rebuild.ts); older = rebuild before use. */
    version: integer("version").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.tz] })],
);

/**
 * Stored and unique clicks per local day (in `tz`) × site × campaign × offer × market × click flag
 * ("" = clean). Flagged clicks are kept under their reason: reports apply each site's counted flags when read.
 */
export const rollupClicks = sqliteTable(
  "rollup_clicks_daily",
  {
    workspaceId: ws(),
    tz: text("tz").notNull(),
    day: text("day").notNull(),
    siteId: text("site_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    offerId: text("offer_id").notNull(),
    market: text("market").notNull(),
    flag: text("flag").notNull().default(""),
    clicks: integer("clicks").notNull().default(0),
    uniqueClicks: integer("unique_clicks").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.tz, t.day, t.siteId, t.campaignId, t.offerId, t.market, t.flag] })],
);

/** Counted (not rejected, not reversed) attributed conversions per local day × site × campaign × offer × market × event × currency. */
export const rollupConversions = sqliteTable(
  "rollup_conversions_daily",
  {
    workspaceId: ws(),
    tz: text("tz").notNull(),
    day: text("day").notNull(),
    siteId: text("site_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    offerId: text("offer_id").notNull(),
    market: text("market").notNull(),
    eventType: text("event_type").notNull(),
    currency: text("currency").notNull(),
    n: integer("n").notNull().default(0),
    amountMicros: integer("amount_micros").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.tz, t.day, t.siteId, t.campaignId, t.offerId, t.market, t.eventType, t.currency] })],
);

/**
 * Active day-granularity revenue rows per platform day × offer × site ("" = unassigned) × campaign ×
 * market × currency. Each figure has a count of the rows that reported it (`…N`): 0 means "not
 * reported" (null), never 0. Rewritten for the partition on every replace, so restatements stay exact.
 */
export const rollupRevenue = sqliteTable(
  "rollup_revenue_daily",
  {
    workspaceId: ws(),
    day: text("day").notNull(),
    offerId: text("offer_id").notNull(),
    siteId: text("site_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    market: text("market").notNull(),
    currency: text("currency").notNull(),
    rows: integer("rows").notNull(),
    registrations: integer("registrations").notNull(),
    registrationsN: integer("registrations_n").notNull(),
    ftds: integer("ftds").notNull(),
    ftdsN: integer("ftds_n").notNull(),
    qftds: integer("qftds").notNull(),
    qftdsN: integer("qftds_n").notNull(),
    depositsMicros: integer("deposits_micros").notNull(),
    depositsN: integer("deposits_n").notNull(),
    ngrMicros: integer("ngr_micros").notNull(),
    ngrN: integer("ngr_n").notNull(),
    commissionMicros: integer("commission_micros").notNull(),
    commissionN: integer("commission_n").notNull(),
    /** Commission in the reporting currency (converted per row at ingest); N = rows that had a rate. */
    commissionReportingMicros: integer("commission_reporting_micros").notNull(),
    commissionReportingN: integer("commission_reporting_n").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.day, t.offerId, t.siteId, t.campaignId, t.market, t.currency] }),
    index("rollup_revenue_offer_day_idx").on(t.offerId, t.day),
  ],
);
