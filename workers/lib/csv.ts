import Papa from "papaparse";

/** A CSV cell: a number is written as a number; null is an empty cell (never 0). */
export type CsvCell = string | number | null;

/** Text a spreadsheet would run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A figure already formatted as text ("-12.50", "-3.20%"): a number to a spreadsheet, not a formula. */
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?%?$/;

/** The formula-injection guard, for text cells only: a leading quote makes a spreadsheet show it as text. */
function cell(v: CsvCell): string | number {
  if (v === null) return "";
  if (typeof v === "number") return v;
  return FORMULA_START.test(v) && !NUMBER_TEXT.test(v) ? `'${v}` : v;
}

/**
 * The one CSV writer of every export (Site Report, Site Overview, Discrepancies, Postbacks, and the
 * hide-financials rewrite): a header row, then rows of cells in the header's order.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return Papa.unparse({ fields: [...header], data: rows.map((r) => r.map(cell)) });
}

/** Rows as objects: the columns are the keys of `columns`, in its order. */
export function recordsToCsv<K extends string>(columns: readonly K[], rows: readonly Record<K, CsvCell>[]): string {
  return toCsv(
    columns,
    rows.map((r) => columns.map((c) => r[c])),
  );
}
