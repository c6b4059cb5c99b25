/**
 * Site Report contract: the query (zod, parsed from the URL by the API and built by the dashboard)
 * and the response types. Dimensions, metrics, presets and compare modes are declared here once;
 * the Worker's read model, the CSV columns and the dashboard's pickers all derive from these lists.
 *
 * Two layers side by side in every row: the tracked layer (clicks and postback conversions, bucketed
 * in the member's reporting timezone) and the operator layer (platform reports, on the platform's own
 * day, never shifted). A time bucket that holds both says so (`dayBasis`). A metric a report lacks is
 * null ("not reported"), never 0.
 */
import { z } from "zod";
import type { DayState } from "./day-state";
import { formatMicros } from "./money";
import type { UnassignedPart } from "./report-types";
import type { MetricFamily } from "./settle";
import { addDays, calendarDate } from "./time";

// ── Dimensions ───────────────────────────────────────────────────────────────────────────────

export const REPORT_DIMENSIONS = ["day", "week", "month", "site", "campaign", "offer", "casinoEntry", "source", "market", "subId"] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export const REPORT_DIMENSION_LABELS: Record<ReportDimension, string> = {
  day: "Day",
  week: "Week",
  month: "Month",
  site: "Site",
  campaign: "Campaign",
  offer: "Offer",
  casinoEntry: "Casino entry",
  source: "Traffic source",
  market: "Market",
  subId: "Sub-id",
};

/** Time dimensions: their values are dates (day `YYYY-MM-DD`, week = its Monday `YYYY-MM-DD`, month `YYYY-MM`). */
export const TIME_DIMENSIONS = ["day", "week", "month"] as const satisfies readonly ReportDimension[];
export const isTimeDimension = (d: ReportDimension): d is (typeof TIME_DIMENSIONS)[number] =>
  (TIME_DIMENSIONS as readonly string[]).includes(d);

/** The value of an entity dimension nobody set (no campaign, unknown country, no sub-id). */
export const NONE_VALUE = "(none)";

// ── Metrics ──────────────────────────────────────────────────────────────────────────────────

export const METRIC_LAYERS = ["tracked", "operator", "derived"] as const;
export type MetricLayer = (typeof METRIC_LAYERS)[number];
export const METRIC_KINDS = ["count", "money", "ratio"] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface ReportMetricDef {
  label: string;
  layer: MetricLayer;
  kind: MetricKind;
  /** Which day-state family decides how final the figure is (operator layer); null = real-time. */
  family: MetricFamily | null;
  help: string;
}

/**
 * Every metric of the report, in column order. Money metrics are integer micros in the response's
 * `currency` (the workspace's reporting currency); their keys end in `Micros` so hide-financials
 * redacts them by name.
 */
export const REPORT_METRICS = {
  clicks: {
    label: "Clicks",
    layer: "tracked",
    kind: "count",
    family: null,
    help: "Counted clicks (bots, previews and HEAD requests are not counted)",
  },
  uniqueClicks: {
    label: "Unique clicks",
    layer: "tracked",
    kind: "count",
    family: null,
    help: "First click of a visitor per link and day",
  },
  registrations: {
    label: "Registrations",
    layer: "tracked",
    kind: "count",
    family: null,
    help: "Registration postbacks (rejected and reversed ones not counted)",
  },
  operatorRegistrations: {
    label: "Registrations (operator)",
    layer: "operator",
    kind: "count",
    family: "activity",
    help: "Registrations in the operator's reports",
  },
  ftds: {
    label: "FTDs",
    layer: "tracked",
    kind: "count",
    family: null,
    help: "First-deposit postbacks (rejected and reversed ones not counted)",
  },
  operatorFtds: { label: "FTDs (operator)", layer: "operator", kind: "count", family: "activity", help: "FTDs in the operator's reports" },
  qualified: { label: "QFTDs", layer: "tracked", kind: "count", family: null, help: "Qualified-FTD / CPA postbacks" },
  operatorQftds: {
    label: "QFTDs (operator)",
    layer: "operator",
    kind: "count",
    family: "activity",
    help: "Qualified FTDs in the operator's reports",
  },
  deposits: { label: "Deposits", layer: "tracked", kind: "count", family: null, help: "Deposit postbacks" },
  depositsMicros: {
    label: "Deposit amount (operator)",
    layer: "operator",
    kind: "money",
    family: "activity",
    help: "Deposit amounts in the operator's reports",
  },
  ngrMicros: { label: "NGR", layer: "operator", kind: "money", family: "earnings", help: "Net gaming revenue in the operator's reports" },
  commissionMicros: {
    label: "Commission",
    layer: "operator",
    kind: "money",
    family: "earnings",
    help: "Commission in the operator's reports",
  },
  cr: { label: "CR", layer: "derived", kind: "ratio", family: null, help: "Tracked FTDs per counted click (0..1); null without clicks" },
  epcMicros: {
    label: "EPC",
    layer: "derived",
    kind: "money",
    family: "earnings",
    help: "Commission per counted click; null without clicks or commission",
  },
} as const satisfies Record<string, ReportMetricDef>;

export type ReportMetric = keyof typeof REPORT_METRICS;
export const REPORT_METRIC_KEYS = Object.keys(REPORT_METRICS) as ReportMetric[];

/**
 * A figure as the table and the CSV show it (one formatter, so the CSV equals the table): counts as
 * integers, money as decimals of the reporting currency, CR as a percentage; null = "" (not reported).
 */
export function formatMetric(metric: ReportMetric, value: number | null): string {
  if (value === null) return "";
  const kind: MetricKind = REPORT_METRICS[metric].kind;
  if (kind === "money") return formatMicros(value);
  if (kind === "ratio") return `${(value * 100).toFixed(2)}%`;
  return String(value);
}

/** One row's (or the totals') figures: null = not reported (never shown as 0). */
export type ReportMetricValues = Record<ReportMetric, number | null>;

// ── Dates: presets and compare ───────────────────────────────────────────────────────────────

export const DATE_PRESETS = [
  "today",
  "yesterday",
  "last_7_days",
  "last_30_days",
  "this_month",
  "last_month",
  "last_90_days",
  "this_year",
  "last_12_months",
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export const DATE_PRESET_LABELS: Record<DatePreset, string> = {
  today: "Today",
  yesterday: "Yesterday",
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  this_month: "This month",
  last_month: "Last month",
  last_90_days: "Last 90 days",
  this_year: "This year",
  last_12_months: "Last 12 months",
};

/** A preset's range, given today's date in the member's reporting timezone. Ranges include both ends. */
export function resolvePreset(preset: DatePreset, today: string): { from: string; to: string } {
  const month = today.slice(0, 7);
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "last_7_days":
      return { from: addDays(today, -6), to: today };
    case "last_30_days":
      return { from: addDays(today, -29), to: today };
    case "last_90_days":
      return { from: addDays(today, -89), to: today };
    case "this_month":
      return { from: `${month}-01`, to: today };
    case "last_month": {
      const end = addDays(`${month}-01`, -1);
      return { from: `${end.slice(0, 7)}-01`, to: end };
    }
    case "this_year":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case "last_12_months": {
      const y = Number(today.slice(0, 4)) - 1;
      return { from: addDays(`${y}${today.slice(4)}`, 1), to: today };
    }
  }
}

export const COMPARE_MODES = ["none", "previous", "last_year"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export const COMPARE_MODE_LABELS: Record<CompareMode, string> = {
  none: "No comparison",
  previous: "Previous period",
  last_year: "Same period last year",
};

/** The range a compare mode sets against [from, to]: the same number of days just before, or one year back. */
export function compareRange(mode: CompareMode, from: string, to: string): { from: string; to: string } | null {
  if (mode === "none") return null;
  if (mode === "previous") {
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    return { from: addDays(from, -days), to: addDays(from, -1) };
  }
  // 29 Feb maps to 28 Feb of the year before.
  const back = (d: string) => {
    const y = `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
    return d.slice(5) === "02-29" ? `${y.slice(0, 4)}-02-28` : y;
  };
  return { from: back(from), to: back(to) };
}

// ── Query ────────────────────────────────────────────────────────────────────────────────────

export const REPORT_SORT_KEYS = ["dimension1", "dimension2", ...REPORT_METRIC_KEYS] as const;
export type ReportSortKey = (typeof REPORT_SORT_KEYS)[number];

export const REPORT_PAGE_SIZES = [25, 50, 100, 250, 500] as const;
export const REPORT_MAX_DAYS = 732;

/** Comma-separated ids in the URL (`offerId=a,b`), at most 100. */
const idList = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(1).max(64)).max(100));

/** `sub1=abc` style sub-id filter: the key and the value. */
const subIdFilter = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_.-]{1,40}=.{0,200}$/, "must be key=value, e.g. sub1=banner-top");

const date = calendarDate;

/** A preset and a from/to together are refused: the answer could echo one and report the other. */
const oneRangeOnly = (q: { preset?: unknown; from?: unknown; to?: unknown }) =>
  q.preset === undefined || (q.from === undefined && q.to === undefined);

/**
 * GET /api/reports/site and /api/reports/site.csv query. Either a preset or from+to (a custom range),
 * not both. No siteId (or `all`) = all sites of the workspace.
 */
export const siteReportQuerySchema = z
  .object({
    preset: z.enum(DATE_PRESETS).optional(),
    from: date.optional(),
    to: date.optional(),
    siteId: z.string().min(1).max(64).optional(),
    dimension1: z.enum(REPORT_DIMENSIONS).default("day"),
    dimension2: z.enum(REPORT_DIMENSIONS).optional(),
    /** Which sub-id key the subId dimension breaks down by (the click's forwarded parameter). */
    subIdKey: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, "must be a parameter name")
      .default("sub1"),
    // Filters
    campaignId: idList.optional(),
    offerId: idList.optional(),
    sourceId: idList.optional(),
    casinoEntryId: idList.optional(),
    market: z
      .string()
      .max(400)
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Z]{2}$|^\(NONE\)$/, "must be ISO 3166 country codes")).max(100))
      .optional(),
    subId: subIdFilter.optional(),
    sort: z.enum(REPORT_SORT_KEYS).default("dimension1"),
    dir: z.enum(["asc", "desc"]).default("asc"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    // A literal rather than a refine, so the OpenAPI document lists the sizes this validates against.
    pageSize: z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
      z.literal(REPORT_PAGE_SIZES, { error: `must be one of ${REPORT_PAGE_SIZES.join(", ")}` }).default(50),
    ),
    compare: z.enum(COMPARE_MODES).default("none"),
  })
  .refine((q) => q.preset !== undefined || (q.from !== undefined && q.to !== undefined), {
    message: "send a preset or both from and to",
    path: ["from"],
  })
  .refine(oneRangeOnly, { message: "send either a preset or from and to, not both", path: ["preset"] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.to) - Date.parse(q.from) < REPORT_MAX_DAYS * 86_400_000, {
    message: `range is limited to ${REPORT_MAX_DAYS} days`,
    path: ["to"],
  })
  .refine((q) => q.dimension2 === undefined || q.dimension2 !== q.dimension1, {
    message: "must differ from dimension1",
    path: ["dimension2"],
  });

export type SiteReportQueryInput = z.input<typeof siteReportQuerySchema>;
export type SiteReportQuery = z.output<typeof siteReportQuerySchema>;

// ── Response ─────────────────────────────────────────────────────────────────────────────────

export interface ReportDimValue {
  /** Stable key (id, date, ISO country, sub-id value, or NONE_VALUE). */
  value: string;
  /** What to show (entity name, "Week of 2026-03-23", country code, "(none)"). */
  label: string;
}

/** How final the operator figures of a row are (least final over its offers and platform days). */
export interface ReportRowState {
  /** Registrations / FTDs / QFTDs / deposits reported by the operator. */
  counts: DayState;
  /** NGR / commission / EPC. */
  earnings: DayState;
  /** Platform days of the row not settled yet (capped at 31, `more` says how many were left off). */
  openDays: string[];
  more: number;
}

export interface SiteReportRow {
  dimension1: ReportDimValue;
  /** null when no second level was asked for. */
  dimension2: ReportDimValue | null;
  metrics: ReportMetricValues;
  /** The same row's figures in the compare range (matched by value; time buckets by position); null without compare or no match. */
  compare: ReportMetricValues | null;
  /** null when the row covers no platform day of any syncing offer (no operator layer to be final about). */
  state: ReportRowState | null;
  /** A time row whose tracked figures are on reporting-timezone days and operator figures on platform days. */
  mixedBases: boolean;
  /** Currencies of operator money that could not be converted (no FX rate): those money figures are null. */
  missingFx: string[];
}

export interface SiteReportResponse {
  query: {
    from: string;
    to: string;
    preset: DatePreset | null;
    siteId: string | null;
    dimension1: ReportDimension;
    dimension2: ReportDimension | null;
    subIdKey: string;
    sort: ReportSortKey;
    dir: "asc" | "desc";
    compare: CompareMode;
  };
  /** The member's reporting timezone: tracked figures are bucketed in it. */
  timezone: string;
  /** Reporting currency of every money metric. */
  currency: string;
  compareRange: { from: string; to: string } | null;
  /** How the two layers are dated, shown under the table. */
  dayBasis: { tracked: string; operator: string };
  /**
   * Metric columns in order, with labels and layers (from REPORT_METRICS). Named `metric` so that
   * hide-financials drops the money columns for members who must not see them.
   */
  columns: { metric: ReportMetric; label: string; layer: MetricLayer; kind: MetricKind }[];
  rows: SiteReportRow[];
  totals: {
    metrics: ReportMetricValues;
    compare: ReportMetricValues | null;
    state: ReportRowState | null;
    missingFx: string[];
    /** Revenue not placed on a site: part of the totals for all sites, outside them for one site. */
    unassigned: UnassignedPart;
  };
  pagination: { page: number; pageSize: number; totalRows: number; totalPages: number };
  /** Where the figures came from: "rollup" (daily rollups) or "raw" (raw rows; e.g. sub-id breakdowns). */
  source: "rollup" | "raw";
  /** How fresh each layer is: tracked figures as of the answer; operator figures as of the scope's offers' pulls. */
  freshness: {
    /** When the tracked figures were read (epoch ms): they are live. */
    asOf: number;
    /** The latest successful pull of a syncing offer in scope (epoch ms); null: none yet. */
    lastSyncAt: number | null;
    /** The last day settled for every syncing offer in scope; null while any has none. */
    completeThrough: string | null;
    syncingOffers: number;
  };
}

// ── Site Overview query ──────────────────────────────────────────────────────────────────────

/**
 * GET /api/sites/:id/overview(.csv) and, for all sites at once, GET /api/reports/overview(.csv).
 * A preset or from+to (custom range, at most 366 days; not both), optional campaign filter, compare mode.
 * Response: SiteOverviewResponse (shared/report-types.ts).
 */
export const siteOverviewQuerySchema = z
  .object({
    preset: z.enum(DATE_PRESETS).optional(),
    from: date.optional(),
    to: date.optional(),
    campaign: z.string().max(64).optional(),
    compare: z.enum(COMPARE_MODES).default("none"),
  })
  .refine((q) => q.preset !== undefined || (q.from !== undefined && q.to !== undefined), {
    message: "send a preset or both from and to",
    path: ["from"],
  })
  .refine(oneRangeOnly, { message: "send either a preset or from and to, not both", path: ["preset"] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: "range is limited to 366 days",
    path: ["to"],
  });
export type SiteOverviewQuery = z.output<typeof siteOverviewQuerySchema>;

/** The range a parsed query asks for: from+to when sent, else the preset's (today in the member's timezone). */
export function queryRange(q: { preset?: DatePreset | undefined; from?: string | undefined; to?: string | undefined }, today: string) {
  if (q.from !== undefined && q.to !== undefined) return { from: q.from, to: q.to };
  return resolvePreset(q.preset ?? "last_30_days", today);
}
