import { For, Show } from "solid-js";
import { COMPARE_OPTIONS, type CompareMode, CUSTOM, type DayRange, type PresetDef } from "../report/range";

/** A URL patch: the page writes it with setParams (undefined removes the key). */
export type RangePatch = { preset?: string; from?: string; to?: string; compare?: string };

/**
 * Date presets, a custom range (two date inputs) and the comparison period of a report page. It shows
 * the URL state it is given and reports changes as a patch. Presets are buttons (few) or a select (many).
 */
export function RangeControls(props: {
  presets: PresetDef[];
  /** The preset on screen, or CUSTOM. */
  preset: string;
  range: DayRange;
  compare: CompareMode;
  variant: "buttons" | "select";
  onChange: (patch: RangePatch) => void;
  /** Why the range asked for is not the one shown (e.g. From after To), or null. */
  note?: string | null;
}) {
  // Custom starts from the range on screen, so switching to it changes nothing until a date is edited.
  const choose = (id: string) =>
    props.onChange(
      id === CUSTOM ? { preset: undefined, from: props.range.from, to: props.range.to } : { preset: id, from: undefined, to: undefined },
    );
  return (
    <>
      <Show
        when={props.variant === "select"}
        fallback={
          <fieldset class="segmented" data-testid="range">
            <legend class="sr-only">Range</legend>
            <For each={[...props.presets, { id: CUSTOM, label: "Custom" }]}>
              {(p) => (
                <button
                  type="button"
                  aria-pressed={props.preset === p.id}
                  classList={{ active: props.preset === p.id }}
                  onClick={() => choose(p.id)}
                >
                  {p.label}
                </button>
              )}
            </For>
          </fieldset>
        }
      >
        <select aria-label="Date range" data-testid="range" onChange={(e) => choose(e.currentTarget.value)}>
          <For each={props.presets}>
            {(p) => (
              <option value={p.id} selected={props.preset === p.id}>
                {p.label}
              </option>
            )}
          </For>
          <option value={CUSTOM} selected={props.preset === CUSTOM}>
            Custom range
          </option>
        </select>
      </Show>
      <Show when={props.preset === CUSTOM}>
        <span class="date-range">
          <input
            type="date"
            aria-label="From"
            data-testid="range-from"
            value={props.range.from}
            max={props.range.to}
            onChange={(e) =>
              e.currentTarget.value && props.onChange({ preset: undefined, from: e.currentTarget.value, to: props.range.to })
            }
          />
          <input
            type="date"
            aria-label="To"
            data-testid="range-to"
            value={props.range.to}
            min={props.range.from}
            onChange={(e) =>
              e.currentTarget.value && props.onChange({ preset: undefined, from: props.range.from, to: e.currentTarget.value })
            }
          />
        </span>
      </Show>
      <select
        aria-label="Compare with"
        data-testid="compare"
        onChange={(e) => props.onChange({ compare: e.currentTarget.value === "none" ? undefined : e.currentTarget.value })}
      >
        <For each={COMPARE_OPTIONS}>
          {(m) => (
            <option value={m.id} selected={props.compare === m.id}>
              {m.label}
            </option>
          )}
        </For>
      </select>
      <Show when={props.note}>
        <span class="error" role="alert" data-testid="range-note">
          {props.note}
        </span>
      </Show>
    </>
  );
}
