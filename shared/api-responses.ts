/**
 * zod schemas of API answers, for the OpenAPI document and its conformance test. The TypeScript
 * interfaces in report-types.ts / entity-types.ts stay the source the handlers satisfy; the checks at
 * the end fail to compile when a schema and its interface drift apart.
 */
import { z } from "zod";
import { CLICK_FLAGS } from "./click-flags";
import { DAY_STATES } from "./day-state";
import type { CampaignView, CasinoEntryView, OnboardingState, SiteDetail, TrafficSourceView } from "./entity-types";
import { ONBOARDING_STEPS } from "./entity-types";
import { PLATFORM_IDS } from "./platforms";
import { POSTBACK_OUTCOMES } from "./postback-events";
import type { PostbackLogEntry, SiteOverviewResponse, SiteSummary } from "./report-types";
import { COST_MODELS, SOURCE_TYPES } from "./traffic-sources";

const nullableInt = z.number().int().nullable();
const money = z.object({ micros: z.number().int(), currency: z.string() });
const dayState = z.enum(DAY_STATES);

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
];
