import { For, Show } from "solid-js";
import {
  isTimeDimension,
  REPORT_DIMENSION_LABELS,
  type ReportDimension,
  type ReportDimValue,
  type ReportMetric,
  type ReportRowState,
  type SiteReportResponse,
  type SiteReportRow,
} from "../../../shared/site-report";
import { addDays } from "../../../shared/time";
import { StateBadge } from "../components/DayStateBadge";
import { type SortDir, SortHeader } from "../components/SortHeader";
import { TableScroll } from "../components/TableScroll";
import { Drillable, type DrillFilters } from "../drill";
import { change, FigureMark, figureState, fmtChange, fmtMetric, leastFinal } from "./cells";

type Column = SiteReportResponse["columns"][number];

/**
 * The Site Report table: one or two breakdown columns, the row's state, then every metric column the
 * member may see (the two layers side by side, as the API orders them). Sorting and paging are the API's;
 * a header click asks for another sort. Cells carry their raw value (data-value) and state.
 */
export function ReportTable(props: {
  report: SiteReportResponse;
  columns: Column[];
  /** The report's own filters (range, site, filters), to which each row adds its breakdown values. */
  base: DrillFilters;
  sort: string;
  dir: SortDir;
  onSort: (column: string, dir: SortDir) => void;
}) {
  const q = () => props.report.query;
  const dim2 = () => q().dimension2;
  const compared = () => props.report.compareRange !== null;
  return (
    <TableScroll label="Site Report">
      <table class="grid report-table" data-testid="report-table">
        <thead>
          <tr>
            <SortHeader column="dimension1" sort={props.sort} dir={props.dir} onSort={props.onSort}>
              {REPORT_DIMENSION_LABELS[q().dimension1]}
            </SortHeader>
            <Show when={dim2()}>
              {(d) => (
                <SortHeader column="dimension2" sort={props.sort} dir={props.dir} onSort={props.onSort}>
                  {REPORT_DIMENSION_LABELS[d()]}
                </SortHeader>
              )}
            </Show>
            <th>State</th>
            <For each={props.columns}>
              {(c) => (
                <SortHeader column={c.metric} sort={props.sort} dir={props.dir} onSort={props.onSort} title={layerTitle(c)}>
                  {c.label}
                </SortHeader>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.report.rows}>
            {(row) => (
              <tr
                data-key={`${row.dimension1.value}${row.dimension2 ? `|${row.dimension2.value}` : ""}`}
                data-state={rowState(row.state) ?? "none"}
                data-counts={row.state?.counts ?? ""}
                data-earnings={row.state?.earnings ?? ""}
              >
                <td data-dim="1">{dimLabel(q().dimension1, row.dimension1)}</td>
                <Show when={dim2()}>{(d) => <td data-dim="2">{row.dimension2 ? dimLabel(d(), row.dimension2) : "—"}</td>}</Show>
                <td>
                  <RowState state={row.state} mixed={row.mixedBases} missingFx={row.missingFx} />
                </td>
                <For each={props.columns}>
                  {(c) => (
                    <MetricCell
                      column={c}
                      value={row.metrics[c.metric]}
                      compare={compared() ? (row.compare?.[c.metric] ?? null) : undefined}
                      state={row.state}
                      currency={props.report.currency}
                      filters={rowFilters(props.base, props.report, row)}
                      label={`${c.label}, ${rowLabel(props.report, row)}`}
                    />
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr class="totals" data-key="totals" data-state={rowState(props.report.totals.state) ?? "none"}>
            <td>Total</td>
            <Show when={dim2()}>
              <td />
            </Show>
            <td>
              <RowState state={props.report.totals.state} mixed={false} missingFx={props.report.totals.missingFx} />
            </td>
            <For each={props.columns}>
              {(c) => (
                <MetricCell
                  column={c}
                  value={props.report.totals.metrics[c.metric]}
                  compare={compared() ? (props.report.totals.compare?.[c.metric] ?? null) : undefined}
                  state={props.report.totals.state}
                  currency={props.report.currency}
                  filters={props.base}
                  label={`${c.label}, total`}
                />
              )}
            </For>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

const layerTitle = (c: Column) =>
  c.layer === "tracked" ? "Tracked (clicks, postbacks)" : c.layer === "operator" ? "Operator reports" : "Derived";

/** A row's state: the least final of its operator counts and earnings; null = no operator layer in the row. */
const rowState = (s: ReportRowState | null) => (s ? leastFinal(s.counts, s.earnings) : null);

function RowState(props: { state: ReportRowState | null; mixed: boolean; missingFx: string[] }) {
  const note = () => {
    const s = props.state;
    if (!s) return null;
    const days = s.openDays.length ? ` Open platform days: ${s.openDays.join(", ")}${s.more ? ` and ${s.more} more` : ""}.` : "";
    return `Operator counts: ${s.counts.replace("_", " ")}; earnings: ${s.earnings.replace("_", " ")}.${days}`;
  };
  return (
    <>
      <Show
        when={rowState(props.state)}
        fallback={
          <span class="muted" title="No operator report covers this row">
            —
          </span>
        }
      >
        {(s) => <StateBadge state={s()} note={note()} />}
      </Show>
      <Show when={props.mixed}>
        <span class="badge" title="Tracked figures on your reporting-timezone days, operator figures on the platform's own days">
          mixed days
        </span>
      </Show>
      <Show when={props.missingFx.length > 0}>
        <span class="badge" title={`No FX rate for ${props.missingFx.join(", ")}: those amounts are left out, not counted as zero`}>
          no FX: {props.missingFx.join(", ")}
        </span>
      </Show>
    </>
  );
}

function MetricCell(props: {
  column: Column;
  value: number | null;
  /** undefined = no comparison asked; null = nothing to compare with. */
  compare: number | null | undefined;
  state: ReportRowState | null;
  currency: string;
  filters: DrillFilters;
  label: string;
}) {
  const state = () => (props.value === null ? null : figureState(props.column.metric as ReportMetric, props.state));
  const delta = () => change(props.value, props.compare);
  return (
    <td
      class="num"
      data-metric={props.column.metric}
      data-value={props.value ?? ""}
      data-figure-state={state() ?? undefined}
      title={props.value === null ? "Not reported" : undefined}
    >
      <Show when={props.value !== null} fallback="—">
        <Drillable figure={props.column.metric} filters={props.filters} label={props.label}>
          {fmtMetric(props.column.kind, props.value, props.currency)}
        </Drillable>
      </Show>
      <FigureMark state={state()} />
      <Show when={props.compare !== undefined}>
        <span
          class="delta"
          classList={{ "delta-up": (delta() ?? 0) > 0, "delta-down": (delta() ?? 0) < 0 }}
          data-compare={props.compare ?? ""}
        >
          vs {fmtMetric(props.column.kind, props.compare, props.currency)}
          <Show when={delta()}>{(d) => <>{fmtChange(d())}</>}</Show>
        </span>
      </Show>
    </td>
  );
}

/** The API's label (the CSV shows the same text). */
function dimLabel(_dim: ReportDimension, v: ReportDimValue): string {
  return v.label;
}

const rowLabel = (r: SiteReportResponse, row: SiteReportRow) =>
  [dimLabel(r.query.dimension1, row.dimension1), row.dimension2 && r.query.dimension2 ? dimLabel(r.query.dimension2, row.dimension2) : null]
    .filter(Boolean)
    .join(", ");

/** The rows behind a row: the report's filters narrowed by the row's breakdown values (a time bucket narrows the range). */
export function rowFilters(base: DrillFilters, r: SiteReportResponse, row: SiteReportRow): DrillFilters {
  let f = narrow(base, r.query.dimension1, row.dimension1.value, r.query.subIdKey);
  if (r.query.dimension2 && row.dimension2) f = narrow(f, r.query.dimension2, row.dimension2.value, r.query.subIdKey);
  return f;
}

function narrow(f: DrillFilters, dim: ReportDimension, value: string, subIdKey: string): DrillFilters {
  if (isTimeDimension(dim)) {
    const [from, to] = bucket(dim, value);
    return { ...f, from: from > f.from ? from : f.from, to: to < f.to ? to : f.to };
  }
  switch (dim) {
    case "site":
      return { ...f, siteId: value };
    case "campaign":
      return { ...f, campaignId: value };
    case "offer":
      return { ...f, offerId: value };
    case "casinoEntry":
      return { ...f, casinoEntryId: value };
    case "source":
      return { ...f, sourceId: value };
    case "market":
      return { ...f, market: value };
    case "subId":
      return { ...f, subId: `${subIdKey}=${value}` };
  }
}

function bucket(dim: "day" | "week" | "month", value: string): [string, string] {
  if (dim === "day") return [value, value];
  if (dim === "week") return [value, addDays(value, 6)];
  const first = `${value}-01`;
  return [first, addDays(`${nextMonth(value)}-01`, -1)];
}

function nextMonth(month: string): string {
  const [y = 0, m = 1] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}
