/**
 * Amounts typed by people and platforms: a decimal point, or a decimal comma only where it cannot
 * be a thousands separator. `12,50` is 12.50, but `1,234` could be 1234 or 1.234, so it is refused
 * rather than guessed (a guess stored 1250 for "12,50" before). Grouped forms are read only when
 * both separators appear and every group has three digits: `1.234,56` and `1,234.56` are 1234.56.
 */
import { parseDecimalToMicros } from "./money";

export type AmountParse = { ok: true; micros: number } | { ok: false; message: string };

const PLAIN = /^\d+(\.\d+)?$/;
const COMMA_DECIMAL = /^(\d+),(\d+)$/;
const DOT_GROUPS_COMMA_DECIMAL = /^\d{1,3}(\.\d{3})+,\d+$/;
const COMMA_GROUPS_DOT_DECIMAL = /^\d{1,3}(,\d{3})+\.\d+$/;

export function parseAmount(input: string): AmountParse {
  const text = input.trim();
  const shown = text.length > 32 ? `${text.slice(0, 32)}…` : text;
  const sign = text.startsWith("-") ? "-" : "";
  const body = text.replace(/^[+-]/, "");
  let plain: string | null = null;
  if (PLAIN.test(body)) plain = body;
  else if (DOT_GROUPS_COMMA_DECIMAL.test(body)) plain = body.replace(/\./g, "").replace(",", ".");
  else if (COMMA_GROUPS_DOT_DECIMAL.test(body)) plain = body.replace(/,/g, "");
  else {
    const m = COMMA_DECIMAL.exec(body);
    if (m) {
      const [, whole, frac] = m as unknown as [string, string, string];
      // Three digits after a single comma read as a thousands group too ("1,234"), unless the whole part is 0.
      if (frac.length === 3 && whole !== "0") {
        return { ok: false, message: `"${shown}" is ambiguous (1234 or 1.234?): send a decimal point, e.g. 1234.00` };
      }
      plain = `${whole}.${frac}`;
    }
  }
  if (plain === null) return { ok: false, message: `"${shown}" is not a decimal number like 25.50` };
  const micros = parseDecimalToMicros(`${sign}${plain}`);
  if (micros === null) return { ok: false, message: `"${shown}" is out of range` };
  return { ok: true, micros };
}
