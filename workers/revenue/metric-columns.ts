import type { MetricColumns } from "../../shared/metric-columns";
import { type CanonicalRow, METRIC_FIELDS } from "./canonical";

/** "commissionTotalMicros" → "commission_total" (the key connectors use in metricSemantics). */
function semanticKey(field: string): string {
  return field
    .replace(/Micros$/, "")
    .replace(/Count$/, "_count")
    .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    .replace(/^_/, "");
}

/**
 * What fed each metric, for connectors that map fixed columns: a metric no row carries is null
 * ("not reported"); otherwise the connector's stated meaning, or "reported". A connector that
 * resolves column variants returns its own MetricColumns, which wins.
 */
export function columnsFromRows(rows: CanonicalRow[], given: MetricColumns | null): MetricColumns {
  const fedBy: Record<string, string | null> = {};
  for (const f of METRIC_FIELDS) {
    if (given && given.fedBy[f] !== undefined) {
      fedBy[f] = given.fedBy[f] ?? null;
      continue;
    }
    const carrier = rows.find((r) => r[f] !== null);
    if (!carrier) {
      fedBy[f] = null;
      continue;
    }
    const sem = carrier.metricSemantics ?? {};
    fedBy[f] = sem[f] ?? sem[semanticKey(f)] ?? sem[semanticKey(f).replace(/_count$/, "")] ?? "reported";
  }
  return { fedBy, flags: given?.flags ?? [] };
}
