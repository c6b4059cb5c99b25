/** Response shapes of the reporting API, shared by the Worker (which satisfies them) and the dashboard. */
import type { ClickFlag } from "./click-flags";
import type { DayState, DayStatus } from "./day-state";
import type { MetricColumns } from "./metric-columns";
import type { TagSummary } from "./revenue-tags";
import type { SettleOverride, SettleSettings } from "./settle";

export type { DayState, DayStatus };

import type { PostbackEventType, PostbackOutcome } from "./postback-events";

export interface MoneyAmount {
  micros: number;
  currency: string;
}

export interface OverviewDay {
  day: string;
  clicks: number;
  uniqueClicks: number;
  registrations: number;
  ftds: number;
  qualified: number;
  deposits: number;
  /** Commission in the reporting currency; null when the revenue layer has no row for the day. */
  revenueMicros: number | null;
  platformRegistrations: number | null;
  platformFtds: number | null;
  /** The day's state for the revenue layer: the least final over the site's syncing offers and figures. */
  dayState: DayState;
  /** State of the platform-reported counts (platformRegistrations, platformFtds): the "activity" family. */
  countsState: DayState;
  /** State of the revenue figure (commission, NGR): the "earnings" family. */
  earningsState: DayState;
  /** Why the day is not settled yet, per offer; null once settled. */
  stateNote: string | null;
  /** dayState === "settled" (kept for older clients). */
  revenueComplete: boolean;
}

/** "not_set_up": the offer has no API Setup yet, so nothing is pulled (not a failure). */
export const FRESHNESS_STATES = ["ok", "late", "failing", "never_synced", "no_connector", "not_set_up"] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

export interface OfferFreshness {
  offerId: string;
  offerName: string;
  platform: string;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  /** Last settled platform day (the end of the run of settled days from the first pulled day). */
  completeThrough: string | null;
  cadenceHours: number;
  state: FreshnessState;
  lastError: string | null;
}

/** One entry of a Site Overview top list (offers, campaigns, sources), ranked by commission then FTDs. */
export interface OverviewTopItem {
  id: string;
  name: string;
  clicks: number;
  ftds: number;
  /** Operator FTDs; null = not reported. */
  platformFtds: number | null;
  /** Commission in the reporting currency; null = not reported (or no FX rate: see missingFx). */
  commissionMicros: number | null;
  missingFx: string[];
}

/** The headline figures of a range (the overview's totals, and the compare range's). */
export interface OverviewCompareTotals {
  clicks: number;
  uniqueClicks: number;
  registrations: number;
  ftds: number;
  qualified: number;
  deposits: number;
  revenueMicros: number | null;
  platformRegistrations: number | null;
  platformFtds: number | null;
  epcMicros: number | null;
}

/**
 * Revenue no click id or tag route placed on a site, under the same filters as the total beside it.
 * All sites: part of the total (`inTotal`); one site: outside it (it may be this site's or another's).
 * Site Overview and Site Report answer it the same way (docs/decisions.md, "Unassigned revenue in totals").
 */
export interface UnassignedPart {
  inTotal: boolean;
  /** Commission in the reporting currency; null = none reported, or a rate is missing (missingFx). */
  commissionMicros: number | null;
  missingFx: string[];
}

export interface SiteOverviewResponse {
  /** The site; null when the overview covers all sites of the workspace (`scope.allSites`). */
  site: { id: string; name: string; timezone: string; market: string } | null;
  scope: { allSites: boolean; sites: { id: string; name: string }[] };
  /** Days are the member's reporting timezone's (session timezone). */
  range: { from: string; to: string; timezone: string };
  /** The compare mode and range asked for (shared/site-report.ts COMPARE_MODES); null = none. */
  compare: { mode: "previous" | "last_year"; from: string; to: string; totals: OverviewCompareTotals } | null;
  /** Tracked figures are on reporting-timezone days, revenue rows on the platform's own day (never shifted). */
  dayBasis: { tracked: string; operator: string; mixed: boolean };
  /** Top 10 of each, over the range. */
  top: { offers: OverviewTopItem[]; campaigns: OverviewTopItem[]; sources: OverviewTopItem[] };
  reportingCurrency: string;
  totals: {
    clicks: number;
    uniqueClicks: number;
    registrations: number;
    ftds: number;
    qualified: number;
    deposits: { count: number; amounts: MoneyAmount[] };
    /** micros is null when no day of the scope has a revenue row with a commission ("not reported", never 0). */
    revenue: {
      micros: number | null;
      currency: string;
      byCurrency: MoneyAmount[];
      missingFx: { day: string; currency: string }[];
      /** Revenue not placed on a site: part of `micros` for all sites, outside it for one site. */
      unassigned: UnassignedPart;
    };
    /** Earnings per click in reporting-currency micros; null without clicks or without revenue. */
    epcMicros: number | null;
    /** Null when no operator report in the range carries the figure ("not reported", never 0). */
    platformRegistrations: number | null;
    platformFtds: number | null;
    /** The totals are as final as their least final day. */
    countsState: DayState;
    earningsState: DayState;
  };
  series: OverviewDay[];
  freshness: {
    realtime: { asOf: number; note: string };
    revenue: {
      /** The last day settled for every syncing offer of the site. */
      completeThrough: string | null;
      lastSyncAt: number | null;
      /** Days not settled (provisional or not yet reported). */
      incompleteDays: string[];
      notReportedDays: string[];
      provisionalDays: string[];
      offers: OfferFreshness[];
      /**
       * Revenue that no click id or tag route places on a site, per offer and currency: of the site's offers
       * (one site) or of every offer (all sites). `rows` revenue rows in `tags` distinct tags (null: the offer
       * is on no site, so no route can place them until it is); `fixPath` is the dashboard page that fixes it
       * (the offer's "Where revenue goes", or the offer itself to add it to a site).
       */
      unassigned: {
        offerId: string;
        offerName: string;
        tags: number | null;
        rows: number;
        commission: MoneyAmount | null;
        fixPath: string;
      }[];
    };
  };
}

export interface SiteSummary {
  id: string;
  name: string;
  domains: string[];
  market: string;
  timezone: string;
  publicKey: string;
  campaigns: { id: string; name: string }[];
  locale: string;
  hubCode: string;
  offerIds: string[];
  /** Flagged-click reasons this site counts anyway (GET/PUT /api/sites/:id/click-flags). */
  countedFlags: ClickFlag[];
  /** Epoch ms when archived; archived sites are listed only with ?archived=1. */
  archivedAt: number | null;
}

export interface LiveCounter {
  campaignId: string;
  offerId: string;
  metric: string;
  currency: string;
  value: number;
}

export interface LiveSnapshot {
  day: string;
  counters: LiveCounter[];
  realtime: { visitors: number; pages: { path: string; visitors: number }[]; sources: { source: string; visitors: number }[] };
}

export interface PostbackLogEntry {
  id: string;
  receivedAt: number;
  siteId: string | null;
  siteName: string | null;
  offerId: string | null;
  offerName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  clickId: string | null;
  eventType: string | null;
  /** The event name as sent; on an `unmapped` entry, the name to map. */
  eventName: string | null;
  outcome: PostbackOutcome;
  reason: string | null;
  conversionId: string | null;
  /** The amount of the conversion this entry created or names (its currency beside), as stored; null without one. */
  amountMicros: number | null;
  currency: string | null;
  method: string;
  rawQuery: string;
  rawBody: string | null;
  remoteIp: string | null;
}

export interface SourcePostbackEntry {
  id: string;
  campaignId: string;
  campaignName: string | null;
  conversionId: string;
  eventType: string;
  url: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  updatedAt: number;
}

// ── Offers, API Setup, test connection and sync operations ──────────────────────────────────

export interface ApiSetupState {
  /** Non-secret settings as stored (URL values shown masked). */
  config: Record<string, string | number | boolean | string[] | Record<string, unknown>>;
  /** Which secret fields are set; URL secrets also as a masked URL. Secret values are never returned. */
  secrets: Record<string, { set: true; masked: string | null }>;
  complete: boolean;
  missing: { field: string; message: string }[];
}

export interface OfferDeal {
  type: "cpa" | "revshare" | "hybrid" | "other" | null;
  /** Exact decimal string, e.g. "100.00". */
  cpa: string | null;
  currency: string | null;
  revsharePct: string | null;
  baseline: string | null;
  notes: string | null;
}

export interface CasinoEntryInfo {
  id: string;
  name: string;
  logoUrl: string | null;
  bonusText: string | null;
  paymentMethods: string[];
  markets: string[];
}

export interface OfferSummary {
  id: string;
  name: string;
  platform: string;
  brand: string;
  merchant: string | null;
  channel: string | null;
  campaignTag: string | null;
  trackingUrl: string;
  /** Override of the platform's click-id parameter (null = preset). */
  clickParam: string | null;
  effectiveClickParam: string;
  postbackEvents: string[];
  /** The offer's postback path key (/pb/<key>), for the ready-to-paste postback URLs. Not an API credential. */
  postbackKey: string;
  /** Until when the key before the last rotation is still accepted (epoch ms); null: no old key works. */
  previousKeyExpiresAt: number | null;
  platformTimezone: string;
  accountCurrency: string | null;
  syncEnabled: boolean;
  siteIds: string[];
  apiSetupComplete: boolean;
  hasConnector: boolean;
  freshness: OfferFreshness | null;
  /** The offer's own publishing delay / settle horizons (null = the platform defaults). */
  settleHorizons: SettleOverride;
  /** What applies: the platform defaults with the offer's override laid over them. */
  settleSettings: SettleSettings;
  createdAt: number;
  /** Epoch ms when archived (offer-lifecycle.ts), else null. */
  archivedAt: number | null;
}

export interface OfferDetail extends OfferSummary {
  ipAllowlist: string[];
  deal: OfferDeal;
  casino: CasinoEntryInfo | null;
  apiSetup: ApiSetupState;
  cadenceHours: number;
}

export interface PreviewRow {
  reportDate: string;
  brand: string | null;
  campaign: string | null;
  clickId: string | null;
  country: string | null;
  clicks: number | null;
  registrations: number | null;
  ftds: number | null;
  qualified: number | null;
  depositingPlayers: number | null;
  /** Money as exact decimal strings in `currency`. */
  deposits: string | null;
  ftdAmount: string | null;
  ngr: string | null;
  commission: string | null;
  commissionCpa: string | null;
  commissionRevshare: string | null;
  currency: string;
}

export const TEST_CONNECTION_ERROR_KINDS = [
  "auth",
  "ip_not_allowed",
  "rate_limited",
  "server",
  "timeout",
  "malformed",
  "missing_columns",
  "no_date_params",
  "config",
  "platform_error",
  "no_connector",
  "setup_incomplete",
] as const;
export type TestConnectionErrorKind = (typeof TEST_CONNECTION_ERROR_KINDS)[number];

export interface TestConnectionError {
  kind: TestConnectionErrorKind;
  /** One line for the user, e.g. "The platform refused the credentials". */
  title: string;
  /** The connector's own words (secrets redacted). */
  message: string;
  /** What to do about it. */
  hint: string;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  /** Start of the platform's answer, secrets redacted. */
  raw: string | null;
}

export type TestConnectionResult =
  | {
      ok: true;
      window: { from: string; to: string };
      timezone: string;
      rowCount: number;
      currencies: string[];
      dateRange: { first: string; last: string } | null;
      rows: PreviewRow[];
      totals: { clicks: number; registrations: number; ftds: number; commission: { amount: string; currency: string }[] };
      /** The offer's site tag column, and per tag value found: its rows, totals and where they would go. */
      tagDimension: string;
      tags: TagSummary[];
      /** Which report column fed each metric, and metrics that look wrongly mapped. */
      columns: MetricColumns | null;
      httpStatus: number | null;
      note: string | null;
      durationMs: number;
    }
  | { ok: false; window: { from: string; to: string }; timezone: string; error: TestConnectionError; durationMs: number };

export const SYNC_RUN_STATUSES = ["running", "ok", "failed", "partial"] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export interface SyncRunSummary {
  id: string;
  offerId: string;
  trigger: "cron" | "manual" | "test";
  status: SyncRunStatus;
  startedAt: number;
  finishedAt: number | null;
  windowFrom: string;
  windowTo: string;
  rowsRead: number;
  rowsInserted: number;
  rowsChanged: number;
  rowsRemoved: number;
  httpStatus: number | null;
  error: string | null;
  attempt: number;
  windowsTotal: number;
  windowsDone: number;
  requestId: string | null;
  /** Which report column fed each metric (null = not reported), and suspicious mappings. */
  metricColumns: MetricColumns | null;
}

export interface SyncRunDetail extends SyncRunSummary {
  /** Redacted raw platform response, truncated. */
  rawResponse: string | null;
  rawTruncated: boolean;
}

export interface ChangeLogEntry {
  id: string;
  syncRunId: string;
  reportDate: string;
  kind: "inserted" | "changed" | "removed";
  createdAt: number;
  /** Which row: brand / campaign / click / country, when the platform reports them. */
  scope: string | null;
  /** The change touched a figure that was already settled for its day (shared/day-state.ts). */
  lateRestatement: boolean;
  /** e.g. "FTDs for 2026-11-20 went 12 → 10". */
  sentences: string[];
}

export interface OfferDaysResponse {
  offerId: string;
  /** The platform's timezone: the days are its days. */
  timezone: string;
  settings: SettleSettings;
  completeThrough: string | null;
  days: DayStatus[];
}

export interface ResyncHandle {
  requestId: string;
  offerId: string;
  from: string;
  to: string;
  enqueuedAt: number;
}

export interface ResyncProgress {
  requestId: string;
  /** queued until the queue consumer starts the run. */
  status: "queued" | SyncRunStatus;
  windowsTotal: number;
  windowsDone: number;
  attempts: number;
  run: SyncRunSummary | null;
}

// ── Site Analytics (workers/reports/site-analytics.ts) ──────────────────────────────────────

/** Breakdown dimensions of Site Analytics ("path" = pages, "entry" = entry pages, "offer" = offer clicks by offer). */
export const ANALYTICS_DIMENSIONS = [
  "path",
  "entry",
  "source",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "click_source",
  "country",
  "device",
  "os",
  "browser",
  "offer",
] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

export interface AnalyticsMetrics {
  pageviews: number;
  /** Unique visitors per day, summed over the days of the range (the visitor hash changes daily). */
  visitors: number;
  visits: number;
  bounces: number;
  /** bounces ÷ visits (0..1); null without visits. */
  bounceRate: number | null;
  /** Visible time on the pages, summed. */
  engagedMs: number;
  /** Time on site: engaged time ÷ visits; null without visits. */
  visitDurationMs: number | null;
  /** Time on page: engaged time ÷ pageviews; null without pageviews. */
  timeOnPageMs: number | null;
  /** pageviews ÷ visits; null without visits. */
  pagesPerVisit: number | null;
  offerClicks: number;
  /** Visits with at least one offer click. */
  clickVisits: number;
  /** Click-through rate: offer clicks ÷ pageviews; null without pageviews. */
  ctr: number | null;
  /** Share of visits that clicked an offer: clickVisits ÷ visits; null without visits. */
  visitCtr: number | null;
}

export interface AnalyticsRow extends AnalyticsMetrics {
  value: string;
  /** Display name (offer name for "offer", "(direct)" etc. as stored otherwise). */
  label: string;
  /** The same row in the previous period, when comparing (zeros when it had none). */
  previous: AnalyticsMetrics | null;
}

export interface AnalyticsPoint {
  /** Start of the bucket (epoch ms): a local hour or a local day in the site's timezone. */
  t: number;
  /** "YYYY-MM-DD" or "YYYY-MM-DD HH:00" in the site's timezone. */
  label: string;
  pageviews: number;
  visitors: number;
  visits: number;
  offerClicks: number;
}

export interface RealtimeVisitors {
  /** Visitors active in the last 5 minutes. */
  visitors: number;
  pages: { path: string; visitors: number }[];
  sources: { source: string; visitors: number }[];
}

export interface SiteAnalyticsResponse {
  site: { id: string; name: string; timezone: string; domains: string[]; publicKey: string };
  range: { from: string; to: string; timezone: string };
  /** The period of the same length just before `range`, when comparing. */
  previousRange: { from: string; to: string } | null;
  granularity: "hour" | "day";
  totals: AnalyticsMetrics;
  previousTotals: AnalyticsMetrics | null;
  series: AnalyticsPoint[];
  /** Aligned with `series` by index. */
  previousSeries: AnalyticsPoint[] | null;
  breakdowns: Record<AnalyticsDimension, AnalyticsRow[]>;
  realtime: RealtimeVisitors;
  freshness: { asOf: number; note: string };
}

export interface AnalyticsBreakdownResponse {
  dim: AnalyticsDimension;
  range: { from: string; to: string; timezone: string };
  rows: AnalyticsRow[];
}

/** An event name an offer's postbacks used that the offer does not map. */
export interface UnmappedEvent {
  /** The name key mappings use (lower case, spaces and hyphens as underscores). */
  name: string;
  /** As the platform last sent it. */
  sentAs: string;
  count: number;
  lastSeenAt: number;
}

/** GET /api/offers/:id/events — the offer's postback event mapping. */
export interface OfferEventsView {
  offerId: string;
  platform: string;
  /** Names understood without a mapping: the built-in tracker names and the platform preset's. */
  defaults: { name: string; type: PostbackEventType; source: "builtin" | "platform" }[];
  /** The offer's own mapping (wins over the defaults). */
  mappings: { name: string; type: PostbackEventType }[];
  unmapped: UnmappedEvent[];
}

/** PUT /api/offers/:id/events and POST /api/offers/:id/events/map. */
export interface OfferEventsSaved extends OfferEventsView {
  /** Postbacks kept as unmapped that were re-applied (each once) because their name is now mapped. */
  reapplied: number;
}
