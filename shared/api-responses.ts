/**
 * zod schemas of API answers, for the OpenAPI document and its conformance test. The TypeScript
 * interfaces in report-types.ts / entity-types.ts stay the source the handlers satisfy; the checks at
 * the end fail to compile when a schema and its interface drift apart.
 */
import { z } from "zod";
import { CLICK_FLAGS } from "./click-flags";
import { DAY_STATES } from "./day-state";
import { DISCREPANCY_REASONS, DRILL_METRICS } from "./discrepancies";
import { CAMPAIGN_STATUSES } from "./entities";
import type { CampaignView, CasinoEntryView, OnboardingState, SiteDetail, TrafficSourceView } from "./entity-types";
import { ONBOARDING_STEPS } from "./entity-types";
import { PLATFORM_IDS } from "./platforms";
import { POSTBACK_EVENT_TYPES, POSTBACK_OUTCOMES } from "./postback-events";
import type {
  AnalyticsDimension,
  AnalyticsMetrics,
  FreshnessState,
  LiveSnapshot,
  PostbackLogEntry,
  RealtimeVisitors,
  SiteOverviewResponse,
  SiteSummary,
  SyncRunStatus,
  TestConnectionErrorKind,
} from "./report-types";
import { PLACEMENTS } from "./revenue-tags";
import { ROLES } from "./roles";
import {
  COMPARE_MODES,
  DATE_PRESETS,
  type MetricKind,
  type MetricLayer,
  REPORT_DIMENSIONS,
  REPORT_METRICS,
  REPORT_SORT_KEYS,
  type ReportMetric,
} from "./site-report";
import { COST_MODELS, SOURCE_TYPES } from "./traffic-sources";

const nullableInt = z.number().int().nullable();
const money = z.object({ micros: z.number().int(), currency: z.string() });
const dayState = z.enum(DAY_STATES);
// Vocabularies the shared types declare as unions (checked against them at the end of this file).
const freshnessState = z.enum(["ok", "late", "failing", "never_synced", "no_connector", "not_set_up"]);
const syncRunStatus = z.enum(["running", "ok", "failed", "partial"]);
const testConnectionErrorKind = z.enum([
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
]);
const metricLayer = z.enum(["tracked", "operator", "derived"]);
const metricKind = z.enum(["count", "money", "ratio"]);
const reportMetric = z.enum(Object.keys(REPORT_METRICS) as [ReportMetric, ...ReportMetric[]]);

export const siteSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  market: z.string(),
  timezone: z.string(),
  publicKey: z.string(),
  campaigns: z.array(z.object({ id: z.string(), name: z.string() })),
  locale: z.string(),
  hubCode: z.string(),
  offerIds: z.array(z.string()),
  countedFlags: z.array(z.enum(CLICK_FLAGS)),
  archivedAt: nullableInt,
});
export const siteDetailSchema = siteSummarySchema.extend({
  snippet: z.string(),
  installation: z.object({ lastBeaconAt: nullableInt, precision: z.enum(["live", "hourly"]).nullable() }),
  offers: z.array(z.object({ id: z.string(), name: z.string(), platform: z.enum(PLATFORM_IDS), archivedAt: nullableInt })),
});
export const siteListSchema = z.object({ sites: z.array(siteSummarySchema) });
export const siteOneSchema = z.object({ site: siteDetailSchema });

const overviewDaySchema = z.object({
  day: z.string(),
  clicks: z.number(),
  uniqueClicks: z.number(),
  registrations: z.number(),
  ftds: z.number(),
  qualified: z.number(),
  deposits: z.number(),
  revenueMicros: nullableInt,
  platformRegistrations: z.number().nullable(),
  platformFtds: z.number().nullable(),
  dayState,
  countsState: dayState,
  earningsState: dayState,
  stateNote: z.string().nullable(),
  revenueComplete: z.boolean(),
});

const overviewTopItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  clicks: z.number(),
  ftds: z.number(),
  platformFtds: z.number().nullable(),
  commissionMicros: nullableInt,
  missingFx: z.array(z.string()),
});

const overviewCompareTotalsSchema = z.object({
  clicks: z.number(),
  uniqueClicks: z.number(),
  registrations: z.number(),
  ftds: z.number(),
  qualified: z.number(),
  deposits: z.number(),
  revenueMicros: nullableInt,
  platformRegistrations: z.number().nullable(),
  platformFtds: z.number().nullable(),
  epcMicros: nullableInt,
});

export const siteOverviewSchema = z.object({
  site: z.object({ id: z.string(), name: z.string(), timezone: z.string(), market: z.string() }).nullable(),
  scope: z.object({ allSites: z.boolean(), sites: z.array(z.object({ id: z.string(), name: z.string() })) }),
  range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
  compare: z
    .object({ mode: z.enum(["previous", "last_year"]), from: z.string(), to: z.string(), totals: overviewCompareTotalsSchema })
    .nullable(),
  dayBasis: z.object({ tracked: z.string(), operator: z.string(), mixed: z.boolean() }),
  top: z.object({
    offers: z.array(overviewTopItemSchema),
    campaigns: z.array(overviewTopItemSchema),
    sources: z.array(overviewTopItemSchema),
  }),
  reportingCurrency: z.string(),
  totals: z.object({
    clicks: z.number(),
    uniqueClicks: z.number(),
    registrations: z.number(),
    ftds: z.number(),
    qualified: z.number(),
    deposits: z.object({ count: z.number(), amounts: z.array(money) }),
    revenue: money.extend({
      byCurrency: z.array(money),
      missingFx: z.array(z.object({ day: z.string(), currency: z.string() })),
    }),
    epcMicros: nullableInt,
    platformRegistrations: z.number().nullable(),
    platformFtds: z.number().nullable(),
    countsState: dayState,
    earningsState: dayState,
  }),
  series: z.array(overviewDaySchema),
  freshness: z.object({
    realtime: z.object({ asOf: z.number(), note: z.string() }),
    revenue: z.object({
      completeThrough: z.string().nullable(),
      lastSyncAt: nullableInt,
      incompleteDays: z.array(z.string()),
      notReportedDays: z.array(z.string()),
      provisionalDays: z.array(z.string()),
      offers: z.array(
        z.object({
          offerId: z.string(),
          offerName: z.string(),
          platform: z.string(),
          lastSuccessAt: nullableInt,
          lastAttemptAt: nullableInt,
          completeThrough: z.string().nullable(),
          cadenceHours: z.number(),
          state: z.enum(["ok", "late", "failing", "never_synced", "no_connector", "not_set_up"]),
          lastError: z.string().nullable(),
        }),
      ),
      unassigned: z.array(z.object({ offerId: z.string(), offerName: z.string(), tags: z.number(), commission: money.nullable() })),
    }),
  }),
});

export const postbackLogSchema = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      receivedAt: z.number(),
      siteId: z.string().nullable(),
      siteName: z.string().nullable(),
      offerId: z.string().nullable(),
      offerName: z.string().nullable(),
      campaignId: z.string().nullable(),
      campaignName: z.string().nullable(),
      clickId: z.string().nullable(),
      eventType: z.string().nullable(),
      eventName: z.string().nullable(),
      outcome: z.enum(POSTBACK_OUTCOMES),
      reason: z.string().nullable(),
      conversionId: z.string().nullable(),
      method: z.string(),
      rawQuery: z.string(),
      rawBody: z.string().nullable(),
      remoteIp: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const trafficSourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(SOURCE_TYPES),
  clickIdParam: z.string().nullable(),
  postbackUrlTemplate: z.string().nullable(),
  cost: z
    .object({
      model: z.enum(COST_MODELS),
      amountMicros: nullableInt,
      currency: z.string().nullable(),
      revsharePct: z.string().nullable(),
    })
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
  siteName: z.string().nullable(),
  trafficSourceId: z.string().nullable(),
  trafficSource: z.string().nullable(),
  offerIds: z.array(z.string()),
  status: z.enum(["active", "paused", "archived"]),
  forwardParams: z.array(z.string()),
  linkCount: z.number(),
  createdAt: z.number(),
});
export const campaignListSchema = z.object({ campaigns: z.array(campaignViewSchema) });

const casinoEntrySchema = z.object({
  id: z.string(),
  offerId: z.string(),
  offerName: z.string(),
  offerArchivedAt: nullableInt,
  name: z.string(),
  logoUrl: z.string().nullable(),
  bonusText: z.string().nullable(),
  paymentMethods: z.array(z.string()),
  markets: z.array(z.string()),
  siteIds: z.array(z.string()),
});
export const casinoEntryListSchema = z.object({ entries: z.array(casinoEntrySchema) });
export const casinoEntryOneSchema = z.object({ entry: casinoEntrySchema });

export const onboardingSchema = z.object({
  steps: z.array(
    z.object({ id: z.enum(ONBOARDING_STEPS), label: z.string(), done: z.boolean(), fullTrackingOnly: z.boolean(), href: z.string() }),
  ),
  complete: z.boolean(),
});

export const okSchema = z.object({ ok: z.literal(true) });

// ── Answers of the remaining routes. First written from the handlers' answer types (hono/client's view of
// each route), so they match what the handlers return; web/src/api-contract.ts fails to compile when a
// handler's answer and its schema here drift apart.

export const signedUpSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
  }),
  workspaceId: z.string().nullable(),
});

export const loggedInSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
  }),
});

export const forgotPasswordAnswerSchema = z.object({
  ok: z.literal(true),
  message: z.string(),
});

export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    timezone: z.string().nullable(),
  }),
  workspaces: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
    }),
  ),
  workspace: z
    .object({
      id: z.string(),
      name: z.string(),
      reportingCurrency: z.string(),
      reportingTimezone: z.string(),
    })
    .nullable(),
  membership: z
    .object({
      role: z.enum(ROLES),
      hideFinancials: z.boolean(),
    })
    .nullable(),
  timezone: z.string(),
});

export const myWorkspacesSchema = z.object({
  workspaces: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
    }),
  ),
  activeWorkspaceId: z.string().nullable(),
});

export const createdIdSchema = z.object({
  id: z.string(),
});

export const workspaceSwitchedSchema = z.object({
  ok: z.literal(true),
  workspaceId: z.string(),
});

export const invitePreviewSchema = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  status: z.string(),
});

export const workspaceSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  reportingCurrency: z.string(),
  reportingTimezone: z.string(),
});

export const workspaceUpdatedSchema = z.object({
  ok: z.literal(true),
  changed: z.array(z.string()),
});

export const teamSchema = z.object({
  members: z.array(
    z.object({
      joinedAt: z.number(),
      id: z.string(),
      userId: z.string(),
      role: z.enum(ROLES),
      hideFinancials: z.boolean(),
      email: z.string(),
      name: z.string(),
    }),
  ),
  invitations: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      role: z.enum(ROLES),
      hideFinancials: z.boolean(),
      expiresAt: z.number(),
      expired: z.boolean(),
    }),
  ),
});

export const invitationListSchema = z.object({
  invitations: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      role: z.enum(ROLES),
      hideFinancials: z.boolean(),
      expiresAt: z.number(),
      expired: z.boolean(),
    }),
  ),
});

export const invitationCreatedSchema = z.object({
  id: z.string(),
  link: z.string(),
  expiresAt: z.number(),
});

export const auditPageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.number(),
      userEmail: z.string().nullable(),
      action: z.string(),
      entityType: z.string(),
      entityId: z.string().nullable(),
      summary: z.string(),
      diff: z.record(z.string(), z.tuple([z.json(), z.json()])).nullable(),
    }),
  ),
  nextBefore: z.number().nullable(),
});

export const clickFlagCountsSchema = z.object({
  siteId: z.string(),
  from: z.string(),
  to: z.string(),
  clean: z.number(),
  reasons: z.array(
    z.object({
      reason: z.string(),
      label: z.string(),
      clicks: z.number(),
      counted: z.boolean(),
    }),
  ),
  countedFlags: z.array(z.enum(CLICK_FLAGS)),
  countedClicks: z.number(),
});

export const clickFlagRulesSavedSchema = z.object({
  siteId: z.string(),
  countedFlags: z.array(z.enum(CLICK_FLAGS)),
});

export const siteReportSchema = z.object({
  query: z.object({
    from: z.string(),
    to: z.string(),
    preset: z.enum(DATE_PRESETS).nullable(),
    siteId: z.string().nullable(),
    dimension1: z.enum(REPORT_DIMENSIONS),
    dimension2: z.enum(REPORT_DIMENSIONS).nullable(),
    subIdKey: z.string(),
    sort: z.enum(REPORT_SORT_KEYS),
    dir: z.enum(["asc", "desc"]),
    compare: z.enum(COMPARE_MODES),
  }),
  timezone: z.string(),
  currency: z.string(),
  compareRange: z
    .object({
      from: z.string(),
      to: z.string(),
    })
    .nullable(),
  dayBasis: z.object({
    tracked: z.string(),
    operator: z.string(),
  }),
  columns: z.array(
    z.object({
      metric: reportMetric,
      label: z.string(),
      layer: metricLayer,
      kind: metricKind,
    }),
  ),
  rows: z.array(
    z.object({
      dimension1: z.object({
        value: z.string(),
        label: z.string(),
      }),
      dimension2: z
        .object({
          value: z.string(),
          label: z.string(),
        })
        .nullable(),
      metrics: z.object({
        qualified: z.number().nullable(),
        clicks: z.number().nullable(),
        registrations: z.number().nullable(),
        depositsMicros: z.number().nullable(),
        ngrMicros: z.number().nullable(),
        uniqueClicks: z.number().nullable(),
        ftds: z.number().nullable(),
        commissionMicros: z.number().nullable(),
        deposits: z.number().nullable(),
        operatorRegistrations: z.number().nullable(),
        operatorFtds: z.number().nullable(),
        operatorQftds: z.number().nullable(),
        cr: z.number().nullable(),
        epcMicros: z.number().nullable(),
      }),
      compare: z
        .object({
          qualified: z.number().nullable(),
          clicks: z.number().nullable(),
          registrations: z.number().nullable(),
          depositsMicros: z.number().nullable(),
          ngrMicros: z.number().nullable(),
          uniqueClicks: z.number().nullable(),
          ftds: z.number().nullable(),
          commissionMicros: z.number().nullable(),
          deposits: z.number().nullable(),
          operatorRegistrations: z.number().nullable(),
          operatorFtds: z.number().nullable(),
          operatorQftds: z.number().nullable(),
          cr: z.number().nullable(),
          epcMicros: z.number().nullable(),
        })
        .nullable(),
      state: z
        .object({
          counts: dayState,
          earnings: dayState,
          openDays: z.array(z.string()),
          more: z.number(),
        })
        .nullable(),
      mixedBases: z.boolean(),
      missingFx: z.array(z.string()),
    }),
  ),
  totals: z.object({
    metrics: z.object({
      qualified: z.number().nullable(),
      clicks: z.number().nullable(),
      registrations: z.number().nullable(),
      depositsMicros: z.number().nullable(),
      ngrMicros: z.number().nullable(),
      uniqueClicks: z.number().nullable(),
      ftds: z.number().nullable(),
      commissionMicros: z.number().nullable(),
      deposits: z.number().nullable(),
      operatorRegistrations: z.number().nullable(),
      operatorFtds: z.number().nullable(),
      operatorQftds: z.number().nullable(),
      cr: z.number().nullable(),
      epcMicros: z.number().nullable(),
    }),
    compare: z
      .object({
        qualified: z.number().nullable(),
        clicks: z.number().nullable(),
        registrations: z.number().nullable(),
        depositsMicros: z.number().nullable(),
        ngrMicros: z.number().nullable(),
        uniqueClicks: z.number().nullable(),
        ftds: z.number().nullable(),
        commissionMicros: z.number().nullable(),
        deposits: z.number().nullable(),
        operatorRegistrations: z.number().nullable(),
        operatorFtds: z.number().nullable(),
        operatorQftds: z.number().nullable(),
        cr: z.number().nullable(),
        epcMicros: z.number().nullable(),
      })
      .nullable(),
    state: z
      .object({
        counts: dayState,
        earnings: dayState,
        openDays: z.array(z.string()),
        more: z.number(),
      })
      .nullable(),
    missingFx: z.array(z.string()),
  }),
  pagination: z.object({
    page: z.number(),
    pageSize: z.number(),
    totalRows: z.number(),
    totalPages: z.number(),
  }),
  source: z.enum(["rollup", "raw"]),
});

export const rollupRebuildSchema = z.object({
  zones: z.array(
    z.object({
      tz: z.string(),
      state: z.literal("ready"),
    }),
  ),
});

export const discrepanciesSchema = z.object({
  range: z.object({
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
  }),
  threshold: z.number(),
  siteId: z.string().nullable(),
  offers: z.array(
    z.object({
      offerId: z.string(),
      offerName: z.string(),
      platform: z.string(),
      platformTimezone: z.string(),
      totals: z.object({
        registrations: z.object({
          operator: z.number().nullable(),
          tracked: z.number(),
          gap: z.number().nullable(),
          gapPct: z.number().nullable(),
        }),
        ftds: z.object({
          operator: z.number().nullable(),
          tracked: z.number(),
          gap: z.number().nullable(),
          gapPct: z.number().nullable(),
        }),
        qftds: z.object({
          operator: z.number().nullable(),
          tracked: z.number(),
          gap: z.number().nullable(),
          gapPct: z.number().nullable(),
        }),
      }),
      flagged: z.boolean(),
      postbacksSetUp: z.boolean(),
    }),
  ),
  rows: z.array(
    z.object({
      offerId: z.string(),
      offerName: z.string(),
      day: z.string(),
      dayState: dayState,
      metrics: z.object({
        registrations: z.object({
          operator: z.number().nullable(),
          tracked: z.number(),
          trackedPlatformTz: z.number(),
          gap: z.number().nullable(),
          gapPlatformTz: z.number().nullable(),
          gapPct: z.number().nullable(),
          flagged: z.boolean(),
          reasons: z.array(
            z.object({
              code: z.enum(DISCREPANCY_REASONS),
              count: z.number().nullable(),
              explains: z.number(),
              detail: z
                .object({
                  unmapped: z.number().optional(),
                  rejected: z.number().optional(),
                  unreplaced_macro: z.number().optional(),
                  unknown_click: z.number().optional(),
                  bot_click: z.number().optional(),
                  junk_click: z.number().optional(),
                })
                .optional(),
            }),
          ),
        }),
        ftds: z.object({
          operator: z.number().nullable(),
          tracked: z.number(),
          trackedPlatformTz: z.number(),
          gap: z.number().nullable(),
          gapPlatformTz: z.number().nullable(),
          gapPct: z.number().nullable(),
          flagged: z.boolean(),
          reasons: z.array(
            z.object({
              code: z.enum(DISCREPANCY_REASONS),
              count: z.number().nullable(),
              explains: z.number(),
              detail: z
                .object({
                  unmapped: z.number().optional(),
                  rejected: z.number().optional(),
                  unreplaced_macro: z.number().optional(),
                  unknown_click: z.number().optional(),
                  bot_click: z.number().optional(),
                  junk_click: z.number().optional(),
                })
                .optional(),
            }),
          ),
        }),
        qftds: z.object({
          operator: z.number().nullable(),
          tracked: z.number(),
          trackedPlatformTz: z.number(),
          gap: z.number().nullable(),
          gapPlatformTz: z.number().nullable(),
          gapPct: z.number().nullable(),
          flagged: z.boolean(),
          reasons: z.array(
            z.object({
              code: z.enum(DISCREPANCY_REASONS),
              count: z.number().nullable(),
              explains: z.number(),
              detail: z
                .object({
                  unmapped: z.number().optional(),
                  rejected: z.number().optional(),
                  unreplaced_macro: z.number().optional(),
                  unknown_click: z.number().optional(),
                  bot_click: z.number().optional(),
                  junk_click: z.number().optional(),
                })
                .optional(),
            }),
          ),
        }),
      }),
    }),
  ),
  reasonCounts: z.object({
    provisional: z.number().optional(),
    not_yet_reported: z.number().optional(),
    timezone_shift: z.number().optional(),
    qualification: z.number().optional(),
    duplicates_filtered: z.number().optional(),
    postbacks_rejected_or_unattributed: z.number().optional(),
    direct_players: z.number().optional(),
    restated_or_vanished: z.number().optional(),
    postbacks_not_set_up: z.number().optional(),
    unexplained: z.number().optional(),
  }),
  vanished: z.array(
    z.object({
      offerId: z.string(),
      offerName: z.string(),
      day: z.string(),
      before: z.number(),
      after: z.number(),
      dropped: z.number(),
      clickIds: z.array(z.string()).nullable(),
      trackedFtds: z.number(),
      note: z.string(),
    }),
  ),
});

export const drillSchema = z.union([
  z.object({
    kind: z.literal("clicks"),
    rows: z.array(
      z.object({
        id: z.string(),
        ts: z.number(),
        day: z.string(),
        siteId: z.string(),
        offerId: z.string(),
        campaignId: z.string().nullable(),
        isUnique: z.boolean(),
        flag: z.string().nullable(),
        country: z.string().nullable(),
        subIds: z.record(z.string(), z.string()),
        placement: z.string().nullable(),
        value: z.number(),
      }),
    ),
    metric: z.enum(DRILL_METRICS),
    range: z.object({
      from: z.string(),
      to: z.string(),
      timezone: z.string(),
      basis: z.enum(["reporting", "platform"]),
    }),
    total: z.number().nullable(),
    revenueByCurrency: z
      .array(
        z.object({
          currency: z.string(),
          micros: z.number(),
        }),
      )
      .optional(),
    page: z.number(),
    pageSize: z.number(),
    totalRows: z.number(),
  }),
  z.object({
    kind: z.literal("conversions"),
    rows: z.array(
      z.object({
        id: z.string(),
        eventType: z.string(),
        status: z.string(),
        occurredAt: z.number(),
        clickId: z.string().nullable(),
        siteId: z.string().nullable(),
        offerId: z.string().nullable(),
        campaignId: z.string().nullable(),
        txid: z.string().nullable(),
        playerId: z.string().nullable(),
        amountMicros: z.number().nullable(),
        currency: z.string().nullable(),
        postbacks: z.array(
          z.object({
            id: z.string(),
            outcome: z.string(),
            reason: z.string().nullable(),
            receivedAt: z.number(),
            method: z.string(),
            rawQuery: z.string(),
            rawBody: z.string().nullable(),
          }),
        ),
        value: z.number(),
      }),
    ),
    metric: z.enum(DRILL_METRICS),
    range: z.object({
      from: z.string(),
      to: z.string(),
      timezone: z.string(),
      basis: z.enum(["reporting", "platform"]),
    }),
    total: z.number().nullable(),
    revenueByCurrency: z
      .array(
        z.object({
          currency: z.string(),
          micros: z.number(),
        }),
      )
      .optional(),
    page: z.number(),
    pageSize: z.number(),
    totalRows: z.number(),
  }),
  z.object({
    kind: z.literal("revenue"),
    rows: z.array(
      z.object({
        id: z.string(),
        offerId: z.string(),
        siteId: z.string().nullable(),
        reportDate: z.string(),
        reportTz: z.string(),
        naturalKey: z.string(),
        placement: z.string(),
        clickId: z.string().nullable(),
        tagValue: z.string().nullable(),
        registrations: z.number().nullable(),
        ftdCount: z.number().nullable(),
        qftdCount: z.number().nullable(),
        commissionTotalMicros: z.number().nullable(),
        currency: z.string(),
        revision: z.number(),
        revisions: z.array(
          z.object({
            syncRunId: z.string(),
            kind: z.string(),
            diff: z.record(z.string(), z.tuple([z.json(), z.json()])),
            at: z.number(),
            lateRestatement: z.boolean(),
          }),
        ),
        syncRun: z
          .object({
            id: z.string(),
            offerId: z.string(),
            status: z.string(),
            startedAt: z.number(),
            httpStatus: z.number().nullable(),
            hasRawResponse: z.boolean(),
          })
          .nullable(),
        value: z.number().nullable(),
      }),
    ),
    metric: z.enum(DRILL_METRICS),
    range: z.object({
      from: z.string(),
      to: z.string(),
      timezone: z.string(),
      basis: z.enum(["reporting", "platform"]),
    }),
    total: z.number().nullable(),
    revenueByCurrency: z
      .array(
        z.object({
          currency: z.string(),
          micros: z.number(),
        }),
      )
      .optional(),
    page: z.number(),
    pageSize: z.number(),
    totalRows: z.number(),
  }),
]);

export const postbackKeyStateSchema = z.object({
  postbackKey: z.string(),
  previousKeyExpiresAt: z.number().nullable(),
});

const analyticsMetricsSchema = z.object({
  pageviews: z.number(),
  visitors: z.number(),
  visits: z.number(),
  bounces: z.number(),
  bounceRate: z.number().nullable(),
  engagedMs: z.number(),
  visitDurationMs: z.number().nullable(),
  timeOnPageMs: z.number().nullable(),
  pagesPerVisit: z.number().nullable(),
  offerClicks: z.number(),
  clickVisits: z.number(),
  ctr: z.number().nullable(),
  visitCtr: z.number().nullable(),
});
const analyticsRowSchema = analyticsMetricsSchema.extend({
  value: z.string(),
  label: z.string(),
  // The read model hands over the previous period's whole row, so its value and label may come along.
  previous: analyticsMetricsSchema.loose().nullable(),
});
const analyticsPointSchema = z.object({
  t: z.number(),
  label: z.string(),
  pageviews: z.number(),
  visitors: z.number(),
  visits: z.number(),
  offerClicks: z.number(),
});
const analyticsDimension = z.enum([
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
]);
const dateRange = z.object({ from: z.string(), to: z.string(), timezone: z.string() });

export const realtimeVisitorsSchema = z.object({
  visitors: z.number(),
  pages: z.array(z.object({ path: z.string(), visitors: z.number() })),
  sources: z.array(z.object({ source: z.string(), visitors: z.number() })),
});

export const siteAnalyticsSchema = z.object({
  site: z.object({ id: z.string(), name: z.string(), timezone: z.string(), domains: z.array(z.string()), publicKey: z.string() }),
  range: dateRange,
  previousRange: z.object({ from: z.string(), to: z.string() }).nullable(),
  granularity: z.enum(["hour", "day"]),
  totals: analyticsMetricsSchema,
  previousTotals: analyticsMetricsSchema.nullable(),
  series: z.array(analyticsPointSchema),
  previousSeries: z.array(analyticsPointSchema).nullable(),
  breakdowns: z.record(analyticsDimension, z.array(analyticsRowSchema)),
  realtime: realtimeVisitorsSchema,
  freshness: z.object({ asOf: z.number(), note: z.string() }),
});

export const analyticsBreakdownSchema = z.object({ dim: analyticsDimension, range: dateRange, rows: z.array(analyticsRowSchema) });

export const offerListSchema = z.object({
  offers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      platform: z.string(),
      brand: z.string(),
      merchant: z.string().nullable(),
      channel: z.string().nullable(),
      campaignTag: z.string().nullable(),
      trackingUrl: z.string(),
      clickParam: z.string().nullable(),
      effectiveClickParam: z.string(),
      postbackEvents: z.array(z.string()),
      postbackKey: z.string(),
      previousKeyExpiresAt: z.number().nullable(),
      platformTimezone: z.string(),
      accountCurrency: z.string().nullable(),
      syncEnabled: z.boolean(),
      siteIds: z.array(z.string()),
      apiSetupComplete: z.boolean(),
      hasConnector: z.boolean(),
      freshness: z
        .object({
          offerId: z.string(),
          offerName: z.string(),
          platform: z.string(),
          lastSuccessAt: z.number().nullable(),
          lastAttemptAt: z.number().nullable(),
          completeThrough: z.string().nullable(),
          cadenceHours: z.number(),
          state: freshnessState,
          lastError: z.string().nullable(),
        })
        .nullable(),
      settleHorizons: z
        .object({
          publishDelayHours: z.number().optional(),
          horizons: z
            .object({
              activity: z
                .union([
                  z.object({
                    kind: z.literal("days"),
                    days: z.number(),
                  }),
                  z.object({
                    kind: z.literal("month_close"),
                    graceDays: z.number(),
                  }),
                ])
                .optional(),
              earnings: z
                .union([
                  z.object({
                    kind: z.literal("days"),
                    days: z.number(),
                  }),
                  z.object({
                    kind: z.literal("month_close"),
                    graceDays: z.number(),
                  }),
                ])
                .optional(),
            })
            .optional(),
        })
        .nullable(),
      settleSettings: z.object({
        publishDelayHours: z.number(),
        horizons: z.object({
          activity: z.union([
            z.object({
              kind: z.literal("days"),
              days: z.number(),
            }),
            z.object({
              kind: z.literal("month_close"),
              graceDays: z.number(),
            }),
          ]),
          earnings: z.union([
            z.object({
              kind: z.literal("days"),
              days: z.number(),
            }),
            z.object({
              kind: z.literal("month_close"),
              graceDays: z.number(),
            }),
          ]),
        }),
      }),
      createdAt: z.number(),
      archivedAt: z.number().nullable(),
    }),
  ),
});

export const offerOneSchema = z.object({
  offer: z.object({
    ipAllowlist: z.array(z.string()),
    deal: z.object({
      type: z.enum(["cpa", "revshare", "hybrid", "other"]).nullable(),
      cpa: z.string().nullable(),
      currency: z.string().nullable(),
      revsharePct: z.string().nullable(),
      baseline: z.string().nullable(),
      notes: z.string().nullable(),
    }),
    casino: z
      .object({
        id: z.string(),
        name: z.string(),
        logoUrl: z.string().nullable(),
        bonusText: z.string().nullable(),
        paymentMethods: z.array(z.string()),
        markets: z.array(z.string()),
      })
      .nullable(),
    apiSetup: z.object({
      config: z.record(z.string(), z.union([z.boolean(), z.string(), z.number(), z.array(z.string()), z.record(z.string(), z.json())])),
      secrets: z.record(
        z.string(),
        z.object({
          set: z.literal(true),
          masked: z.string().nullable(),
        }),
      ),
      complete: z.boolean(),
      missing: z.array(
        z.object({
          field: z.string(),
          message: z.string(),
        }),
      ),
    }),
    cadenceHours: z.number(),
    id: z.string(),
    name: z.string(),
    platform: z.string(),
    brand: z.string(),
    merchant: z.string().nullable(),
    channel: z.string().nullable(),
    campaignTag: z.string().nullable(),
    trackingUrl: z.string(),
    clickParam: z.string().nullable(),
    effectiveClickParam: z.string(),
    postbackEvents: z.array(z.string()),
    postbackKey: z.string(),
    previousKeyExpiresAt: z.number().nullable(),
    platformTimezone: z.string(),
    accountCurrency: z.string().nullable(),
    syncEnabled: z.boolean(),
    siteIds: z.array(z.string()),
    apiSetupComplete: z.boolean(),
    hasConnector: z.boolean(),
    freshness: z
      .object({
        offerId: z.string(),
        offerName: z.string(),
        platform: z.string(),
        lastSuccessAt: z.number().nullable(),
        lastAttemptAt: z.number().nullable(),
        completeThrough: z.string().nullable(),
        cadenceHours: z.number(),
        state: freshnessState,
        lastError: z.string().nullable(),
      })
      .nullable(),
    settleHorizons: z
      .object({
        publishDelayHours: z.number().optional(),
        horizons: z
          .object({
            activity: z
              .union([
                z.object({
                  kind: z.literal("days"),
                  days: z.number(),
                }),
                z.object({
                  kind: z.literal("month_close"),
                  graceDays: z.number(),
                }),
              ])
              .optional(),
            earnings: z
              .union([
                z.object({
                  kind: z.literal("days"),
                  days: z.number(),
                }),
                z.object({
                  kind: z.literal("month_close"),
                  graceDays: z.number(),
                }),
              ])
              .optional(),
          })
          .optional(),
      })
      .nullable(),
    settleSettings: z.object({
      publishDelayHours: z.number(),
      horizons: z.object({
        activity: z.union([
          z.object({
            kind: z.literal("days"),
            days: z.number(),
          }),
          z.object({
            kind: z.literal("month_close"),
            graceDays: z.number(),
          }),
        ]),
        earnings: z.union([
          z.object({
            kind: z.literal("days"),
            days: z.number(),
          }),
          z.object({
            kind: z.literal("month_close"),
            graceDays: z.number(),
          }),
        ]),
      }),
    }),
    createdAt: z.number(),
    archivedAt: z.number().nullable(),
  }),
});

export const offerLifecycleSchema = z.object({
  offer: z.object({
    id: z.string(),
    name: z.string(),
    archivedAt: z.number().nullable(),
    syncEnabled: z.boolean(),
  }),
});

export const offerClonedSchema = z.object({
  offer: z.object({
    id: z.string(),
    name: z.string(),
    secretsCopied: z.literal(false),
  }),
});

export const testConnectionSchema = z.union([
  z.object({
    ok: z.literal(true),
    window: z.object({
      from: z.string(),
      to: z.string(),
    }),
    timezone: z.string(),
    rowCount: z.number(),
    currencies: z.array(z.string()),
    dateRange: z
      .object({
        first: z.string(),
        last: z.string(),
      })
      .nullable(),
    rows: z.array(
      z.object({
        reportDate: z.string(),
        brand: z.string().nullable(),
        campaign: z.string().nullable(),
        clickId: z.string().nullable(),
        country: z.string().nullable(),
        clicks: z.number().nullable(),
        registrations: z.number().nullable(),
        ftds: z.number().nullable(),
        qualified: z.number().nullable(),
        depositingPlayers: z.number().nullable(),
        deposits: z.string().nullable(),
        ftdAmount: z.string().nullable(),
        ngr: z.string().nullable(),
        commission: z.string().nullable(),
        commissionCpa: z.string().nullable(),
        commissionRevshare: z.string().nullable(),
        currency: z.string(),
      }),
    ),
    totals: z.object({
      clicks: z.number(),
      registrations: z.number(),
      ftds: z.number(),
      commission: z.array(
        z.object({
          amount: z.string(),
          currency: z.string(),
        }),
      ),
    }),
    tagDimension: z.string(),
    tags: z.array(
      z.object({
        dimension: z.string(),
        value: z.string().nullable(),
        rows: z.number(),
        clicks: z.number().nullable(),
        registrations: z.number().nullable(),
        ftds: z.number().nullable(),
        commission: z.array(
          z.object({
            amount: z.string(),
            currency: z.string(),
          }),
        ),
        siteId: z.string().nullable(),
        siteName: z.string().nullable(),
        placement: z.enum(PLACEMENTS),
      }),
    ),
    columns: z
      .object({
        fedBy: z.record(z.string(), z.string().nullable()),
        flags: z.array(
          z.object({
            metric: z.string(),
            column: z.string(),
            alternative: z.string(),
            message: z.string(),
          }),
        ),
      })
      .nullable(),
    httpStatus: z.number().nullable(),
    note: z.string().nullable(),
    durationMs: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    window: z.object({
      from: z.string(),
      to: z.string(),
    }),
    timezone: z.string(),
    error: z.object({
      kind: testConnectionErrorKind,
      title: z.string(),
      message: z.string(),
      hint: z.string(),
      httpStatus: z.number().nullable(),
      retryAfterSeconds: z.number().nullable(),
      raw: z.string().nullable(),
    }),
    durationMs: z.number(),
  }),
]);

export const offerFreshnessSchema = z.object({
  freshness: z
    .object({
      offerId: z.string(),
      offerName: z.string(),
      platform: z.string(),
      lastSuccessAt: z.number().nullable(),
      lastAttemptAt: z.number().nullable(),
      completeThrough: z.string().nullable(),
      cadenceHours: z.number(),
      state: freshnessState,
      lastError: z.string().nullable(),
    })
    .nullable(),
});

export const syncRunListSchema = z.object({
  runs: z.array(
    z.object({
      id: z.string(),
      offerId: z.string(),
      trigger: z.enum(["test", "cron", "manual"]),
      status: syncRunStatus,
      startedAt: z.number(),
      finishedAt: z.number().nullable(),
      windowFrom: z.string(),
      windowTo: z.string(),
      rowsRead: z.number(),
      rowsInserted: z.number(),
      rowsChanged: z.number(),
      rowsRemoved: z.number(),
      httpStatus: z.number().nullable(),
      error: z.string().nullable(),
      attempt: z.number(),
      windowsTotal: z.number(),
      windowsDone: z.number(),
      requestId: z.string().nullable(),
      metricColumns: z
        .object({
          fedBy: z.record(z.string(), z.string().nullable()),
          flags: z.array(
            z.object({
              metric: z.string(),
              column: z.string(),
              alternative: z.string(),
              message: z.string(),
            }),
          ),
        })
        .nullable(),
    }),
  ),
});

export const syncRunOneSchema = z.object({
  run: z.object({
    rawResponse: z.string().nullable(),
    rawTruncated: z.boolean(),
    id: z.string(),
    offerId: z.string(),
    trigger: z.enum(["test", "cron", "manual"]),
    status: syncRunStatus,
    startedAt: z.number(),
    finishedAt: z.number().nullable(),
    windowFrom: z.string(),
    windowTo: z.string(),
    rowsRead: z.number(),
    rowsInserted: z.number(),
    rowsChanged: z.number(),
    rowsRemoved: z.number(),
    httpStatus: z.number().nullable(),
    error: z.string().nullable(),
    attempt: z.number(),
    windowsTotal: z.number(),
    windowsDone: z.number(),
    requestId: z.string().nullable(),
    metricColumns: z
      .object({
        fedBy: z.record(z.string(), z.string().nullable()),
        flags: z.array(
          z.object({
            metric: z.string(),
            column: z.string(),
            alternative: z.string(),
            message: z.string(),
          }),
        ),
      })
      .nullable(),
  }),
});

export const offerChangesSchema = z.object({
  changes: z.array(
    z.object({
      id: z.string(),
      syncRunId: z.string(),
      reportDate: z.string(),
      kind: z.enum(["inserted", "changed", "removed"]),
      createdAt: z.number(),
      scope: z.string().nullable(),
      lateRestatement: z.boolean(),
      sentences: z.array(z.string()),
    }),
  ),
});

export const resyncStartedSchema = z.object({
  handle: z.object({
    requestId: z.string(),
    offerId: z.string(),
    from: z.string(),
    to: z.string(),
    enqueuedAt: z.number(),
  }),
});

export const resyncProgressSchema = z.object({
  progress: z.object({
    requestId: z.string(),
    status: z.enum(["ok", "running", "failed", "partial", "queued"]),
    windowsTotal: z.number(),
    windowsDone: z.number(),
    attempts: z.number(),
    run: z
      .object({
        id: z.string(),
        offerId: z.string(),
        trigger: z.enum(["test", "cron", "manual"]),
        status: syncRunStatus,
        startedAt: z.number(),
        finishedAt: z.number().nullable(),
        windowFrom: z.string(),
        windowTo: z.string(),
        rowsRead: z.number(),
        rowsInserted: z.number(),
        rowsChanged: z.number(),
        rowsRemoved: z.number(),
        httpStatus: z.number().nullable(),
        error: z.string().nullable(),
        attempt: z.number(),
        windowsTotal: z.number(),
        windowsDone: z.number(),
        requestId: z.string().nullable(),
        metricColumns: z
          .object({
            fedBy: z.record(z.string(), z.string().nullable()),
            flags: z.array(
              z.object({
                metric: z.string(),
                column: z.string(),
                alternative: z.string(),
                message: z.string(),
              }),
            ),
          })
          .nullable(),
      })
      .nullable(),
  }),
});

export const offerDaysSchema = z.object({
  offerId: z.string(),
  timezone: z.string(),
  settings: z.object({
    publishDelayHours: z.number(),
    horizons: z.object({
      activity: z.union([
        z.object({
          kind: z.literal("days"),
          days: z.number(),
        }),
        z.object({
          kind: z.literal("month_close"),
          graceDays: z.number(),
        }),
      ]),
      earnings: z.union([
        z.object({
          kind: z.literal("days"),
          days: z.number(),
        }),
        z.object({
          kind: z.literal("month_close"),
          graceDays: z.number(),
        }),
      ]),
    }),
  }),
  completeThrough: z.string().nullable(),
  days: z.array(
    z.object({
      day: z.string(),
      state: dayState,
      families: z.object({
        activity: dayState,
        earnings: dayState,
      }),
      publishedAt: z.number(),
      settlesAt: z.object({
        activity: z.number(),
        earnings: z.number(),
      }),
      lastPulledAt: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});

export const offerEventsSchema = z.object({
  offerId: z.string(),
  platform: z.string(),
  defaults: z.array(
    z.object({
      name: z.string(),
      type: z.enum(POSTBACK_EVENT_TYPES),
      source: z.enum(["platform", "builtin"]),
    }),
  ),
  mappings: z.array(
    z.object({
      name: z.string(),
      type: z.enum(POSTBACK_EVENT_TYPES),
    }),
  ),
  unmapped: z.array(
    z.object({
      name: z.string(),
      sentAs: z.string(),
      count: z.number(),
      lastSeenAt: z.number(),
    }),
  ),
});

export const offerEventsSavedSchema = z.object({
  reapplied: z.number(),
  offerId: z.string(),
  platform: z.string(),
  defaults: z.array(
    z.object({
      name: z.string(),
      type: z.enum(POSTBACK_EVENT_TYPES),
      source: z.enum(["platform", "builtin"]),
    }),
  ),
  mappings: z.array(
    z.object({
      name: z.string(),
      type: z.enum(POSTBACK_EVENT_TYPES),
    }),
  ),
  unmapped: z.array(
    z.object({
      name: z.string(),
      sentAs: z.string(),
      count: z.number(),
      lastSeenAt: z.number(),
    }),
  ),
});

export const offerTagsSchema = z.object({
  offerId: z.string(),
  tagDimension: z.string(),
  tags: z.array(
    z.object({
      dimension: z.string(),
      value: z.string().nullable(),
      rows: z.number(),
      clicks: z.number().nullable(),
      registrations: z.number().nullable(),
      ftds: z.number().nullable(),
      commission: z.array(
        z.object({
          amount: z.string(),
          currency: z.string(),
        }),
      ),
      siteId: z.string().nullable(),
      siteName: z.string().nullable(),
      placement: z.enum(PLACEMENTS),
    }),
  ),
  totals: z.object({
    rows: z.number(),
    commission: z.array(
      z.object({
        amount: z.string(),
        currency: z.string(),
      }),
    ),
  }),
});

export const unassignedTagsSchema = z.object({
  offerId: z.string(),
  tagDimension: z.string(),
  tags: z.array(
    z.object({
      rows: z.number(),
      sample: z.array(
        z.object({
          reportDate: z.string(),
          brand: z.string().nullable(),
          currency: z.string(),
          clicks: z.number().nullable(),
          registrations: z.number().nullable(),
          ftds: z.number().nullable(),
          commission: z.string().nullable(),
          dimension: z.string().nullable(),
          value: z.string().nullable(),
        }),
      ),
      dimension: z.string(),
      value: z.string().nullable(),
      clicks: z.number().nullable(),
      registrations: z.number().nullable(),
      ftds: z.number().nullable(),
      commission: z.array(
        z.object({
          amount: z.string(),
          currency: z.string(),
        }),
      ),
      siteId: z.string().nullable(),
      siteName: z.string().nullable(),
      placement: z.enum(PLACEMENTS),
    }),
  ),
  totals: z.object({
    rows: z.number(),
    commission: z.array(
      z.object({
        amount: z.string(),
        currency: z.string(),
      }),
    ),
  }),
});

export const tagRoutesSchema = z.object({
  offerId: z.string(),
  platform: z.enum(PLATFORM_IDS),
  tagDimension: z.string(),
  dimensions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
    }),
  ),
  routes: z.array(
    z.object({
      dimension: z.string(),
      value: z.string(),
      siteId: z.string(),
      siteName: z.string().nullable(),
      campaignId: z.string().nullable(),
      updatedAt: z.number(),
    }),
  ),
  sites: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
    }),
  ),
});

export const tagRouteSavedSchema = z.object({
  route: z.object({
    updatedAt: z.number(),
    siteId: z.string(),
    campaignId: z.string().nullable(),
    dimension: z.string(),
    value: z.string(),
  }),
});

export const outgoingPostbacksSchema = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      campaignId: z.string(),
      campaignName: z.string().nullable(),
      conversionId: z.string(),
      eventType: z.string(),
      url: z.string(),
      status: z.enum(["failed", "pending", "delivered"]),
      attempts: z.number(),
      lastHttpStatus: z.number().nullable(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.number().nullable(),
      updatedAt: z.number(),
    }),
  ),
});

export const linkListSchema = z.object({
  links: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      url: z.string(),
      siteId: z.string(),
      siteName: z.string(),
      campaignId: z.string().nullable(),
      campaignName: z.string().nullable(),
      offerId: z.string(),
      offerName: z.string(),
      platform: z.enum(PLATFORM_IDS),
      clickParam: z.string(),
      clickParamIsPreset: z.boolean(),
      presetClickParam: z.string(),
      forwardParams: z.array(z.string()),
    }),
  ),
});

export const linkCreatedSchema = z.object({
  id: z.string(),
  slug: z.string(),
  url: z.string(),
});

export const campaignOneSchema = z.object({
  campaign: z.object({
    offers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        platform: z.enum(PLATFORM_IDS),
        accountCurrency: z.string().nullable(),
      }),
    ),
    links: z.array(
      z.object({
        id: z.string(),
        slug: z.string(),
        url: z.string(),
        offerId: z.string(),
        offerName: z.string(),
        forwardParams: z.array(z.string()),
      }),
    ),
    postbackUrls: z.array(
      z.object({
        platform: z.enum(PLATFORM_IDS),
        platformLabel: z.string(),
        offerNames: z.array(z.string()),
        event: z.string(),
        url: z.string(),
      }),
    ),
    previousKeyExpiresAt: z.number().nullable(),
    id: z.string(),
    name: z.string(),
    siteId: z.string(),
    siteName: z.string().nullable(),
    trafficSourceId: z.string().nullable(),
    trafficSource: z.string().nullable(),
    offerIds: z.array(z.string()),
    status: z.enum(CAMPAIGN_STATUSES),
    forwardParams: z.array(z.string()),
    linkCount: z.number(),
    createdAt: z.number(),
  }),
});

export const roundTripSchema = z.object({
  result: z.object({
    click: z.object({
      slug: z.string(),
      status: z.number(),
      location: z.string().nullable(),
      clickId: z.string().nullable(),
      clickParam: z.string(),
      flag: z.string(),
    }),
    postback: z
      .object({
        url: z.string(),
        status: z.number(),
        outcome: z.string().nullable(),
        reason: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    ok: z.boolean(),
    summary: z.string(),
  }),
});

export const openApiDocumentSchema = z.record(z.string(), z.json());

/** GET /api/sites/:id/live without an Upgrade header: the hub's snapshot (the WebSocket sends the same shape). */
export const liveSnapshotSchema = z.object({
  day: z.string(),
  counters: z.array(z.object({ campaignId: z.string(), offerId: z.string(), metric: z.string(), currency: z.string(), value: z.number() })),
  realtime: z.object({
    visitors: z.number(),
    pages: z.array(z.object({ path: z.string(), visitors: z.number() })),
    sources: z.array(z.object({ source: z.string(), visitors: z.number() })),
  }),
});

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
  Assert<Same<z.infer<typeof analyticsDimension>, AnalyticsDimension>>,
  Assert<Same<z.infer<typeof analyticsMetricsSchema>, AnalyticsMetrics>>,
  Assert<Same<z.infer<typeof realtimeVisitorsSchema>, RealtimeVisitors>>,
  Assert<Same<z.infer<typeof freshnessState>, FreshnessState>>,
  Assert<Same<z.infer<typeof syncRunStatus>, SyncRunStatus>>,
  Assert<Same<z.infer<typeof testConnectionErrorKind>, TestConnectionErrorKind>>,
  Assert<Same<z.infer<typeof metricLayer>, MetricLayer>>,
  Assert<Same<z.infer<typeof metricKind>, MetricKind>>,
];
