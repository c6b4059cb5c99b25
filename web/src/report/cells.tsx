/** How Site Report figures read: counts, money in the reporting currency, ratios; null = not reported, never 0. */
import { Show } from "solid-js";
import type { DayState } from "../../../shared/day-state";
import { DAY_STATE_LABELS } from "../../../shared/day-state";
import { type MetricKind, REPORT_METRICS, type ReportMetric, type ReportRowState } from "../../../shared/site-report";
import { fmtInt, fmtMoney } from "../format";

export function fmtMetric(kind: MetricKind, v: number | null | undefined, currency: string): string {
  if (v === null || v === undefined) return "—";
  if (kind === "money") return fmtMoney(v, currency);
  if (kind === "ratio") return `${(v * 100).toFixed(2)}%`;
  return fmtInt(v);
}

/** Relative change against the compare period; null when there is nothing to compare with. */
export function change(cur: number | null | undefined, prev: number | null | undefined): number | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined || prev === 0) return null;
  return (cur - prev) / prev;
}

/** " (+12.5%)": a relative change as shown after the compared figure. */
export const fmtChange = (d: number) => ` (${d > 0 ? "+" : ""}${(d * 100).toFixed(1)}%)`;

/** The state an operator figure has in a row: its family decides (counts or earnings); null = real-time, always current. */
export function figureState(metric: ReportMetric, state: ReportRowState | null): DayState | null {
  const family = REPORT_METRICS[metric].family;
  if (!family || !state) return null;
  return family === "earnings" ? state.earnings : state.counts;
}

const ORDER: DayState[] = ["not_reported", "provisional", "settled"];
export const leastFinal = (a: DayState, b: DayState): DayState => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);

/** A short mark on a figure that is not final; the full state in its title and for screen readers. */
export function FigureMark(props: { state: DayState | null }) {
  return (
    <Show when={props.state && props.state !== "settled" ? props.state : null}>
      {(s) => (
        <span
          class={`figure-mark figure-mark-${s()}`}
          title={
            s() === "provisional"
              ? "Provisional: the operator may still restate it"
              : "Not final: the operator has not reported every day in it yet"
          }
        >
          <span aria-hidden="true">{s() === "provisional" ? "p" : "n/r"}</span>
          <span class="sr-only">{DAY_STATE_LABELS[s()]}</span>
        </span>
      )}
    </Show>
  );
}
