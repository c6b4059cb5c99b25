import { DAY_STATE_LABELS } from "../../shared/day-state";
import { formatMicros } from "../../shared/money";
import type { SiteOverviewResponse } from "../../shared/report-types";
import { recordsToCsv } from "../lib/csv";

/**
 * The Site Overview by day as CSV. Every row carries the day's state and the state of each
 * platform figure, so an export never shows a provisional number as final. A figure the revenue
 * layer lacks is an empty cell, never 0.
 */
const COLUMNS = [
  "day",
  "state",
  "clicks",
  "unique_clicks",
  "registrations",
  "ftds",
  "qualified",
  "deposits",
  "platform_registrations",
  "platform_ftds",
  "platform_counts_state",
  "revenue",
  "revenue_currency",
  "revenue_state",
  "state_note",
] as const;

export function siteOverviewCsv(o: SiteOverviewResponse): string {
  return recordsToCsv(
    COLUMNS,
    o.series.map((d) => ({
      day: d.day,
      state: DAY_STATE_LABELS[d.dayState],
      clicks: d.clicks,
      unique_clicks: d.uniqueClicks,
      registrations: d.registrations,
      ftds: d.ftds,
      qualified: d.qualified,
      deposits: d.deposits,
      platform_registrations: d.platformRegistrations,
      platform_ftds: d.platformFtds,
      platform_counts_state: DAY_STATE_LABELS[d.countsState],
      // Exact decimal text (micros, never a float); a negative figure stays a number.
      revenue: d.revenueMicros === null ? null : formatMicros(d.revenueMicros),
      revenue_currency: o.reportingCurrency,
      revenue_state: DAY_STATE_LABELS[d.earningsState],
      state_note: d.stateNote,
    })),
  );
}
