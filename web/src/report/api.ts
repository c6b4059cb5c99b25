/** Site Report calls: the page's URL parameters are the API's query (shared/site-report.ts), so the CSV link carries the same filters. */
import { client, queryArgs, typed } from "../api";

/** The query keys the API reads; anything else in the page URL stays out of the request. */
export const REPORT_QUERY_KEYS = [
  "preset",
  "from",
  "to",
  "siteId",
  "dimension1",
  "dimension2",
  "subIdKey",
  "campaignId",
  "offerId",
  "sourceId",
  "casinoEntryId",
  "market",
  "subId",
  "sort",
  "dir",
  "page",
  "pageSize",
  "compare",
] as const;
export type ReportQueryKey = (typeof REPORT_QUERY_KEYS)[number];
export type ReportQuery = Partial<Record<ReportQueryKey, string>>;

export function reportSearch(q: ReportQuery): string {
  const s = new URLSearchParams();
  for (const k of REPORT_QUERY_KEYS) {
    const v = q[k];
    if (v) s.set(k, v);
  }
  return s.toString();
}

export const getSiteReport = (q: ReportQuery) =>
  typed(client.api.reports.site.$get(queryArgs({}, Object.fromEntries(REPORT_QUERY_KEYS.map((k) => [k, q[k]])))));

/** The same report as CSV: every row of the query (not only the page on screen), same filters, sort and states. */
export const siteReportCsvUrl = (q: ReportQuery) => `/api/reports/site.csv?${reportSearch(q)}`;
