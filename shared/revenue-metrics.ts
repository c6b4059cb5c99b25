/** The figures of a canonical revenue row (workers/revenue/canonical.ts), in display order. Declared once here. */
export const METRIC_FIELDS = [
  "impressions",
  "clicks",
  "registrations",
  "ftdCount",
  "qftdCount",
  "depositingPlayers",
  "depositCount",
  "depositsMicros",
  "ftdAmountMicros",
  "ngrMicros",
  "commissionRevshareMicros",
  "commissionCpaMicros",
  "commissionOtherMicros",
  "commissionTotalMicros",
] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];
