/**
 * When a platform day is published and when it settles: the vocabulary (metric families), each
 * platform's defaults, and the per-offer override schema. Declared once here; the Worker (sync,
 * reports) and the dashboard derive from it. The state machine itself is in ./day-state.ts.
 */
import { z } from "zod";
import type { PlatformId } from "./platforms";

/**
 * Metric families restate on different schedules: daily activity (clicks, registrations, FTDs,
 * deposits) is corrected for days; earnings (NGR, commission, CPA qualification) until the month is
 * closed for invoicing.
 */
export const METRIC_FAMILIES = ["activity", "earnings"] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

export const METRIC_FAMILY_LABELS: Record<MetricFamily, { label: string; help: string }> = {
  activity: { label: "Daily activity", help: "impressions, clicks, registrations, FTDs, deposits" },
  earnings: { label: "Earnings", help: "NGR, rev-share, CPA and other commission, qualified FTDs" },
};

/** Family of each canonical revenue metric (workers/revenue/canonical.ts METRIC_FIELDS must all be here). */
export const METRIC_FAMILY_OF = {
  impressions: "activity",
  clicks: "activity",
  registrations: "activity",
  ftdCount: "activity",
  depositingPlayers: "activity",
  depositCount: "activity",
  depositsMicros: "activity",
  ftdAmountMicros: "activity",
  // Qualification is decided later (thresholds checked with the month's data), like CPA commission.
  qftdCount: "earnings",
  ngrMicros: "earnings",
  commissionRevshareMicros: "earnings",
  commissionCpaMicros: "earnings",
  commissionOtherMicros: "earnings",
  commissionTotalMicros: "earnings",
} as const satisfies Record<string, MetricFamily>;

/**
 * How long a family stays open to restatement after a day ends:
 * - `days`: N whole days after the day ends (the day settles at the start of day D+N+1);
 * - `month_close`: until the month is closed, `graceDays` days into the next month
 *   (graceDays 10 = the previous month can change through the 10th, settles at the start of the 11th).
 */
export type SettleHorizon = { kind: "days"; days: number } | { kind: "month_close"; graceDays: number };

export interface SettleSettings {
  /** Hours after a platform day ends (in the platform's timezone) before the platform has published it. */
  publishDelayHours: number;
  horizons: Record<MetricFamily, SettleHorizon>;
}

const DAILY_7: SettleHorizon = { kind: "days", days: 7 };
const MONTH_CLOSE_10: SettleHorizon = { kind: "month_close", graceDays: 10 };

/**
 * Platform defaults. Delays are assumptions from platforms.md (Cellxpert stats are near real time,
 * MyAffiliates/ReferOn/Income Access process yesterday's feed once a day); every value is editable
 * per offer because programs differ.
 */
export const PLATFORM_SETTLE_DEFAULTS: Record<PlatformId, SettleSettings> = {
  affilka: { publishDelayHours: 6, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  income_access: { publishDelayHours: 12, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  map: { publishDelayHours: 12, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  myaffiliates: { publishDelayHours: 12, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  referon: { publishDelayHours: 12, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  cellxpert: { publishDelayHours: 2, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  smartico: { publishDelayHours: 3, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  netrefer: { publishDelayHours: 12, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  everflow: { publishDelayHours: 2, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
  generic: { publishDelayHours: 12, horizons: { activity: DAILY_7, earnings: MONTH_CLOSE_10 } },
};

const horizonSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("days"),
      days: z.number({ error: "must be a number of days" }).int("must be whole days").min(0, "must be 0 or more").max(120, "120 at most"),
    }),
    z.strictObject({
      kind: z.literal("month_close"),
      graceDays: z
        .number({ error: "must be a number of days" })
        .int("must be whole days")
        .min(0, "must be 0 or more")
        .max(27, "27 at most (the month must close before the next one ends)"),
    }),
  ],
  { error: 'must be {"kind":"days","days":N} or {"kind":"month_close","graceDays":N}' },
);

/**
 * Per-offer override (offer input `settleHorizons`): only the parts given replace the platform
 * default; null (or {}) means the platform defaults.
 */
export const settleOverrideSchema = z
  .strictObject({
    publishDelayHours: z
      .number({ error: "must be a number of hours" })
      .int("must be whole hours")
      .min(0, "must be 0 or more")
      .max(168, "168 at most")
      .optional(),
    horizons: z.strictObject({ activity: horizonSchema.optional(), earnings: horizonSchema.optional() }).optional(),
  })
  .nullable();
export type SettleOverride = z.infer<typeof settleOverrideSchema>;

/** The platform defaults with the offer's override laid over them. */
export function effectiveSettle(platform: PlatformId, override: SettleOverride | undefined): SettleSettings {
  const base = PLATFORM_SETTLE_DEFAULTS[platform];
  return {
    publishDelayHours: override?.publishDelayHours ?? base.publishDelayHours,
    horizons: {
      activity: override?.horizons?.activity ?? base.horizons.activity,
      earnings: override?.horizons?.earnings ?? base.horizons.earnings,
    },
  };
}

export function describeHorizon(h: SettleHorizon): string {
  return h.kind === "days"
    ? `${h.days} day${h.days === 1 ? "" : "s"} after the day`
    : `until the month closes (${h.graceDays} day${h.graceDays === 1 ? "" : "s"} into the next month)`;
}
