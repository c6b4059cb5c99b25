/**
 * zod schemas of API answers, for the OpenAPI document and its conformance test. The TypeScript
 * interfaces in report-types.ts / entity-types.ts stay the source the handlers satisfy; the checks at
 * the end (and web/src/api-contract.ts) fail to compile when a schema and its interface drift apart.
 *
 * Each shape is written once below and reused; objects keyed by a vocabulary (metrics, reasons, families)
 * are built from that vocabulary's list in shared/, never listed by hand.
 */
import { z } from "zod";
import { CLICK_FLAGS } from "./click-flags";
import { DAY_STATES } from "./day-state";
import { DISCREPANCY_METRICS, DISCREPANCY_REASONS, DRILL_METRICS, UNCOUNTED_POSTBACK_KINDS } from "./discrepancies";
import { CAMPAIGN_STATUSES } from "./entities";
import type { CampaignView, CasinoEntryView, OnboardingState, SiteDetail, TrafficSourceView } from "./entity-types";
import { ONBOARDING_STEPS } from "./entity-types";
import { PLATFORM_IDS } from "./platforms";
import { POSTBACK_EVENT_TYPES, POSTBACK_OUTCOMES } from "./postback-events";
import {
  ANALYTICS_DIMENSIONS,
  type AnalyticsMetrics,
  FRESHNESS_STATES,
  type LiveSnapshot,
  type PostbackLogEntry,
  type RealtimeVisitors,
  type SiteOverviewResponse,
  type SiteSummary,
  SYNC_RUN_STATUSES,
  TEST_CONNECTION_ERROR_KINDS,
} from "./report-types";
import { PLACEMENTS } from "./revenue-tags";
import { ROLES } from "./roles";
import { METRIC_FAMILIES } from "./settle";
import {
  COMPARE_MODES,
  DATE_PRESETS,
  METRIC_KINDS,
  METRIC_LAYERS,
  REPORT_DIMENSIONS,
  REPORT_METRIC_KEYS,
  REPORT_SORT_KEYS,
  type ReportMetric,
} from "./site-report";
import { COST_MODELS, SOURCE_TYPES } from "./traffic-sources";

/** An object with one key per entry of a vocabulary list, each holding `value` (the keys stay in the type). */
function keyedBy<const K extends string, S extends z.ZodType>(keys: readonly K[], value: S) {
  return z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, S>);
}

// ── Building blocks ──────────────────────────────────────────────────────────────────────────

const nullableInt = z.number().int().nullable();
const nullableNumber = z.number().nullable();
const nullableString = z.string().nullable();
const stringList = z.array(z.string());
const money = z.object({ micros: z.number().int(), currency: z.string() });
/** A decimal amount as the platform wrote it, per currency (never summed across currencies). */
const amountList = z.array(z.object({ amount: z.string(), currency: z.string() }));
const dayState = z.enum(DAY_STATES);
const role = z.enum(ROLES);
const platformId = z.enum(PLATFORM_IDS);
const idName = z.object({ id: z.string(), name: z.string() });
const fromTo = z.object({ from: z.string(), to: z.string() });
const dateRange = fromTo.extend({ timezone: z.string() });
const asOfNote = z.object({ asOf: z.number(), note: z.string() });
/** Audit diffs and revenue revisions: field → [before, after]. */
const jsonDiff = z.record(z.string(), z.tuple([z.json(), z.json()]));
const pageInfo = z.object({ page: z.number(), pageSize: z.number(), totalRows: z.number() });

const freshnessState = z.enum(FRESHNESS_STATES);
const syncRunStatus = z.enum(SYNC_RUN_STATUSES);
const testConnectionErrorKind = z.enum(TEST_CONNECTION_ERROR_KINDS);
const metricLayer = z.enum(METRIC_LAYERS);
const metricKind = z.enum(METRIC_KINDS);
const reportMetric = z.enum(REPORT_METRIC_KEYS as [ReportMetric, ...ReportMetric[]]);
const analyticsDimension = z.enum(ANALYTICS_DIMENSIONS);

export const okSchema = z.object({ ok: z.literal(true) });
export const createdIdSchema = z.object({ id: z.string() });
export const openApiDocumentSchema = z.record(z.string(), z.json());

// ── Accounts, workspaces, team ───────────────────────────────────────────────────────────────

const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
const workspaceMembershipSchema = idName.extend({ role });
const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role,
  hideFinancials: z.boolean(),
  expiresAt: z.number(),
  expired: z.boolean(),
});

export const signedUpSchema = z.object({ user: userSchema, workspaceId: nullableString });
export const loggedInSchema = z.object({ user: userSchema });
export const forgotPasswordAnswerSchema = okSchema.extend({ message: z.string() });
export const workspaceSettingsSchema = idName.extend({ reportingCurrency: z.string(), reportingTimezone: z.string() });

export const meSchema = z.object({
  user: userSchema.extend({ timezone: nullableString }),
  workspaces: z.array(workspaceMembershipSchema),
  workspace: workspaceSettingsSchema.nullable(),
  membership: z.object({ role, hideFinancials: z.boolean() }).nullable(),
  timezone: z.string(),
});

export const myWorkspacesSchema = z.object({ workspaces: z.array(workspaceMembershipSchema), activeWorkspaceId: nullableString });
export const workspaceSwitchedSchema = okSchema.extend({ workspaceId: z.string() });
export const invitePreviewSchema = z.object({ workspaceName: z.string(), email: z.string(), role, status: z.string() });
export const workspaceUpdatedSchema = okSchema.extend({ changed: stringList });

export const invitationListSchema = z.object({ invitations: z.array(invitationSchema) });
export const teamSchema = invitationListSchema.extend({
  members: z.array(
    z.object({
      joinedAt: z.number(),
      id: z.string(),
      userId: z.string(),
      role,
      hideFinancials: z.boolean(),
      email: z.string(),
      name: z.string(),
    }),
  ),
});
export const invitationCreatedSchema = z.object({ id: z.string(), link: z.string(), expiresAt: z.number() });

export const auditPageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.number(),
      userEmail: nullableString,
      action: z.string(),
      entityType: z.string(),
      entityId: nullableString,
      summary: z.string(),
      diff: jsonDiff.nullable(),
    }),
  ),
  nextBefore: nullableNumber,
});

// ── Sites, sources, campaigns, links, casino entries ─────────────────────────────────────────

export const siteSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  domains: stringList,
  market: z.string(),
  timezone: z.string(),
  publicKey: z.string(),
  campaigns: z.array(idName),
  locale: z.string(),
  hubCode: z.string(),
  offerIds: stringList,
  countedFlags: z.array(z.enum(CLICK_FLAGS)),
  archivedAt: nullableInt,
});
export const siteDetailSchema = siteSummarySchema.extend({
  snippet: z.string(),
  installation: z.object({ lastBeaconAt: nullableInt, precision: z.enum(["live", "hourly"]).nullable() }),
  offers: z.array(idName.extend({ platform: platformId, archivedAt: nullableInt })),
});
export const siteListSchema = z.object({ sites: z.array(siteSummarySchema) });
export const siteOneSchema = z.object({ site: siteDetailSchema });

export const clickFlagRulesSavedSchema = z.object({ siteId: z.string(), countedFlags: z.array(z.enum(CLICK_FLAGS)) });
export const clickFlagCountsSchema = clickFlagRulesSavedSchema.extend({
  from: z.string(),
  to: z.string(),
  clean: z.number(),
  reasons: z.array(z.object({ reason: z.string(), label: z.string(), clicks: z.number(), counted: z.boolean() })),
  countedClicks: z.number(),
});

const trafficSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(SOURCE_TYPES),
  clickIdParam: nullableString,
  postbackUrlTemplate: nullableString,
  cost: z
    .object({ model: z.enum(COST_MODELS), amountMicros: nullableInt, currency: nullableString, revsharePct: nullableString })
    .nullable(),
  campaignCount: z.number(),
  archivedAt: nullableInt,
  createdAt: z.number(),
});
export const trafficSourceListSchema = z.object({ sources: z.array(trafficSourceSchema) });
export const trafficSourceOneSchema = z.object({ source: trafficSourceSchema });

const campaignViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  siteId: z.string(),
  siteName: nullableString,
  trafficSourceId: nullableString,
  trafficSource: nullableString,
  offerIds: stringList,
  status: z.enum(CAMPAIGN_STATUSES),
  forwardParams: stringList,
  linkCount: z.number(),
  createdAt: z.number(),
});
export const campaignListSchema = z.object({ campaigns: z.array(campaignViewSchema) });

const linkSchema = z.object({ id: z.string(), slug: z.string(), url: z.string() });
export const linkCreatedSchema = linkSchema;
export const linkListSchema = z.object({
  links: z.array(
    linkSchema.extend({
      siteId: z.string(),
      siteName: z.string(),
      campaignId: nullableString,
      campaignName: nullableString,
      offerId: z.string(),
      offerName: z.string(),
      platform: platformId,
      clickParam: z.string(),
      clickParamIsPreset: z.boolean(),
      presetClickParam: z.string(),
      forwardParams: stringList,
    }),
  ),
});

export const campaignOneSchema = z.object({
  campaign: campaignViewSchema.extend({
    offers: z.array(idName.extend({ platform: platformId, accountCurrency: nullableString })),
    links: z.array(linkSchema.extend({ offerId: z.string(), offerName: z.string(), forwardParams: stringList })),
    postbackUrls: z.array(
      z.object({
        platform: platformId,
        platformLabel: z.string(),
        offerNames: stringList,
        event: z.string(),
        url: z.string(),
        txidNote: nullableString,
      }),
    ),
    previousKeyExpiresAt: nullableNumber,
  }),
});

export const roundTripSchema = z.object({
  result: z.object({
    click: z.object({
      slug: z.string(),
      status: z.number(),
      location: nullableString,
      clickId: nullableString,
      clickParam: z.string(),
      flag: z.string(),
    }),
    postback: z
      .object({ url: z.string(), status: z.number(), outcome: nullableString, reason: nullableString, error: nullableString })
      .nullable(),
    ok: z.boolean(),
    summary: z.string(),
  }),
});

/** The casino as an offer shows it; an entry adds its offer and sites. */
const casinoInfoSchema = idName.extend({
  logoUrl: nullableString,
  bonusText: nullableString,
  paymentMethods: stringList,
  markets: stringList,
});
const casinoEntrySchema = casinoInfoSchema.extend({
  offerId: z.string(),
  offerName: z.string(),
  offerArchivedAt: nullableInt,
  siteIds: stringList,
});
export const casinoEntryListSchema = z.object({ entries: z.array(casinoEntrySchema) });
export const casinoEntryOneSchema = z.object({ entry: casinoEntrySchema });

export const onboardingSchema = z.object({
  steps: z.array(
    z.object({ id: z.enum(ONBOARDING_STEPS), label: z.string(), done: z.boolean(), fullTrackingOnly: z.boolean(), href: z.string() }),
  ),
  complete: z.boolean(),
});

// ── Site Overview ────────────────────────────────────────────────────────────────────────────

const trackedCounts = {
  clicks: z.number(),
  uniqueClicks: z.number(),
  registrations: z.number(),
  ftds: z.number(),
  qualified: z.number(),
};
const operatorCounts = { platformRegistrations: nullableNumber, platformFtds: nullableNumber };
const overviewCountsSchema = z.object({ ...trackedCounts, deposits: z.number(), revenueMicros: nullableInt, ...operatorCounts });

const overviewDaySchema = overviewCountsSchema.extend({
  day: z.string(),
  dayState,
  countsState: dayState,
  earningsState: dayState,
  stateNote: nullableString,
  revenueComplete: z.boolean(),
});

const overviewTopItemSchema = idName.extend({
  clicks: z.number(),
  ftds: z.number(),
  platformFtds: nullableNumber,
  commissionMicros: nullableInt,
  missingFx: stringList,
});

/** How fresh an offer's revenue is (offer list and detail; the overview's timestamps are integers). */
const freshnessSchema = z.object({
  offerId: z.string(),
  offerName: z.string(),
  platform: z.string(),
  lastSuccessAt: nullableNumber,
  lastAttemptAt: nullableNumber,
  completeThrough: nullableString,
  cadenceHours: z.number(),
  state: freshnessState,
  lastError: nullableString,
});

/** Revenue not placed on a site: part of an all-sites total, outside a one-site total (shared/report-types.ts). */
const unassignedPartSchema = z.object({ inTotal: z.boolean(), commissionMicros: nullableInt, missingFx: stringList });

export const siteOverviewSchema = z.object({
  site: idName.extend({ timezone: z.string(), market: z.string() }).nullable(),
  scope: z.object({ allSites: z.boolean(), sites: z.array(idName) }),
  range: dateRange,
  compare: fromTo
    .extend({ mode: z.enum(["previous", "last_year"]), totals: overviewCountsSchema.extend({ epcMicros: nullableInt }) })
    .nullable(),
  dayBasis: z.object({ tracked: z.string(), operator: z.string(), mixed: z.boolean() }),
  top: z.object({
    offers: z.array(overviewTopItemSchema),
    campaigns: z.array(overviewTopItemSchema),
    sources: z.array(overviewTopItemSchema),
  }),
  reportingCurrency: z.string(),
  totals: z.object({
    ...trackedCounts,
    deposits: z.object({ count: z.number(), amounts: z.array(money) }),
    revenue: money.extend({
      micros: nullableInt,
      byCurrency: z.array(money),
      missingFx: z.array(z.object({ day: z.string(), currency: z.string() })),
      unassigned: unassignedPartSchema,
    }),
    epcMicros: nullableInt,
    ...operatorCounts,
    countsState: dayState,
    earningsState: dayState,
  }),
  series: z.array(overviewDaySchema),
  freshness: z.object({
    realtime: asOfNote,
    revenue: z.object({
      completeThrough: nullableString,
      lastSyncAt: nullableInt,
      incompleteDays: stringList,
      notReportedDays: stringList,
      provisionalDays: stringList,
      offers: z.array(freshnessSchema.extend({ lastSuccessAt: nullableInt, lastAttemptAt: nullableInt })),
      unassigned: z.array(
        z.object({
          offerId: z.string(),
          offerName: z.string(),
          tags: nullableNumber,
          rows: z.number(),
          commission: money.nullable(),
          fixPath: z.string(),
        }),
      ),
    }),
  }),
});

// ── Site Report ──────────────────────────────────────────────────────────────────────────────

const reportMetricValues = keyedBy(REPORT_METRIC_KEYS, nullableNumber);
const reportDimValue = z.object({ value: z.string(), label: z.string() });
const reportRowState = z.object({ counts: dayState, earnings: dayState, openDays: stringList, more: z.number() }).nullable();
const reportFigures = { metrics: reportMetricValues, compare: reportMetricValues.nullable(), state: reportRowState };

export const siteReportSchema = z.object({
  query: fromTo.extend({
    preset: z.enum(DATE_PRESETS).nullable(),
    siteId: nullableString,
    dimension1: z.enum(REPORT_DIMENSIONS),
    dimension2: z.enum(REPORT_DIMENSIONS).nullable(),
    subIdKey: z.string(),
    sort: z.enum(REPORT_SORT_KEYS),
    dir: z.enum(["asc", "desc"]),
    compare: z.enum(COMPARE_MODES),
  }),
  timezone: z.string(),
  currency: z.string(),
  compareRange: fromTo.nullable(),
  dayBasis: z.object({ tracked: z.string(), operator: z.string() }),
  columns: z.array(z.object({ metric: reportMetric, label: z.string(), layer: metricLayer, kind: metricKind })),
  rows: z.array(
    z.object({
      dimension1: reportDimValue,
      dimension2: reportDimValue.nullable(),
      ...reportFigures,
      mixedBases: z.boolean(),
      missingFx: stringList,
    }),
  ),
  totals: z.object({ ...reportFigures, missingFx: stringList, unassigned: unassignedPartSchema }),
  pagination: pageInfo.extend({ totalPages: z.number() }),
  source: z.enum(["rollup", "raw"]),
  freshness: z.object({
    asOf: z.number(),
    lastSyncAt: nullableNumber,
    completeThrough: nullableString,
    syncingOffers: z.number(),
  }),
});

export const rollupRebuildSchema = z.object({ zones: z.array(z.object({ tz: z.string(), state: z.literal("ready") })) });

/**
 * GET /api/reports/rollups: each reporting timezone's daily rollups. ready: reports read them; building:
 * reports read raw rows meanwhile (slower, same figures); outdated: built for an older layout, rebuilt on
 * next use; not_built: a zone in use no report has asked for yet. inUse: the workspace's or a member's zone.
 */
export const ROLLUP_ZONE_STATES = ["ready", "building", "outdated", "not_built"] as const;
export const rollupZonesSchema = z.object({
  zones: z.array(z.object({ tz: z.string(), state: z.enum(ROLLUP_ZONE_STATES), inUse: z.boolean(), updatedAt: z.number().nullable() })),
});

// ── Discrepancies and drill-down ─────────────────────────────────────────────────────────────

/** Operator vs tracked figure of one metric, over a range (offer totals). */
const discrepancyTotal = z.object({ operator: nullableNumber, tracked: z.number(), gap: nullableNumber, gapPct: nullableNumber });
const reasonShare = z.object({
  code: z.enum(DISCREPANCY_REASONS),
  count: nullableNumber,
  explains: z.number(),
  detail: keyedBy(UNCOUNTED_POSTBACK_KINDS, z.number().optional()).optional(),
});
/** Operator vs tracked figure of one metric on one day, with the reasons for the gap. */
const discrepancyCell = discrepancyTotal.extend({
  trackedPlatformTz: z.number(),
  gapPlatformTz: nullableNumber,
  flagged: z.boolean(),
  reasons: z.array(reasonShare),
});

export const discrepanciesSchema = z.object({
  range: dateRange,
  threshold: z.number(),
  siteId: nullableString,
  offers: z.array(
    z.object({
      offerId: z.string(),
      offerName: z.string(),
      platform: z.string(),
      platformTimezone: z.string(),
      totals: keyedBy(DISCREPANCY_METRICS, discrepancyTotal),
      flagged: z.boolean(),
      postbacksSetUp: z.boolean(),
      lastSyncAt: nullableNumber,
    }),
  ),
  rows: z.array(
    z.object({
      offerId: z.string(),
      offerName: z.string(),
      day: z.string(),
      dayState,
      metrics: keyedBy(DISCREPANCY_METRICS, discrepancyCell),
    }),
  ),
  reasonCounts: keyedBy(DISCREPANCY_REASONS, z.number().optional()),
  vanished: z.array(
    z.object({
      offerId: z.string(),
      offerName: z.string(),
      day: z.string(),
      before: z.number(),
      after: z.number(),
      dropped: z.number(),
      clickIds: stringList.nullable(),
      trackedFtds: z.number(),
      note: z.string(),
    }),
  ),
});

const drillClick = z.object({
  id: z.string(),
  ts: z.number(),
  day: z.string(),
  siteId: z.string(),
  offerId: z.string(),
  campaignId: nullableString,
  isUnique: z.boolean(),
  flag: nullableString,
  country: nullableString,
  subIds: z.record(z.string(), z.string()),
  placement: nullableString,
  value: z.number(),
});
const drillConversion = z.object({
  id: z.string(),
  eventType: z.string(),
  status: z.string(),
  occurredAt: z.number(),
  clickId: nullableString,
  siteId: nullableString,
  offerId: nullableString,
  campaignId: nullableString,
  txid: nullableString,
  playerId: nullableString,
  amountMicros: nullableNumber,
  currency: nullableString,
  postbacks: z.array(
    z.object({
      id: z.string(),
      outcome: z.string(),
      reason: nullableString,
      receivedAt: z.number(),
      method: z.string(),
      rawQuery: z.string(),
      rawBody: nullableString,
    }),
  ),
  value: z.number(),
});
const drillRevenueRow = z.object({
  id: z.string(),
  offerId: z.string(),
  siteId: nullableString,
  reportDate: z.string(),
  reportTz: z.string(),
  naturalKey: z.string(),
  placement: z.string(),
  clickId: nullableString,
  tagValue: nullableString,
  registrations: nullableNumber,
  ftdCount: nullableNumber,
  qftdCount: nullableNumber,
  commissionTotalMicros: nullableNumber,
  currency: z.string(),
  revision: z.number(),
  revisions: z.array(z.object({ syncRunId: z.string(), kind: z.string(), diff: jsonDiff, at: z.number(), lateRestatement: z.boolean() })),
  syncRun: z
    .object({
      id: z.string(),
      offerId: z.string(),
      status: z.string(),
      startedAt: z.number(),
      httpStatus: nullableNumber,
      hasRawResponse: z.boolean(),
    })
    .nullable(),
  value: nullableNumber,
});
/** What every drill answer carries besides its rows. */
const drillPage = pageInfo.extend({
  metric: z.enum(DRILL_METRICS),
  range: dateRange.extend({ basis: z.enum(["reporting", "platform"]) }),
  total: nullableNumber,
  revenueByCurrency: z.array(z.object({ currency: z.string(), micros: z.number() })).optional(),
});

export const drillSchema = z.union([
  drillPage.extend({ kind: z.literal("clicks"), rows: z.array(drillClick) }),
  drillPage.extend({ kind: z.literal("conversions"), rows: z.array(drillConversion) }),
  drillPage.extend({ kind: z.literal("revenue"), rows: z.array(drillRevenueRow) }),
]);

// ── Site Analytics and live counters ─────────────────────────────────────────────────────────

const analyticsCounts = { pageviews: z.number(), visitors: z.number(), visits: z.number() };
const analyticsMetricsSchema = z.object({
  ...analyticsCounts,
  bounces: z.number(),
  bounceRate: nullableNumber,
  engagedMs: z.number(),
  visitDurationMs: nullableNumber,
  timeOnPageMs: nullableNumber,
  pagesPerVisit: nullableNumber,
  offerClicks: z.number(),
  clickVisits: z.number(),
  ctr: nullableNumber,
  visitCtr: nullableNumber,
});
const analyticsRowSchema = analyticsMetricsSchema.extend({
  value: z.string(),
  label: z.string(),
  // The read model hands over the previous period's whole row, so its value and label may come along.
  previous: analyticsMetricsSchema.loose().nullable(),
});
const analyticsPointSchema = z.object({ t: z.number(), label: z.string(), ...analyticsCounts, offerClicks: z.number() });

export const realtimeVisitorsSchema = z.object({
  visitors: z.number(),
  pages: z.array(z.object({ path: z.string(), visitors: z.number() })),
  sources: z.array(z.object({ source: z.string(), visitors: z.number() })),
});

export const siteAnalyticsSchema = z.object({
  site: idName.extend({ timezone: z.string(), domains: stringList, publicKey: z.string() }),
  range: dateRange,
  previousRange: fromTo.nullable(),
  granularity: z.enum(["hour", "day"]),
  totals: analyticsMetricsSchema,
  previousTotals: analyticsMetricsSchema.nullable(),
  series: z.array(analyticsPointSchema),
  previousSeries: z.array(analyticsPointSchema).nullable(),
  breakdowns: z.record(analyticsDimension, z.array(analyticsRowSchema)),
  realtime: realtimeVisitorsSchema,
  freshness: asOfNote,
});

export const analyticsBreakdownSchema = z.object({ dim: analyticsDimension, range: dateRange, rows: z.array(analyticsRowSchema) });

/** GET /api/sites/:id/live without an Upgrade header: the hub's snapshot (the WebSocket sends the same shape). */
export const liveSnapshotSchema = z.object({
  day: z.string(),
  counters: z.array(z.object({ campaignId: z.string(), offerId: z.string(), metric: z.string(), currency: z.string(), value: z.number() })),
  realtime: realtimeVisitorsSchema,
});

// ── Postbacks ────────────────────────────────────────────────────────────────────────────────

export const postbackLogSchema = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      receivedAt: z.number(),
      siteId: nullableString,
      siteName: nullableString,
      offerId: nullableString,
      offerName: nullableString,
      campaignId: nullableString,
      campaignName: nullableString,
      clickId: nullableString,
      eventType: nullableString,
      eventName: nullableString,
      outcome: z.enum(POSTBACK_OUTCOMES),
      reason: nullableString,
      conversionId: nullableString,
      amountMicros: nullableNumber.describe("The conversion's amount in micros of `currency` (null: none sent, or no conversion)"),
      currency: nullableString,
      method: z.string(),
      rawQuery: z.string(),
      rawBody: nullableString,
      remoteIp: nullableString,
    }),
  ),
  nextCursor: nullableString,
});

export const postbackKeyStateSchema = z.object({ postbackKey: z.string(), previousKeyExpiresAt: nullableNumber });

export const outgoingPostbacksSchema = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      campaignId: z.string(),
      campaignName: nullableString,
      conversionId: z.string(),
      eventType: z.string(),
      url: z.string(),
      status: z.enum(["failed", "pending", "delivered"]),
      attempts: z.number(),
      lastHttpStatus: nullableNumber,
      lastError: nullableString,
      nextAttemptAt: nullableNumber,
      updatedAt: z.number(),
    }),
  ),
});

// ── Offers: settings, freshness, sync runs ───────────────────────────────────────────────────

const settleHorizon = z.union([
  z.object({ kind: z.literal("days"), days: z.number() }),
  z.object({ kind: z.literal("month_close"), graceDays: z.number() }),
]);
const settleSettingsSchema = z.object({ publishDelayHours: z.number(), horizons: keyedBy(METRIC_FAMILIES, settleHorizon) });
/** The offer's own override: only the parts given replace the platform default. */
const settleOverrideSchema = z
  .object({
    publishDelayHours: z.number().optional(),
    horizons: keyedBy(METRIC_FAMILIES, settleHorizon.optional()).optional(),
  })
  .nullable();

const offerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  brand: z.string(),
  merchant: nullableString,
  channel: nullableString,
  campaignTag: nullableString,
  trackingUrl: z.string(),
  clickParam: nullableString,
  effectiveClickParam: z.string(),
  postbackEvents: stringList,
  ...postbackKeyStateSchema.shape,
  platformTimezone: z.string(),
  accountCurrency: nullableString,
  syncEnabled: z.boolean(),
  siteIds: stringList,
  apiSetupComplete: z.boolean(),
  hasConnector: z.boolean(),
  freshness: freshnessSchema.nullable(),
  settleHorizons: settleOverrideSchema,
  settleSettings: settleSettingsSchema,
  createdAt: z.number(),
  archivedAt: nullableNumber,
});

export const offerListSchema = z.object({ offers: z.array(offerSummarySchema) });

export const offerOneSchema = z.object({
  offer: offerSummarySchema.extend({
    ipAllowlist: stringList,
    deal: z.object({
      type: z.enum(["cpa", "revshare", "hybrid", "other"]).nullable(),
      cpa: nullableString,
      currency: nullableString,
      revsharePct: nullableString,
      baseline: nullableString,
      notes: nullableString,
    }),
    casino: casinoInfoSchema.nullable(),
    apiSetup: z.object({
      config: z.record(z.string(), z.union([z.boolean(), z.string(), z.number(), stringList, z.record(z.string(), z.json())])),
      secrets: z.record(z.string(), z.object({ set: z.literal(true), masked: nullableString })),
      complete: z.boolean(),
      missing: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
    cadenceHours: z.number(),
  }),
});

export const offerLifecycleSchema = z.object({ offer: idName.extend({ archivedAt: nullableNumber, syncEnabled: z.boolean() }) });
export const offerClonedSchema = z.object({ offer: idName.extend({ secretsCopied: z.literal(false) }) });

export const offerFreshnessSchema = z.object({ freshness: freshnessSchema.nullable() });

/** Which report column fed each metric (null = not reported), and suspicious mappings. */
const metricColumnsSchema = z
  .object({
    fedBy: z.record(z.string(), nullableString),
    flags: z.array(z.object({ metric: z.string(), column: z.string(), alternative: z.string(), message: z.string() })),
  })
  .nullable();

const syncRunSummarySchema = z.object({
  id: z.string(),
  offerId: z.string(),
  trigger: z.enum(["test", "cron", "manual"]),
  status: syncRunStatus,
  startedAt: z.number(),
  finishedAt: nullableNumber,
  windowFrom: z.string(),
  windowTo: z.string(),
  rowsRead: z.number(),
  rowsInserted: z.number(),
  rowsChanged: z.number(),
  rowsRemoved: z.number(),
  httpStatus: nullableNumber,
  error: nullableString,
  attempt: z.number(),
  windowsTotal: z.number(),
  windowsDone: z.number(),
  requestId: nullableString,
  metricColumns: metricColumnsSchema,
});

export const syncRunListSchema = z.object({ runs: z.array(syncRunSummarySchema) });
export const syncRunOneSchema = z.object({
  run: syncRunSummarySchema.extend({ rawResponse: nullableString, rawTruncated: z.boolean() }),
});

export const offerChangesSchema = z.object({
  changes: z.array(
    z.object({
      id: z.string(),
      syncRunId: z.string(),
      reportDate: z.string(),
      kind: z.enum(["inserted", "changed", "removed"]),
      createdAt: z.number(),
      scope: nullableString,
      lateRestatement: z.boolean(),
      sentences: stringList,
    }),
  ),
});

export const resyncStartedSchema = z.object({
  handle: fromTo.extend({ requestId: z.string(), offerId: z.string(), enqueuedAt: z.number() }),
});

export const resyncProgressSchema = z.object({
  progress: z.object({
    requestId: z.string(),
    status: z.enum(["ok", "running", "failed", "partial", "queued"]),
    windowsTotal: z.number(),
    windowsDone: z.number(),
    attempts: z.number(),
    run: syncRunSummarySchema.nullable(),
  }),
});

export const offerDaysSchema = z.object({
  offerId: z.string(),
  timezone: z.string(),
  settings: settleSettingsSchema,
  completeThrough: nullableString,
  days: z.array(
    z.object({
      day: z.string(),
      state: dayState,
      families: keyedBy(METRIC_FAMILIES, dayState),
      publishedAt: z.number(),
      settlesAt: keyedBy(METRIC_FAMILIES, z.number()),
      lastPulledAt: nullableNumber,
      reason: nullableString,
    }),
  ),
});

// ── Offers: postback events ──────────────────────────────────────────────────────────────────

const eventMapping = z.object({ name: z.string(), type: z.enum(POSTBACK_EVENT_TYPES) });

export const offerEventsSchema = z.object({
  offerId: z.string(),
  platform: z.string(),
  defaults: z.array(eventMapping.extend({ source: z.enum(["platform", "builtin"]) })),
  mappings: z.array(eventMapping),
  unmapped: z.array(z.object({ name: z.string(), sentAs: z.string(), count: z.number(), lastSeenAt: z.number() })),
});
export const offerEventsSavedSchema = offerEventsSchema.extend({ reapplied: z.number() });

// ── Offers: revenue tags and test connection ─────────────────────────────────────────────────

/** Operator counts of a report row or tag; null = the report does not carry the figure. */
const operatorRowCounts = { clicks: nullableNumber, registrations: nullableNumber, ftds: nullableNumber };
const tagKey = z.object({ dimension: z.string(), value: nullableString });
const tagSummarySchema = tagKey.extend({
  rows: z.number(),
  ...operatorRowCounts,
  commission: amountList,
  siteId: nullableString,
  siteName: nullableString,
  placement: z.enum(PLACEMENTS),
});

export const offerTagsSchema = z.object({
  offerId: z.string(),
  tagDimension: z.string(),
  tags: z.array(tagSummarySchema),
  totals: z.object({ rows: z.number(), commission: amountList }),
});

export const unassignedTagsSchema = offerTagsSchema.extend({
  tags: z.array(
    tagSummarySchema.extend({
      sample: z.array(
        tagKey.extend({
          reportDate: z.string(),
          brand: nullableString,
          currency: z.string(),
          ...operatorRowCounts,
          commission: nullableString,
          dimension: nullableString,
        }),
      ),
    }),
  ),
});

export const tagRoutesSchema = z.object({
  offerId: z.string(),
  platform: platformId,
  tagDimension: z.string(),
  dimensions: z.array(z.object({ id: z.string(), label: z.string() })),
  routes: z.array(
    z.object({
      dimension: z.string(),
      value: z.string(),
      siteId: z.string(),
      siteName: nullableString,
      campaignId: nullableString,
      updatedAt: z.number(),
    }),
  ),
  sites: z.array(idName),
});

export const tagRouteSavedSchema = z.object({
  route: z.object({
    updatedAt: z.number(),
    siteId: z.string(),
    campaignId: nullableString,
    dimension: z.string(),
    value: z.string(),
  }),
});

export const testConnectionSchema = z.union([
  z.object({
    ok: z.literal(true),
    window: fromTo,
    timezone: z.string(),
    rowCount: z.number(),
    currencies: stringList,
    dateRange: z.object({ first: z.string(), last: z.string() }).nullable(),
    rows: z.array(
      z.object({
        reportDate: z.string(),
        brand: nullableString,
        campaign: nullableString,
        clickId: nullableString,
        country: nullableString,
        ...operatorRowCounts,
        qualified: nullableNumber,
        depositingPlayers: nullableNumber,
        deposits: nullableString,
        ftdAmount: nullableString,
        ngr: nullableString,
        commission: nullableString,
        commissionCpa: nullableString,
        commissionRevshare: nullableString,
        currency: z.string(),
      }),
    ),
    totals: z.object({ clicks: z.number(), registrations: z.number(), ftds: z.number(), commission: amountList }),
    tagDimension: z.string(),
    tags: z.array(tagSummarySchema),
    columns: metricColumnsSchema,
    httpStatus: nullableNumber,
    note: nullableString,
    durationMs: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    window: fromTo,
    timezone: z.string(),
    error: z.object({
      kind: testConnectionErrorKind,
      title: z.string(),
      message: z.string(),
      hint: z.string(),
      httpStatus: nullableNumber,
      retryAfterSeconds: nullableNumber,
      raw: nullableString,
    }),
    durationMs: z.number(),
  }),
]);

// Compile-time drift checks: each schema's type equals the interface its handler returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ResponseSchemaChecks = [
  Assert<Same<z.infer<typeof siteSummarySchema>, SiteSummary>>,
  Assert<Same<z.infer<typeof siteDetailSchema>, SiteDetail>>,
  Assert<Same<z.infer<typeof siteOverviewSchema>, SiteOverviewResponse>>,
  Assert<Same<z.infer<typeof postbackLogSchema>["rows"][number], PostbackLogEntry>>,
  Assert<Same<z.infer<typeof trafficSourceSchema>, TrafficSourceView>>,
  Assert<Same<z.infer<typeof campaignViewSchema>, CampaignView>>,
  Assert<Same<z.infer<typeof casinoEntrySchema>, CasinoEntryView>>,
  Assert<Same<z.infer<typeof onboardingSchema>, OnboardingState>>,
  Assert<Same<z.infer<typeof liveSnapshotSchema>, LiveSnapshot>>,
  Assert<Same<z.infer<typeof analyticsMetricsSchema>, AnalyticsMetrics>>,
  Assert<Same<z.infer<typeof realtimeVisitorsSchema>, RealtimeVisitors>>,
];
