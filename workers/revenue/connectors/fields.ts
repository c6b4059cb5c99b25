import { z } from "zod";
import { parseDecimalToMicros } from "../../../shared/money";
import { type CanonicalRow, METRIC_FIELDS } from "../canonical";
import { ConnectorError } from "./types";

/**
 * Field helpers every connector shares: click ids, counts and money, row parsing, config strings,
 * summing rows, error text sent with HTTP 200, and dates in the platform's own format.
 */

/**
 * A sub-id value usable as our click id, or null: empty values and literal, unreplaced macros
 * ({clickid}, {{afp}}, [subid], %clickid%, $sub1$, #clickid#) never become click ids.
 */
export function cleanClickId(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  if (!s || s.length > 200) return null;
  if (/[{}[\]<>]/.test(s)) return null;
  if (/^%.*%$|^\$.*\$$|^#.*#$/.test(s)) return null;
  return s;
}

/** Counts: non-negative integers, as numbers or digit strings. */
export const zCount = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const text = typeof v === "string" ? v.trim().replace(/,/g, "") : v;
  const n = typeof text === "string" ? (/^\d{1,15}(\.0+)?$/.test(text) ? Number(text) : Number.NaN) : text;
  if (!Number.isSafeInteger(n) || n < 0) {
    ctx.addIssue({ code: "custom", message: `is not a count: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/** Decimal money (string or JSON number) to integer micros; never through float arithmetic. */
export const zMoney = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const micros = parseDecimalToMicros(v);
  if (micros === null) {
    ctx.addIssue({ code: "custom", message: `is not a decimal amount: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return micros;
});

/** Parses one platform row with a zod schema; a failure names the column and the row. */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, what: string, raw: string): z.output<S> {
  const out = schema.safeParse(row);
  if (out.success) return out.data;
  const issue = out.error.issues[0];
  const column = issue?.path.join(".") || "(row)";
  const value = issue && row && typeof row === "object" ? pathValue(row, issue.path) : undefined;
  const detail =
    issue?.code === "custom"
      ? issue.message
      : `${issue?.message ?? "invalid"}${value === undefined ? "" : ` (got ${JSON.stringify(value)})`}`;
  throw new ConnectorError("malformed", `${what}: column ${column} ${detail}`.slice(0, 300), 200, null, raw);
}

function pathValue(obj: object, path: PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** Drops null/empty-string values so optional zod fields read "not provided". */
export function withoutEmpty(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined && v !== ""));
}

/** Sums rows that share a natural key (platforms may report one group in several records). */
export function sumInto(target: CanonicalRow, add: CanonicalRow): void {
  for (const f of METRIC_FIELDS) {
    const a = target[f];
    const b = add[f];
    target[f] = a === null ? b : b === null ? a : a + b;
  }
}

/** Error text a platform sends with HTTP 200: credentials problem or other platform error. */
export function errorFromText(platform: string, message: string, raw: string): ConnectorError {
  const auth = /auth|token|api[ _-]?key|credential|password|unauthori[sz]ed|forbidden|denied|not allowed|login/i.test(message);
  return new ConnectorError(auth ? "auth" : "platform_error", `${platform} error: ${message.slice(0, 200)}`, 200, null, raw);
}

/** Today in the platform's timezone (used to keep windows out of the future). */
export function todayIn(timeZone: string, now = Date.now()): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
    return parts.slice(0, 10);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** "DD/MM/YYYY" → a regex with named groups; null when the format lacks YYYY, MM or DD. */
export function dateFormatRegex(format: string): RegExp | null {
  if (!/YYYY/.test(format) || !/MM/.test(format) || !/DD/.test(format)) return null;
  const escaped = format.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const src = escaped.replace("YYYY", "(?<y>\\d{4})").replace("MM", "(?<m>\\d{1,2})").replace("DD", "(?<d>\\d{1,2})");
  return new RegExp(`^${src}(?:[ T].*)?$`);
}

/** Parses a date written in `format` to YYYY-MM-DD; null when it does not match or is not a real date. */
export function parseDateWith(format: string, value: unknown): string | null {
  if (format === "unix" || format === "unix_ms") {
    const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) return null;
    return new Date(format === "unix" ? n * 1000 : n).toISOString().slice(0, 10);
  }
  if (typeof value !== "string") return null;
  const m = dateFormatRegex(format)?.exec(value.trim());
  const g = m?.groups;
  if (!g?.y || !g.m || !g.d) return null;
  const iso = `${g.y}-${g.m.padStart(2, "0")}-${g.d.padStart(2, "0")}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** Writes a YYYY-MM-DD date in `format` (for URLs). */
export function formatDateWith(format: string, iso: string): string {
  return format.replace("YYYY", iso.slice(0, 4)).replace("MM", iso.slice(5, 7)).replace("DD", iso.slice(8, 10));
}
