/**
 * Money is carried as integer micros (value × 10^6) with its ISO 4217 currency.
 * Never floats: operators send up to 4 decimals (Cellxpert) or integer cents (Affilka),
 * so 6 fractional digits hold every input exactly. Safe-integer range covers ±9e9 units.
 */
import { isIsoCurrency } from "./currencies";

export const MICROS = 1_000_000;

export interface Money {
  micros: number;
  currency: string;
}

const DECIMAL_RE = /^([+-])?(\d{1,15})(?:\.(\d{1,12}))?$/;

/** Parses "1234.5", "-20", "18371.6054" into micros. Returns null when not an exact decimal. */
export function parseDecimalToMicros(input: string | number): number | null {
  const text = typeof input === "number" ? numberToPlainString(input) : input.trim().replace(/,/g, "");
  if (text === null) return null;
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const sign = m[1] === "-" ? -1 : 1;
  const whole = m[2] ?? "0";
  const frac = (m[3] ?? "").padEnd(6, "0");
  // Beyond 6 decimals we round half away from zero on the 7th digit.
  const head = frac.slice(0, 6);
  const roundUp = frac.length > 6 && Number(frac[6]) >= 5;
  const micros = Number(whole) * MICROS + Number(head) + (roundUp ? 1 : 0);
  if (!Number.isSafeInteger(micros)) return null;
  return sign * micros === 0 ? 0 : sign * micros;
}

/** Integer minor units (e.g. cents with exponent 2) to micros. */
export function minorUnitsToMicros(units: number, exponent: number): number {
  return units * 10 ** (6 - exponent);
}

function numberToPlainString(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  // JSON numbers like 12.5 are already decimal literals; toString keeps their shortest exact form.
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(6) : s;
}

/** Formats micros as a plain decimal string with 2..6 decimals (trailing zeros trimmed past 2). */
export function formatMicros(micros: number, minDecimals = 2): string {
  const neg = micros < 0;
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS);
  let frac = String(abs % MICROS).padStart(6, "0");
  while (frac.length > minDecimals && frac.endsWith("0")) frac = frac.slice(0, -1);
  return `${neg ? "-" : ""}${whole}${frac.length ? `.${frac}` : ""}`;
}

/** An ISO 4217 code (shared/currencies.ts holds the one list). */
export function isCurrency(code: string): boolean {
  return isIsoCurrency(code);
}
