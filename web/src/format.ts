import { formatMicros } from "../../shared/money";
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

export function fmtAgo(ms: number | null, now = Date.now()): string {
  if (ms === null) return "never";
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

export function todayIn(tz: string): string {
  return localDate(Date.now(), tz);
}

export { addDays };

const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** An instant in the user's locale (date and time). */
export const fmtDateTime = (ms: number) => dtf.format(new Date(ms));
