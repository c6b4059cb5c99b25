/** Dashboard calls for the Discrepancies report and drill-down (kept apart from api.ts to keep merges small). */
import type { DiscrepanciesResponse, DrillMetric, DrillResponse } from "../../shared/discrepancies";
import { request } from "./api";

export interface DiscrepanciesParams {
  from: string;
  to: string;
  threshold: number;
  site?: string | undefined;
  offer?: string | undefined;
}

function query(p: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== "") q.set(k, String(v));
  return q.toString();
}

export const getDiscrepancies = (p: DiscrepanciesParams) => request<DiscrepanciesResponse>(`/api/reports/discrepancies?${query({ ...p })}`);
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
  request<DrillResponse>(`/api/drill?${query({ ...c, page, pageSize })}`);
