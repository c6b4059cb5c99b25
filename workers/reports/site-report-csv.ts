import { DAY_STATE_LABELS } from "../../shared/day-state";
import { formatMetric, REPORT_DIMENSION_LABELS, type SiteReportResponse } from "../../shared/site-report";
import { toCsv } from "../lib/csv";

/**
 * The Site Report as CSV, equal to the table: the same rows in the same order (all pages), the
 * table's column labels, figures through the table's formatter (shared formatMetric), each row's
 * operator states. Not reported = empty cell, never 0. Money headers are named for money so
 * hide-financials drops them.
 */
export function siteReportCsv(r: SiteReportResponse): string {
  const head = [
    REPORT_DIMENSION_LABELS[r.query.dimension1],
    ...(r.query.dimension2 ? [REPORT_DIMENSION_LABELS[r.query.dimension2]] : []),
    ...r.columns.map((c) => c.label),
    "Operator counts state",
    "Operator earnings state",
  ];
  const body = r.rows.map((row) => [
    row.dimension1.label,
    ...(r.query.dimension2 ? [row.dimension2?.label ?? ""] : []),
    ...r.columns.map((c) => formatMetric(c.metric, row.metrics[c.metric])),
    row.state ? DAY_STATE_LABELS[row.state.counts] : "",
    row.state ? DAY_STATE_LABELS[row.state.earnings] : "",
  ]);
  return toCsv(head, body);
}
