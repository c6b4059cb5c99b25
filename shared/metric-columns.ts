/**
 * Which report column fed each canonical metric in a pull, and metrics that look wrongly mapped:
 * 0 in every row while another known column for the same metric has values (programs name columns
 * differently, Income Access especially). Shown in the sync run and in test connection.
 */
export interface MetricFlag {
  /** Canonical metric (METRIC_FIELDS), e.g. "registrations". */
  metric: string;
  /** The column used: 0 in every row. */
  column: string;
  /** Another known column for the metric that has values. */
  alternative: string;
  message: string;
}

export interface MetricColumns {
  /** metric → the report column that fed it; null = the report lacks it (stored as null: "not reported"). */
  fedBy: Record<string, string | null>;
  flags: MetricFlag[];
}

/** Merges what several windows of one pull said (first column seen wins; flags deduplicated). */
export function mergeMetricColumns(a: MetricColumns | null, b: MetricColumns | null | undefined): MetricColumns | null {
  if (!b) return a;
  if (!a) return { fedBy: { ...b.fedBy }, flags: [...b.flags] };
  for (const [m, c] of Object.entries(b.fedBy)) if (a.fedBy[m] === undefined || a.fedBy[m] === null) a.fedBy[m] = c;
  for (const f of b.flags) if (!a.flags.some((x) => x.metric === f.metric && x.column === f.column)) a.flags.push(f);
  return a;
}
