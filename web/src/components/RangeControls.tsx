import { For, Show } from "solid-js";
import { COMPARE_MODES, type CompareMode, type DayRange, type RangePreset } from "../report/range";

export type RangePatch = { range?: string; from?: string; to?: string; compare?: string };

/**
 * Date presets, a custom range (two date inputs) and the comparison period of a report page. It only
 * shows the URL state it is given and reports changes as a URL patch (the page writes it with setParams).
 */
export function RangeControls(props: {
  presets: readonly { id: RangePreset; label: string }[];
  preset: RangePreset;
  range: DayRange;
  compare: CompareMode | undefined;
  onChange: (patch: RangePatch) => void;
}) {
  return (
    <>
      <fieldset class="segmented" data-testid="range">
        <legend class="sr-only">Range</legend>
        <For each={props.presets}>
          {(p) => (
            <button
              type="button"
              aria-pressed={props.preset === p.id}
              classList={{ active: props.preset === p.id }}
              // Custom starts from the range on screen, so switching to it changes nothing until a date is edited.
              onClick={() =>
                props.onChange(
                  p.id === "custom"
                    ? { range: p.id, from: props.range.from, to: props.range.to }
                    : { range: p.id, from: undefined, to: undefined },
                )
              }
            >
              {p.label}
            </button>
          )}
        </For>
      </fieldset>
      <Show when={props.preset === "custom"}>
        <span class="date-range">
          <input
            type="date"
            aria-label="From"
            data-testid="range-from"
            value={props.range.from}
            max={props.range.to}
            onChange={(e) => e.currentTarget.value && props.onChange({ from: e.currentTarget.value })}
          />
          <input
            type="date"
            aria-label="To"
            data-testid="range-to"
            value={props.range.to}
            min={props.range.from}
            onChange={(e) => e.currentTarget.value && props.onChange({ to: e.currentTarget.value })}
          />
        </span>
      </Show>
      <select
        aria-label="Compare with"
        data-testid="compare"
        onChange={(e) => props.onChange({ compare: e.currentTarget.value || undefined })}
      >
        <For each={COMPARE_MODES}>
          {(m) => (
            <option value={m.id} selected={(props.compare ?? "") === m.id}>
              {m.label}
            </option>
          )}
        </For>
      </select>
    </>
  );
}
