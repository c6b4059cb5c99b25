/**
 * Amounts typed by people and platforms: a decimal point, or a decimal comma only where it cannot
 * be a thousands separator. `12,50` is 12.50, but `1,234` could be 1234 or 1.234, so it is refused
 * rather than guessed (a guess stored 1250 for "12,50" before). Grouped forms are read only when
 * both separators appear and every group has three digits: `1.234,56` and `1,234.56` are 1234.56.
 * The same holds for a single dot: `1.234` is 1234 where dots group thousands (de-DE), so with a
 * currency of at most two decimals it is refused too; in a three-decimal currency (KWD) it is 1.234.
 */
import { parseDecimalToMicros } from "./money";

export type AmountParse = { ok: true; micros: number } | { ok: false; message: string };

const PLAIN = /^\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^(\d+),(\d+)$/;
const DOT_GROUPS_COMMA_DECIMAL = /^\d{1,3}(\.\d{3})+,\d+$/;
const COMMA_GROUPS_DOT_DECIMAL = /^\d{1,3}(,\d{3})+\.\d+$/;
/** One dot, three digits after it, a whole part that could be a first thousands group (not 0). */
const SINGLE_DOT_THREE = /^([1-9]\d{0,2})\.(\d{3})$/;

/** Decimals of a currency's minor unit (EUR 2, JPY 0, KWD 3), from the runtime's CLDR data; cached per code. */
const minorUnits = new Map<string, number>();
function decimalsOf(currency: string | null): number {
  if (!currency) return 2;
  let n = minorUnits.get(currency);
  if (n === undefined) {
    try {
      n = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      n = 2;
    }
    minorUnits.set(currency, n);
  }
  return n;
}

const ambiguous = (shown: string, whole: string, frac: string): AmountParse => ({
  ok: false,
  message: `"${shown}" is ambiguous (${whole}${frac} or ${whole}.${frac}?): send a decimal point and no grouping, e.g. ${whole}${frac}.00`,
});

/** `currency`: the amount's currency when known (it decides whether `1.234` can be read). */
export function parseAmount(input: string, currency: string | null = null): AmountParse {
  const text = input.trim();
  const shown = text.length > 32 ? `${text.slice(0, 32)}…` : text;
  const sign = text.startsWith("-") ? "-" : "";
  const body = text.replace(/^[+-]/, "");
  let plain: string | null = null;
  const dotted = SINGLE_DOT_THREE.exec(body);
  if (dotted && decimalsOf(currency) < 3) return ambiguous(shown, dotted[1] as string, dotted[2] as string);
  if (PLAIN.test(body)) plain = body;
  else if (DOT_GROUPS_COMMA_DECIMAL.test(body)) plain = body.replace(/\./g, "").replace(",", ".");
  else if (COMMA_GROUPS_DOT_DECIMAL.test(body)) plain = body.replace(/,/g, "");
  else {
    const m = COMMA_DECIMAL.exec(body);
    if (m) {
      const [, whole, frac] = m as unknown as [string, string, string];
      // Three digits after a single comma read as a thousands group too ("1,234"), unless the whole part is 0.
      if (frac.length === 3 && whole !== "0") return ambiguous(shown, whole, frac);
      plain = `${whole}.${frac}`;
    }
  }
  if (plain === null) return { ok: false, message: `"${shown}" is not a decimal number like 25.50` };
  const micros = parseDecimalToMicros(`${sign}${plain}`);
  if (micros === null) return { ok: false, message: `"${shown}" is out of range` };
  return { ok: true, micros };
}
