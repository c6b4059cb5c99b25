import { formatMicros } from "../../shared/money";
import { PLATFORM_PRESETS, type PlatformId } from "../../shared/platforms";
import { addDays, localDate } from "../../shared/time";

const nf = new Intl.NumberFormat("en-GB");

export const fmtInt = (n: number | null | undefined) => (n === null || n === undefined ? "—" : nf.format(n));

/** Money from micros with its currency; grouping for readability, exact decimals from the integer. */
export function fmtMoney(micros: number | null | undefined, currency: string): string {
  if (micros === null || micros === undefined) return "—";
  const [whole = "0", frac = "00"] = formatMicros(Math.round(micros / 10_000) * 10_000, 2).split(".");
  const neg = whole.startsWith("-");
  const grouped = nf.format(Number(whole.replace("-", "")));
  return `${neg ? "−" : ""}${currency} ${grouped}.${frac.slice(0, 2).padEnd(2, "0")}`;
}

// ── Dates: one format across the app, in the user's locale (the browser's language) ─────────

// A calendar day is formatted at UTC noon in UTC, so no zone can move it to another day.
const dayFmt = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFmt = (timeZone?: string) =>
  new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone });

/** A report day ("YYYY-MM-DD", already in the report's timezone) in the user's locale. */
export function fmtDay(day: string | null | undefined): string {
  if (!day) return "—";
  const t = Date.parse(`${day}T12:00:00Z`);
  return Number.isNaN(t) ? day : dayFmt.format(t);
}

/** "from → to" of report days, or the one day. */
export const fmtDays = (from: string, to: string) => (from === to ? fmtDay(from) : `${fmtDay(from)} → ${fmtDay(to)}`);

/** A moment (epoch ms) as date and time in the user's locale; in `timeZone` when given (else the browser's). */
export function fmtDateTime(ms: number | null | undefined, timeZone?: string): string {
  if (ms === null || ms === undefined) return "—";
  return dateTimeFmt(timeZone).format(ms);
}

/**
 * A chart's time label: the hour (hour charts) or the day, in `timeZone` (the browser's when absent) — the
 * zone the chart placed its ticks in. A day chart's points sit at UTC noon: format those with "UTC".
 */
export function fmtTick(seconds: number, hourly: boolean, timeZone?: string): string {
  const opts: Intl.DateTimeFormatOptions = hourly
    ? { hour: "2-digit", minute: "2-digit", timeZone }
    : { day: "numeric", month: "short", timeZone };
  return new Intl.DateTimeFormat(undefined, opts).format(seconds * 1000);
}

export function fmtAgo(ms: number | null, now = Date.now()): string {
  if (ms === null) return "never";
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

/** A platform's name as people say it ("Affilka (SoftSwiss)"), from shared/platforms.ts; the id if unknown. */
export const platformLabel = (p: string) => PLATFORM_PRESETS[p as PlatformId]?.label ?? p;

/** Event and outcome ids as words ("status_change" → "status change"). */
export const words = (id: string) => id.replaceAll("_", " ");

export function todayIn(tz: string): string {
  return localDate(Date.now(), tz);
}

export { addDays };
