/**
 * Discrepancies (operator-reported vs tracked) and drill-down: the reason vocabulary, the compared
 * metrics, query schemas and response types shared by the Worker and the dashboard.
 */
import { z } from "zod";
import { dateRangeSchema } from "./api-schemas";
import type { DayState } from "./day-state";
import { timezoneSchema } from "./entities";

/** Why an operator figure and the tracked one differ. Every list and label derives from this. */
export const DISCREPANCY_REASONS = [
  "not_yet_reported",
  "provisional",
  "timezone_shift",
  "qualification",
  "duplicates_filtered",
  "postbacks_rejected_or_unattributed",
  "direct_players",
  "not_placed_on_a_site",
  "restated_or_vanished",
  "postbacks_not_set_up",
  "unexplained",
] as const;
export type DiscrepancyReason = (typeof DISCREPANCY_REASONS)[number];

export const DISCREPANCY_REASON_LABELS: Record<DiscrepancyReason, string> = {
  not_yet_reported: "Not yet reported by the operator",
  provisional: "Provisional: the operator may still restate",
  timezone_shift: "Timezone shift: on another day in the platform's timezone",
  qualification: "Qualification (QFTD vs FTD)",
  duplicates_filtered: "Duplicate postbacks filtered",
  postbacks_rejected_or_unattributed: "Postbacks rejected or unattributed",
  direct_players: "Direct players (no click)",
  not_placed_on_a_site: "Rows of a tag placed on no site (another deal on the account, or set where revenue goes)",
  restated_or_vanished: "Restated or vanished after the day was provisional",
  postbacks_not_set_up: "Postbacks not set up for the offer",
  unexplained: "Unexplained",
};

/** The figures both layers report, compared one by one. */
export const DISCREPANCY_METRICS = ["registrations", "ftds", "qftds"] as const;
export type DiscrepancyMetric = (typeof DISCREPANCY_METRICS)[number];
export const DISCREPANCY_METRIC_LABELS: Record<DiscrepancyMetric, string> = {
  registrations: "Registrations",
  ftds: "FTDs",
  qftds: "QFTDs",
};

/** Kinds of postbacks that were received but not counted as an attributed conversion. */
export const UNCOUNTED_POSTBACK_KINDS = ["unreplaced_macro", "unknown_click", "bot_click", "junk_click", "rejected", "unmapped"] as const;
export type UncountedPostbackKind = (typeof UNCOUNTED_POSTBACK_KINDS)[number];

const threshold = z.coerce.number({ error: "must be a number" }).min(0, "must be at least 0").max(1000, "must be at most 1000").default(10);

export const discrepanciesQuerySchema = dateRangeSchema.and(
  z.object({
    /** Reporting timezone (default: the member's). */
    tz: timezoneSchema.optional(),
    site: z.string().min(1).max(64).optional(),
    offer: z.string().min(1).max(64).optional(),
    /** Gap in percent of the operator figure from which an offer is flagged. */
    threshold,
  }),
);
export type DiscrepanciesQuery = z.infer<typeof discrepanciesQuerySchema>;

export interface ReasonShare {
  code: DiscrepancyReason;
  /** Events found in the data for this reason (null for state-based reasons). */
  count: number | null;
  /** How much of the gap this reason accounts for (never more than what was left). */
  explains: number;
  /** Detail, e.g. the kinds of uncounted postbacks. */
  detail?: Partial<Record<UncountedPostbackKind, number>>;
}

export interface MetricComparison {
  /** Operator-reported (platform day); null = the operator has not reported it (never 0). */
  operator: number | null;
  /** Tracked (attributed postbacks, after mapping and reversals), bucketed in the reporting timezone. */
  tracked: number;
  /** The same events bucketed in the platform's timezone (the operator's day basis). */
  trackedPlatformTz: number;
  /** operator − tracked; null when the operator has not reported. */
  gap: number | null;
  gapPlatformTz: number | null;
  /** gap / operator in percent; null when there is no operator figure or it is 0. */
  gapPct: number | null;
  flagged: boolean;
  reasons: ReasonShare[];
}

export interface DiscrepancyRow {
  offerId: string;
  offerName: string;
  day: string;
  dayState: DayState;
  metrics: Record<DiscrepancyMetric, MetricComparison>;
}

export interface DiscrepancyOfferSummary {
  offerId: string;
  offerName: string;
  platform: string;
  platformTimezone: string;
  /** Totals over the range (operator null when no day of the range is reported). */
  totals: Record<DiscrepancyMetric, { operator: number | null; tracked: number; gap: number | null; gapPct: number | null }>;
  flagged: boolean;
  postbacksSetUp: boolean;
  /** The offer's last successful revenue pull (epoch ms): how fresh its operator figures are; null: none yet. */
  lastSyncAt: number | null;
}

export interface VanishedFtds {
  offerId: string;
  offerName: string;
  day: string;
  /** FTDs the operator reported before and after its latest restatement of the day. */
  before: number;
  after: number;
  dropped: number;
  /** Click ids of tracked FTDs whose operator row vanished or lost its FTD (row-level reports); null when the platform gives only counts. */
  clickIds: string[] | null;
  trackedFtds: number;
  note: string;
}

export interface DiscrepanciesResponse {
  range: { from: string; to: string; timezone: string };
  threshold: number;
  siteId: string | null;
  offers: DiscrepancyOfferSummary[];
  rows: DiscrepancyRow[];
  /** How many compared figures each reason appears on. */
  reasonCounts: Partial<Record<DiscrepancyReason, number>>;
  vanished: VanishedFtds[];
}

/** What a figure can be drilled into; each maps to one kind of row. */
export const DRILL_METRICS = [
  "clicks",
  "unique_clicks",
  "registrations",
  "ftds",
  "qualified",
  "deposits",
  "operator_registrations",
  "operator_ftds",
  "operator_qftds",
  "revenue",
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];
export const DRILL_METRIC_LABELS: Record<DrillMetric, string> = {
  clicks: "Clicks",
  unique_clicks: "Unique clicks",
  registrations: "Registrations (tracked)",
  ftds: "FTDs (tracked)",
  qualified: "QFTDs (tracked)",
  deposits: "Deposits (tracked)",
  operator_registrations: "Registrations (operator)",
  operator_ftds: "FTDs (operator)",
  operator_qftds: "QFTDs (operator)",
  revenue: "Revenue (operator)",
};

export const drillQuerySchema = dateRangeSchema.and(
  z.object({
    metric: z.enum(DRILL_METRICS, { error: `must be one of ${DRILL_METRICS.join(", ")}` }),
    tz: timezoneSchema.optional(),
    site: z.string().min(1).max(64).optional(),
    offer: z.string().min(1).max(64).optional(),
    source: z.string().min(1).max(64).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  }),
);
export type DrillQuery = z.infer<typeof drillQuerySchema>;

export interface DrillClick {
  id: string;
  ts: number;
  day: string;
  siteId: string;
  offerId: string;
  campaignId: string | null;
  isUnique: boolean;
  flag: string | null;
  country: string | null;
  subIds: Record<string, string>;
  placement: string | null;
  value: number;
}

export interface DrillPostback {
  id: string;
  outcome: string;
  reason: string | null;
  receivedAt: number;
  method: string;
  rawQuery: string;
  rawBody: string | null;
}

export interface DrillConversion {
  id: string;
  eventType: string;
  status: string;
  occurredAt: number;
  clickId: string | null;
  siteId: string | null;
  offerId: string | null;
  campaignId: string | null;
  txid: string | null;
  playerId: string | null;
  amountMicros: number | null;
  currency: string | null;
  postbacks: DrillPostback[];
  value: number;
}

export interface DrillRevenueRow {
  id: string;
  offerId: string;
  siteId: string | null;
  reportDate: string;
  reportTz: string;
  naturalKey: string;
  placement: string;
  clickId: string | null;
  tagValue: string | null;
  registrations: number | null;
  ftdCount: number | null;
  qftdCount: number | null;
  commissionTotalMicros: number | null;
  currency: string;
  revision: number;
  revisions: { syncRunId: string; kind: string; diff: Record<string, [unknown, unknown]>; at: number; lateRestatement: boolean }[];
  /** The pull that last wrote the row; its raw platform response (redacted) is at GET /api/offers/:offerId/sync-runs/:id. */
  syncRun: { id: string; offerId: string; status: string; startedAt: number; httpStatus: number | null; hasRawResponse: boolean } | null;
  /** This row's part of a count figure; null = the row does not report it (or the figure is money: see commission). */
  value: number | null;
}

export type DrillRows =
  | { kind: "clicks"; rows: DrillClick[] }
  | { kind: "conversions"; rows: DrillConversion[] }
  | { kind: "revenue"; rows: DrillRevenueRow[] };

export type DrillResponse = DrillRows & {
  metric: DrillMetric;
  range: { from: string; to: string; timezone: string; basis: "reporting" | "platform" };
  /** The figure the rows add up to (over every page); null when no row reports it. */
  total: number | null;
  /** Revenue only (then `total` is null): commission per original currency, never summed across currencies. */
  revenueByCurrency?: { currency: string; micros: number }[];
  page: number;
  pageSize: number;
  totalRows: number;
};
