import { DAY_STATE_LABELS } from "../../shared/day-state";
import { DISCREPANCY_METRICS, DISCREPANCY_REASON_LABELS, type DiscrepanciesResponse } from "../../shared/discrepancies";
import { recordsToCsv } from "../lib/csv";

const COLUMNS = [
  "day",
  "offer_id",
  "offer",
  "state",
  "metric",
  "operator",
  "tracked",
  "tracked_platform_tz",
  "gap",
  "gap_pct",
  "gap_platform_tz",
  "flagged",
  "reasons",
  "reason_codes",
] as const;

/**
 * Discrepancies as CSV: one line per offer, day and metric, the same rows and reasons as the JSON.
 * A figure the operator has not reported is an empty cell, never 0.
 */
export function discrepanciesCsv(d: DiscrepanciesResponse): string {
  const lines = d.rows.flatMap((r) =>
    DISCREPANCY_METRICS.map((m) => {
      const c = r.metrics[m];
      return {
        day: r.day,
        offer_id: r.offerId,
        offer: r.offerName,
        state: DAY_STATE_LABELS[r.dayState],
        metric: m,
        operator: c.operator,
        tracked: c.tracked,
        tracked_platform_tz: c.trackedPlatformTz,
        gap: c.gap,
        gap_pct: c.gapPct,
        gap_platform_tz: c.gapPlatformTz,
        flagged: c.flagged ? "yes" : "",
        reasons: c.reasons.map((x) => `${DISCREPANCY_REASON_LABELS[x.code]} (${x.explains})`).join("; "),
        reason_codes: c.reasons.map((x) => x.code).join(" "),
      };
    }),
  );
  return recordsToCsv(COLUMNS, lines);
}
