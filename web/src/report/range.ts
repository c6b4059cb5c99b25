/**
 * Report ranges as URL state, shared by Site Overview and Site Report. Presets and compare modes come
 * from the Site Report contract (shared/site-report.ts), so the page, the API and the CSV resolve a
 * preset to the same days. A custom range is kept only when it is a valid from ≤ to; anything else falls
 * back to the page's default preset, never to a guessed range.
 */
import {
  COMPARE_MODE_LABELS,
  COMPARE_MODES,
  type CompareMode,
  compareRange,
  DATE_PRESET_LABELS,
  DATE_PRESETS,
  type DatePreset,
  resolvePreset,
} from "../../../shared/site-report";
import { addDays, DATE_RE } from "../../../shared/time";

export interface DayRange {
  from: string;
  to: string;
}

/** A preset button / option: an id kept in the URL and the days it covers given today. */
export interface PresetDef {
  id: string;
  label: string;
  resolve: (today: string) => DayRange;
}

export const CUSTOM = "custom";

/** The contract's presets (Site Report: the id is sent to the API as `preset`). */
export const REPORT_PRESETS: PresetDef[] = DATE_PRESETS.map((id) => ({
  id,
  label: DATE_PRESET_LABELS[id],
  resolve: (today) => resolvePreset(id, today),
}));

const lastDays = (n: number) => (today: string) => ({ from: addDays(today, -(n - 1)), to: today });
/** Site Overview's presets: its URL ids (?range=7d) predate the contract and stay valid. */
export const OVERVIEW_PRESETS: PresetDef[] = [
  { id: "7d", label: "Last 7 days", resolve: lastDays(7) },
  { id: "14d", label: "Last 14 days", resolve: lastDays(14) },
  { id: "30d", label: "Last 30 days", resolve: lastDays(30) },
];

export const isDatePreset = (p: string | undefined): p is DatePreset => (DATE_PRESETS as readonly string[]).includes(p ?? "");

export const validCustom = (from: string | undefined, to: string | undefined): boolean =>
  !!from && !!to && DATE_RE.test(from) && DATE_RE.test(to) && from <= to;

/**
 * The range on screen: the preset the URL names, else a valid custom from..to, else the default preset.
 * `custom` says whether from..to came from the URL (then it is sent as from/to, not as a preset).
 */
export function pickRange(
  presets: PresetDef[],
  preset: string | undefined,
  from: string | undefined,
  to: string | undefined,
  today: string,
  fallback: PresetDef,
): DayRange & { preset: string; custom: boolean; refused: string | null } {
  const named = presets.find((p) => p.id === preset);
  if (named) return { ...named.resolve(today), preset: named.id, custom: false, refused: null };
  if (validCustom(from, to)) return { from: from as string, to: to as string, preset: CUSTOM, custom: true, refused: null };
  // A custom range that cannot be shown is said, not silently replaced by the default.
  const refused =
    from || to
      ? `${from && to && DATE_RE.test(from) && DATE_RE.test(to) ? `From (${from}) is after To (${to})` : "The custom dates are not valid"}: showing ${fallback.label.toLowerCase()} instead.`
      : null;
  return { ...fallback.resolve(today), preset: fallback.id, custom: false, refused };
}

export const COMPARE_OPTIONS = COMPARE_MODES.map((id) => ({ id, label: COMPARE_MODE_LABELS[id] }));

export const compareOf = (p: string | undefined): CompareMode =>
  (COMPARE_MODES as readonly string[]).includes(p ?? "") ? (p as CompareMode) : "none";

export { type CompareMode, compareRange };
