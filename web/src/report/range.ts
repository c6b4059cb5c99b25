/**
 * Report ranges as URL state (?range=&from=&to=&compare=), shared by Site Overview and Site Report: the
 * presets resolve to days in the report's timezone; a custom range is kept only when it is a valid
 * from ≤ to (anything else falls back to the default preset, never to a guessed range).
 */
import { addDays, DATE_RE, daysBetween } from "../../../shared/time";
import { todayIn } from "../format";

export const RANGE_PRESETS = [
  { id: "today", label: "Today" },
  { id: "yesterday", label: "Yesterday" },
  { id: "7d", label: "7 days" },
  { id: "14d", label: "14 days" },
  { id: "30d", label: "30 days" },
  { id: "mtd", label: "This month" },
  { id: "last-month", label: "Last month" },
  { id: "90d", label: "90 days" },
  { id: "12m", label: "12 months" },
  { id: "custom", label: "Custom" },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]["id"];

export const COMPARE_MODES = [
  { id: "", label: "No comparison" },
  { id: "previous", label: "Previous period" },
  { id: "year", label: "Same period last year" },
] as const;
export type CompareMode = "previous" | "year";

export interface DayRange {
  from: string;
  to: string;
}

export interface RangeParams {
  range?: string;
  from?: string;
  to?: string;
  compare?: string;
}

const isPreset = (p: string | undefined): p is RangePreset => RANGE_PRESETS.some((x) => x.id === p);

/** The preset the URL names, else `fallback`. A custom range without valid days is not "custom". */
export function presetOf(p: RangeParams, fallback: RangePreset): RangePreset {
  if (!isPreset(p.range)) return fallback;
  if (p.range === "custom" && !validCustom(p)) return fallback;
  return p.range;
}

const validCustom = (p: RangeParams) => !!p.from && !!p.to && DATE_RE.test(p.from) && DATE_RE.test(p.to) && p.from <= p.to;

/** The days a preset covers, ending today in `tz` (last month: the whole previous calendar month). */
export function rangeOf(p: RangeParams, tz: string, fallback: RangePreset): DayRange {
  const today = todayIn(tz);
  const preset = presetOf(p, fallback);
  const lastDays = (n: number) => ({ from: addDays(today, -(n - 1)), to: today });
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "7d":
      return lastDays(7);
    case "14d":
      return lastDays(14);
    case "30d":
      return lastDays(30);
    case "90d":
      return lastDays(90);
    case "12m":
      return { from: `${addMonths(today.slice(0, 7), -11)}-01`, to: today };
    case "mtd":
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case "last-month": {
      const month = addMonths(today.slice(0, 7), -1);
      return { from: `${month}-01`, to: addDays(`${today.slice(0, 7)}-01`, -1) };
    }
    case "custom":
      return { from: p.from as string, to: p.to as string };
  }
}

export const compareOf = (p: RangeParams): CompareMode | undefined =>
  p.compare === "previous" || p.compare === "year" ? p.compare : undefined;

/** The period a range is compared with: the same number of days just before, or the same days a year earlier. */
export function comparedRange(r: DayRange, mode: CompareMode): DayRange {
  if (mode === "year") return { from: shiftYear(r.from, -1), to: shiftYear(r.to, -1) };
  const days = daysBetween(r.from, r.to) + 1;
  return { from: addDays(r.from, -days), to: addDays(r.from, -1) };
}

/** "YYYY-MM" plus n months. */
function addMonths(month: string, n: number): string {
  const [y = 0, m = 1] = month.split("-").map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** The same calendar day a year off; 29 Feb becomes 28 Feb. */
function shiftYear(day: string, n: number): string {
  const y = Number(day.slice(0, 4)) + n;
  const md = day.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === "02-29" && !leap ? "02-28" : md}`;
}
