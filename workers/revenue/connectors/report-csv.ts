import { z } from "zod";
import { parseDecimalToMicros } from "../../../shared/money";
import { type CanonicalRow, naturalKeyOf } from "../canonical";
import { parseDateWith, sumInto } from "./fields";
import { ConnectorError, type ConnectorOffer, type DateWindow } from "./types";

/**
 * Helpers shared by the pasted-URL report connectors (Income Access, MAP, MyAffiliates, ReferOn):
 * URL rewriting that keeps the platform's bytes, strict number cells, flexible header matching,
 * per-day requests, and login/auth page detection.
 */

/** Reads a query parameter case-insensitively (ASP/ASP.NET treat names so). */
export function queryParam(url: URL, name: string): string | null {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
}

/** The values of a pasted URL's credential parameters (any case), to redact; none for an unusable URL. */
export function urlSecrets(pasted: string | undefined, params: readonly string[]): string[] {
  try {
    const url = new URL(pasted ?? "");
    return params.map((p) => queryParam(url, p) ?? "").filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Rewrites only the given query parameters in a URL string (case-insensitive names), keeping every
 * other byte of the URL as the platform generated it; absent parameters are appended.
 */
export function withQueryParams(url: string, values: Record<string, string>): string {
  const hashAt = url.indexOf("#");
  const noHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const q = noHash.indexOf("?");
  const base = q < 0 ? noHash : noHash.slice(0, q);
  const parts = q < 0 ? [] : noHash.slice(q + 1).split("&");
  const encode = (v: string) => encodeURIComponent(v).replace(/%2F/gi, "/");
  const done = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const rawName = part.split("=")[0] ?? "";
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, " "));
    } catch {
      // keep the raw name
    }
    const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) out.push(part);
    else if (!done.has(key)) {
      out.push(`${rawName}=${encode(values[key] ?? "")}`);
      done.add(key);
    }
  }
  for (const [k, v] of Object.entries(values)) if (!done.has(k)) out.push(`${k}=${encode(v)}`);
  return out.length ? `${base}?${out.join("&")}` : base;
}

const COUNT_RE = /^(\d+|\d{1,3}(,\d{3})+)$/;
const DECIMAL_RE = /^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;
/** Blank cells are "not provided"; JSON numbers are read through their literal text. */
const cellText = (v: unknown) =>
  typeof v === "number" ? String(v) : typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v === undefined ? null : v;

/** A count cell: digits, optionally with thousands commas. Anything else fails, naming the column. */
export const countCell = z.preprocess(
  cellText,
  z
    .string({ error: "is not a count" })
    .regex(COUNT_RE, "is not a count")
    .transform((s) => Number(s.replace(/,/g, "")))
    .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER, "is too large"))
    .nullable(),
);

/**
 * A money cell: a plain decimal, optionally with thousands commas, to integer micros. Ambiguous
 * forms ("1.234,56", "12,5") fail instead of being misread; a caller that knows the report uses a
 * decimal comma converts first.
 */
export const moneyCell = z.preprocess(
  cellText,
  z
    .string({ error: "is not a decimal amount" })
    .regex(DECIMAL_RE, "is not a decimal amount")
    .transform((s) => parseDecimalToMicros(s))
    .pipe(z.number({ error: "is too large" }).int())
    .nullable(),
);

/** "Reg. Count" → "reg count", "ftdCount" → "ftd count", "click_id" → "click id". */
export function normalizeHeader(h: string): string {
  return h
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export interface ColumnSpec<F extends string> {
  field: F;
  kind: "count" | "money" | "text";
  /** Normalized header names matched exactly, best first. */
  exact: string[];
  /** Normalized substrings tried when no header matched exactly. */
  contains?: string[];
  /** A substring match is refused when the header contains one of these. */
  not?: string[];
}

/**
 * Finds each field's column: config overrides first (config.columns: {field: "Header"}), then exact
 * names, then substrings; a column serves one field only, so "First Deposits" taken as the FTD
 * count is not also read as deposits.
 */
export function resolveColumns<F extends string>(
  headers: string[],
  specs: ColumnSpec<F>[],
  overrides: Record<string, string> | undefined,
  platform: string,
): Map<F, number> {
  const norm = headers.map(normalizeHeader);
  const used = new Set<number>();
  const out = new Map<F, number>();
  const take = (field: F, i: number) => {
    out.set(field, i);
    used.add(i);
  };
  if (overrides) {
    for (const [field, header] of Object.entries(overrides)) {
      const spec = specs.find((s) => s.field === field);
      if (!spec)
        throw new ConnectorError(
          "config",
          `config.columns names an unknown field "${field}" (known: ${specs.map((s) => s.field).join(", ")})`,
        );
      if (!header.trim()) throw new ConnectorError("config", `config.columns.${field} must be a column name`);
      const i = norm.indexOf(normalizeHeader(header));
      if (i < 0) {
        throw new ConnectorError(
          "missing_columns",
          `the ${platform} report has no column "${header}" (config.columns.${field}); it has: ${headers.join(", ").slice(0, 300)}`,
        );
      }
      take(spec.field, i);
    }
  }
  for (const s of specs) {
    if (out.has(s.field)) continue;
    for (const e of s.exact) {
      const i = norm.findIndex((h, j) => !used.has(j) && h === e);
      if (i >= 0) {
        take(s.field, i);
        break;
      }
    }
  }
  for (const s of specs) {
    if (out.has(s.field)) continue;
    for (const c of s.contains ?? []) {
      const i = norm.findIndex((h, j) => !used.has(j) && h.includes(c) && !(s.not ?? []).some((n) => h.includes(n)));
      if (i >= 0) {
        take(s.field, i);
        break;
      }
    }
  }
  return out;
}

/** Validates one row's mapped cells with zod; a bad cell fails naming its column, row and value. */
export function validateCells<F extends string>(
  specs: ColumnSpec<F>[],
  columns: Map<F, number>,
  headers: string[],
  values: (f: F) => unknown,
  where: string,
  raw: string,
): Partial<Record<F, number | null>> {
  const shape: Record<string, typeof countCell | typeof moneyCell> = {};
  const record: Record<string, unknown> = {};
  for (const s of specs) {
    if (s.kind === "text" || !columns.has(s.field)) continue;
    shape[s.field] = s.kind === "count" ? countCell : moneyCell;
    record[s.field] = values(s.field);
  }
  const out = z.object(shape).safeParse(record);
  if (out.success) return out.data as Partial<Record<F, number | null>>;
  const issue = out.error.issues[0];
  const field = String(issue?.path[0] ?? "?") as F;
  const i = columns.get(field);
  const header = i === undefined ? field : (headers[i] ?? field);
  throw new ConnectorError(
    "malformed",
    `${where}: column "${header}" ${issue?.message ?? "is invalid"}: ${JSON.stringify(record[field] ?? null)}`.slice(0, 300),
    200,
    null,
    raw,
  );
}

/** Adds a row, summing it into an earlier row with the same natural key. */
export function addSummed(rows: Map<string, CanonicalRow>, row: CanonicalRow): void {
  const key = naturalKeyOf(row);
  const prev = rows.get(key);
  if (!prev) {
    rows.set(key, row);
    return;
  }
  sumInto(prev, row);
  prev.raw = Array.isArray(prev.raw) ? [...prev.raw, row.raw] : [prev.raw, row.raw];
}

/** Text of an HTML page or error body, for messages. */
export function plainText(text: string): string {
  return text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export const AUTH_TEXT =
  /invalid (user ?name|user|api ?key|key|credential|login|password|token|client)|unauthori[sz]ed|not authori[sz]ed|access (is )?denied|authenticat|please log ?in|sign in|session (has )?expired/i;
export const LOGIN_PAGE = /<input[^>]+type=["']?password|<form[^>]+login/i;

export function* daysOf(window: DateWindow): Generator<string> {
  for (let d = new Date(`${window.from}T00:00:00Z`); d.toISOString().slice(0, 10) <= window.to; d.setUTCDate(d.getUTCDate() + 1)) {
    yield d.toISOString().slice(0, 10);
  }
}

/** A day in any of the given formats, or null. */
export function dayIn(value: string, formats: string[]): string | null {
  for (const f of formats) {
    const d = parseDateWith(f, value);
    if (d) return d;
  }
  return null;
}

type PerDay = "auto" | "always" | "never";

export function perDayMode(offer: ConnectorOffer): PerDay {
  const v = offer.config.perDayRequests ?? "auto";
  return v === "auto" ? "auto" : v ? "always" : "never";
}
