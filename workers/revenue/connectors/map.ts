import Papa from "papaparse";
import { z } from "zod";
import { parseDecimalToMicros } from "../../../shared/money";
import { type CanonicalRow, emptyRow, naturalKeyOf } from "../canonical";
import { cleanClickId, parseDateWith, sumInto } from "./generic";
import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

// ---------------------------------------------------------------------------------------------
// Helpers shared by the pasted-URL report connectors (Income Access, MAP, MyAffiliates, ReferOn):
// URL rewriting that keeps the platform's bytes, strict number cells, flexible header matching.
// ---------------------------------------------------------------------------------------------

/** Reads a query parameter case-insensitively (ASP/ASP.NET treat names so). */
export function queryParam(url: URL, name: string): string | null {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
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
  overrides: unknown,
  platform: string,
): Map<F, number> {
  const norm = headers.map(normalizeHeader);
  const used = new Set<number>();
  const out = new Map<F, number>();
  const take = (field: F, i: number) => {
    out.set(field, i);
    used.add(i);
  };
  if (overrides !== undefined && overrides !== null) {
    if (typeof overrides !== "object" || Array.isArray(overrides))
      throw new ConnectorError("config", "config.columns must map field names to report columns");
    for (const [field, header] of Object.entries(overrides)) {
      const spec = specs.find((s) => s.field === field);
      if (!spec)
        throw new ConnectorError(
          "config",
          `config.columns names an unknown field "${field}" (known: ${specs.map((s) => s.field).join(", ")})`,
        );
      if (typeof header !== "string" || !header.trim()) throw new ConnectorError("config", `config.columns.${field} must be a column name`);
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

// ---------------------------------------------------------------------------------------------
// MAP (affiliatesdiv "MAP") activity report.
// ---------------------------------------------------------------------------------------------

/**
 * MAP activity report (platforms.md §9, addendum §4): the affiliate manager supplies
 *   https://<operator>/generatemapreports.aspx?ver=3.0&username=…&apikey=…
 *     &reportstartdate=MM/DD/YYYY&reportenddate=MM/DD/YYYY&command=activityreport&format=csv
 * `command=activityreport` and `format=csv` are mandatory; only the two dates are rewritten.
 *
 * The CSV header row is unconfirmed: columns are matched by name (exact, then substring) against
 * the UI's columns (Brand, Impressions, Clicks, Registrations, FTD, Currency like "GBP(£)",
 * Deposits, Net Revenue, Revenue Commission), and config.columns can name any of them.
 * Whether rows are per day is unknown: with a date column the rows are used as they come; without
 * one the window is asked again one day per request (config.perDayRequests: "auto" default,
 * true = always one day per request, false = never, fail instead).
 */
export type MapField =
  | "date"
  | "brand"
  | "currency"
  | "clickId"
  | "impressions"
  | "clicks"
  | "registrations"
  | "ftdCount"
  | "ftdAmountMicros"
  | "depositsMicros"
  | "ngrMicros"
  | "commissionRevshareMicros"
  | "commissionCpaMicros"
  | "commissionTotalMicros";

export const MAP_COLUMNS: ColumnSpec<MapField>[] = [
  {
    field: "date",
    kind: "text",
    exact: ["date", "day", "activity date", "report date", "stats date"],
    contains: ["date"],
    not: ["update", "registration", "signup"],
  },
  { field: "brand", kind: "text", exact: ["brand", "brand name", "brands"], contains: ["brand"] },
  { field: "currency", kind: "text", exact: ["currency", "currency code"], contains: ["currency"] },
  { field: "clickId", kind: "text", exact: ["subid", "sub id", "clickid", "click id", "tracking code", "var1"] },
  {
    field: "ftdAmountMicros",
    kind: "money",
    exact: ["ftd amount", "first deposit amount", "ftd deposits"],
    contains: ["ftd amount", "first deposit amount"],
  },
  {
    field: "ftdCount",
    kind: "count",
    exact: ["ftd", "ftds", "first time depositors", "first deposits", "ftd count"],
    contains: ["ftd", "first dep"],
    not: ["amount", "sum", "value", "ratio", "rate", "commission"],
  },
  {
    field: "depositsMicros",
    kind: "money",
    exact: ["deposits", "deposit", "deposit amount", "total deposits"],
    contains: ["deposit"],
    not: ["first", "ftd", "count", "ratio"],
  },
  {
    field: "commissionRevshareMicros",
    kind: "money",
    exact: ["revenue commission", "revshare commission", "rev share commission"],
    contains: ["revenue commission", "revshare", "rev share"],
  },
  { field: "commissionCpaMicros", kind: "money", exact: ["cpa commission", "cpa"], contains: ["cpa commission"] },
  {
    field: "commissionTotalMicros",
    kind: "money",
    exact: ["total commission", "commission", "total earnings", "earnings"],
    contains: ["total commission"],
  },
  {
    field: "ngrMicros",
    kind: "money",
    exact: ["net revenue", "ngr", "net gaming revenue"],
    contains: ["net revenue", "ngr"],
    not: ["commission"],
  },
  { field: "impressions", kind: "count", exact: ["impressions", "views"], contains: ["impression"] },
  {
    field: "clicks",
    kind: "count",
    exact: ["clicks", "hits", "raw clicks"],
    contains: ["click"],
    not: ["ratio", "rate", "ctr", "unique", "id"],
  },
  {
    field: "registrations",
    kind: "count",
    exact: ["registrations", "signups", "sign ups", "regs"],
    contains: ["registration", "signup", "sign up"],
    not: ["ratio", "rate", "date"],
  },
];

const METRICS = [
  "impressions",
  "clicks",
  "registrations",
  "ftdCount",
  "ftdAmountMicros",
  "depositsMicros",
  "ngrMicros",
  "commissionRevshareMicros",
  "commissionCpaMicros",
  "commissionTotalMicros",
] as const satisfies readonly (MapField & keyof CanonicalRow)[];

type PerDay = "auto" | "always" | "never";

export function perDayMode(offer: ConnectorOffer): PerDay {
  const v = offer.config.perDayRequests;
  if (v === undefined || v === null || v === "auto") return "auto";
  if (v === true) return "always";
  if (v === false) return "never";
  throw new ConnectorError("config", `perDayRequests must be true, false or "auto", not ${JSON.stringify(v)}`);
}

/** 2026-11-05 → 11/05/2026. */
export const mapDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

export function checkMapUrl(offer: ConnectorOffer): string {
  const pasted = offer.secrets.reportUrl;
  if (!pasted) throw new ConnectorError("config", "API Setup needs the MAP activity report URL from your affiliate manager");
  let url: URL;
  try {
    url = new URL(pasted);
  } catch {
    throw new ConnectorError("config", "the MAP report URL is not a valid URL");
  }
  const command = queryParam(url, "command");
  if (!command) throw new ConnectorError("config", "the MAP URL has no command parameter (it must be command=activityreport)");
  if (command.toLowerCase() !== "activityreport")
    throw new ConnectorError("config", `the MAP URL asks for command=${command}; it must be command=activityreport`);
  const format = queryParam(url, "format");
  if (!format) throw new ConnectorError("config", "the MAP URL has no format parameter (it must be format=csv)");
  if (format.toLowerCase() !== "csv") throw new ConnectorError("config", `the MAP URL asks for format=${format}; it must be format=csv`);
  if (!queryParam(url, "username") || !queryParam(url, "apikey"))
    throw new ConnectorError("config", "the MAP URL needs its username and apikey parameters");
  return pasted;
}

export function mapRequestUrl(offer: ConnectorOffer, from: string, to: string): string {
  return withQueryParams(checkMapUrl(offer), { reportstartdate: mapDate(from), reportenddate: mapDate(to) });
}

const SYMBOL_CURRENCY: Record<string, string> = { "€": "EUR", "£": "GBP", "₹": "INR", "₺": "TRY", R$: "BRL", C$: "CAD", A$: "AUD" };

/** "GBP(£)", "EUR (€)", "USD", "£" → ISO code; null when the cell names no currency we can trust. */
export function currencyOfCell(cell: string): string | null {
  const code = /^\s*([A-Za-z]{3})(\b|\s|\(|$)/.exec(cell);
  if (code?.[1]) return code[1].toUpperCase();
  return SYMBOL_CURRENCY[cell.trim()] ?? null;
}

function mapError(text: string, contentType: string): ConnectorError {
  const plain = plainText(text);
  if (LOGIN_PAGE.test(text) || AUTH_TEXT.test(plain)) {
    return new ConnectorError("auth", `MAP refused the username/apikey: "${plain.slice(0, 160)}"`, 200, null, text);
  }
  if (/html/i.test(contentType) || /^\s*</.test(text) || plain.length < 300) {
    return new ConnectorError("platform_error", `MAP answered without a report: "${plain.slice(0, 160)}"`, 200, null, text);
  }
  return new ConnectorError("missing_columns", "the MAP CSV has no recognizable header (set config.columns)", 200, null, text);
}

export interface MapParse {
  rows: CanonicalRow[];
  /** Data rows that carried no day (no date column, or months): the window must be asked per day. */
  undated: number;
}

/**
 * Parses one activity-report CSV. `day` is the requested day when the request covered one day;
 * null when it covered the window (then rows need their own day, else they count as undated).
 */
export function parseMapCsv(
  text: string,
  offer: ConnectorOffer,
  window: DateWindow,
  day: string | null,
  contentType = "text/csv",
): MapParse {
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*</.test(body)) throw mapError(text, contentType);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: "greedy" });
  const [header, ...data] = parsed.data;
  if (!header) return { rows: [], undated: 0 }; // an empty body: no activity
  const headers = header.map((h) => h.trim());
  const columns = resolveColumns(headers, MAP_COLUMNS, offer.config.columns, "MAP");
  if (!METRICS.some((m) => columns.has(m))) throw mapError(text, contentType);
  const at = (cells: string[], f: MapField) => {
    const i = columns.get(f);
    return i === undefined ? undefined : cells[i];
  };
  const wantBrand = typeof offer.config.brandName === "string" ? offer.config.brandName.trim().toLowerCase() : null;
  const semantics: Record<string, string> = {};
  for (const m of METRICS) {
    const i = columns.get(m);
    if (i !== undefined) semantics[m] = `map.${headers[i]}`;
  }
  const totalFromParts =
    !columns.has("commissionTotalMicros") && (columns.has("commissionRevshareMicros") || columns.has("commissionCpaMicros"));
  if (totalFromParts) semantics.commissionTotalMicros = "sum of the MAP commission columns (no total column in the report)";
  if (columns.has("ngrMicros")) semantics.ngrMicros = `map.${headers[columns.get("ngrMicros") ?? 0]} (operator-defined net revenue)`;

  const rows = new Map<string, CanonicalRow>();
  let undated = 0;
  data.forEach((cells, n) => {
    const where = `MAP row ${n + 1}`;
    if (cells.length < headers.length)
      throw new ConnectorError("malformed", `${where} has ${cells.length} cells, the header ${headers.length}`, 200, null, text);
    const brand = (at(cells, "brand") ?? "").trim();
    if (/^(grand )?totals?:?$/i.test(brand)) return; // the grid's total row
    const figures = validateCells(MAP_COLUMNS, columns, headers, (f) => at(cells, f), where, text);
    const dateCell = (at(cells, "date") ?? "").trim();
    let rowDay: string | null = null;
    if (dateCell) {
      rowDay = dayIn(dateCell, ["MM/DD/YYYY", "YYYY-MM-DD", "YYYY/MM/DD"]);
      if (rowDay && (rowDay < window.from || rowDay > window.to)) {
        throw new ConnectorError("malformed", `${where}: day ${rowDay} is outside ${window.from}..${window.to}`, 200, null, text);
      }
    }
    if (rowDay === null) rowDay = day;
    if (rowDay === null) {
      undated++;
      return;
    }
    if (wantBrand && brand.toLowerCase() !== wantBrand) return; // another brand on the same account
    const currencyCell = (at(cells, "currency") ?? "").trim();
    let currency = currencyCell ? currencyOfCell(currencyCell) : null;
    const origin: CanonicalRow["currencyOrigin"] = currency ? "api_field" : "account_default";
    currency ??= offer.accountCurrency;
    if (!currency) {
      throw new ConnectorError(
        "config",
        currencyCell
          ? `MAP currency "${currencyCell}" names no ISO currency; set the offer's account currency`
          : "MAP sent no currency; set the offer's account currency",
        200,
        null,
        text,
      );
    }
    const clickRaw = (at(cells, "clickId") ?? "").trim();
    const clickHeader = headers[columns.get("clickId") ?? -1] ?? "subid";
    const row: CanonicalRow = {
      ...emptyRow({ platform: "map", reportDate: rowDay, reportTz: offer.platformTimezone, currency, currencyOrigin: origin }),
      brandNameRaw: brand || null,
      subIds: clickRaw ? { [clickHeader]: clickRaw } : {},
      clickId: cleanClickId(clickRaw),
      metricSemantics: semantics,
      raw: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""])),
    };
    for (const m of METRICS) row[m] = figures[m] ?? null;
    if (totalFromParts) {
      const parts = [row.commissionRevshareMicros, row.commissionCpaMicros].filter((v): v is number => v !== null);
      row.commissionTotalMicros = parts.length ? parts.reduce((a, b) => a + b, 0) : null;
    }
    addSummed(rows, row);
  });
  return { rows: [...rows.values()], undated };
}

async function fetchMap(offer: ConnectorOffer, fetcher: typeof fetch, from: string, to: string) {
  return fetchText(fetcher, mapRequestUrl(offer, from, to), { headers: { Accept: "text/csv, */*" } }, timeoutOf(offer));
}

export const map: Connector = {
  platform: "map",
  // No documented limit; calendar-month windows (≤31 days) match the report's monthly view.
  windows: (from, to) => splitWindows(from, to, 31, true),
  secretsOf: (offer) => {
    try {
      const url = new URL(offer.secrets.reportUrl ?? "");
      return [queryParam(url, "apikey") ?? ""].filter(Boolean);
    } catch {
      return [];
    }
  },
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    checkMapUrl(offer);
    const mode = perDayMode(offer);
    const raws: string[] = [];
    let status = 200;
    if (mode !== "always" && window.from !== window.to) {
      const res = await fetchMap(offer, fetcher, window.from, window.to);
      status = res.status;
      pushRaw(raws, res.text);
      const whole = parseMapCsv(res.text, offer, window, null, res.headers.get("content-type") ?? "");
      if (whole.undated === 0) return { rows: whole.rows, httpStatus: status, raw: raws.join("\n") };
      if (mode === "never") {
        throw new ConnectorError(
          "missing_columns",
          "the MAP report has no per-day date column; allow per-day requests (perDayRequests)",
          status,
          null,
          res.text,
        );
      }
    }
    // Without a date column each day is asked for on its own.
    const rows: CanonicalRow[] = [];
    for (const day of daysOf(window)) {
      const res = await fetchMap(offer, fetcher, day, day);
      status = res.status;
      pushRaw(raws, res.text);
      rows.push(...parseMapCsv(res.text, offer, window, day, res.headers.get("content-type") ?? "").rows);
    }
    return { rows, httpStatus: status, raw: raws.join("\n") };
  },
};
