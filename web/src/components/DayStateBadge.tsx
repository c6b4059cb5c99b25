import { Show } from "solid-js";
import { DAY_STATE_LABELS, type DayState } from "../../../shared/day-state";

/** A day's state; its title says why it is not settled yet. */
export function StateBadge(props: { state: DayState; note?: string | null }) {
  return (
    <span class={`day-state day-state-${props.state}`} title={props.note ?? defaultNote(props.state)}>
      {DAY_STATE_LABELS[props.state]}
    </span>
  );
}

/** Marks a figure that is not final (its family is still open, or the day is not reported yet); nothing when settled. */
export function FigureBadge(props: { state: DayState }) {
  return (
    <Show when={props.state !== "settled"}>
      <span class="badge" title={defaultNote(props.state)}>
        {DAY_STATE_LABELS[props.state]}
      </span>
    </Show>
  );
}

const defaultNote = (s: DayState) =>
  s === "settled"
    ? "Settled: the operator no longer restates this day"
    : s === "provisional"
      ? "The operator may still restate this figure"
      : "Not yet reported";
