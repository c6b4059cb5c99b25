/** Dashboard calls for the Discrepancies report and drill-down (kept apart from api.ts to keep merges small). */
import type { DrillMetric } from "../../shared/discrepancies";
import { client, queryArgs, typed } from "./api";

export interface DiscrepanciesParams {
  from: string;
  to: string;
  threshold: number;
  site?: string | undefined;
  offer?: string | undefined;
}

const strings = (p: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
const query = (p: Record<string, string | number | undefined>) => new URLSearchParams(queryArgs({}, strings(p)).query).toString();

export const getDiscrepancies = (p: DiscrepanciesParams) => typed(client.api.reports.discrepancies.$get(queryArgs({}, strings({ ...p }))));
export const discrepanciesCsvUrl = (p: DiscrepanciesParams) => `/api/reports/discrepancies.csv?${query({ ...p })}`;

/** A figure's coordinates: what the drill-down panel opens. */
export interface DrillCoords {
  metric: DrillMetric;
  from: string;
  to: string;
  tz?: string | undefined;
  site?: string | undefined;
  offer?: string | undefined;
  campaign?: string | undefined;
  source?: string | undefined;
}

export const getDrill = (c: DrillCoords, page: number, pageSize: number) =>
  typed(client.api.drill.$get(queryArgs({}, strings({ ...c, page, pageSize }))));
