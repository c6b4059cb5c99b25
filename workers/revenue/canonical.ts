import type { PlatformId } from "../../shared/platforms";
import { METRIC_FIELDS } from "../../shared/revenue-metrics";

/**
 * The canonical revenue record every connector produces (platforms.md §16.1).
 * Stored exactly as the platform bucketed it: report_date is the platform's day in `reportTz`.
 * Counts: null = not provided (≠ 0). Money: integer micros in `currency`.
 */
export interface CanonicalRow {
  platform: PlatformId;
  reportDate: string;
  reportTz: string;
  dateBasis: "activity" | "registration_cohort" | "ftd_cohort" | "commission_created";
  granularity: "day" | "month" | "period_invoice" | "lifetime";
  brandExtId: string | null;
  brandNameRaw: string | null;
  campaignExtId: string | null;
  campaignNameRaw: string | null;
  trackingCode: string | null;
  subIds: Record<string, string>;
  clickId: string | null;
  country: string | null;
  impressions: number | null;
  clicks: number | null;
  registrations: number | null;
  ftdCount: number | null;
  qftdCount: number | null;
  depositingPlayers: number | null;
  depositCount: number | null;
  depositsMicros: number | null;
  ftdAmountMicros: number | null;
  ngrMicros: number | null;
  commissionRevshareMicros: number | null;
  commissionCpaMicros: number | null;
  commissionOtherMicros: number | null;
  commissionTotalMicros: number | null;
  currency: string;
  currencyOrigin: "api_field" | "platform_converted" | "account_default";
  metricSemantics: Record<string, string> | null;
  raw: unknown;
}

// Declared in shared/ (the reports read it too); every one must be a figure of the canonical row.
export { METRIC_FIELDS };

METRIC_FIELDS satisfies readonly (keyof CanonicalRow)[];

/** Fields that change a row's identity vs. its values. */
export function naturalKeyOf(r: CanonicalRow): string {
  return JSON.stringify([
    r.reportDate,
    r.granularity,
    r.dateBasis,
    r.brandExtId ?? r.brandNameRaw ?? "",
    r.campaignExtId ?? "",
    r.trackingCode ?? "",
    r.clickId ?? "",
    r.country ?? "",
    Object.entries(r.subIds).sort(([a], [b]) => a.localeCompare(b)),
    r.currency,
  ]);
}

/** Hash of the values only; equal hash = unchanged restatement = no write. */
export async function rowHashOf(r: CanonicalRow): Promise<string> {
  const values = METRIC_FIELDS.map((f) => r[f]);
  const text = JSON.stringify([values, r.campaignNameRaw, r.brandNameRaw, r.metricSemantics]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function emptyRow(base: Pick<CanonicalRow, "platform" | "reportDate" | "reportTz" | "currency" | "currencyOrigin">): CanonicalRow {
  return {
    ...base,
    dateBasis: "activity",
    granularity: "day",
    brandExtId: null,
    brandNameRaw: null,
    campaignExtId: null,
    campaignNameRaw: null,
    trackingCode: null,
    subIds: {},
    clickId: null,
    country: null,
    impressions: null,
    clicks: null,
    registrations: null,
    ftdCount: null,
    qftdCount: null,
    depositingPlayers: null,
    depositCount: null,
    depositsMicros: null,
    ftdAmountMicros: null,
    ngrMicros: null,
    commissionRevshareMicros: null,
    commissionCpaMicros: null,
    commissionOtherMicros: null,
    commissionTotalMicros: null,
    metricSemantics: null,
    raw: null,
  };
}
