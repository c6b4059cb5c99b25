import Papa from "papaparse";
import { z } from "zod";
import { isCurrency, minorUnitsToMicros, parseDecimalToMicros } from "../../../shared/money";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId, dateFormatRegex, errorFromText, formatDateWith, parseDateWith, sumInto, zCount } from "./fields";
import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

// ---------------------------------------------------------------------------------------------
// Generic CSV/JSON connector: a URL the user gives, and a column mapping.
// ---------------------------------------------------------------------------------------------

export const GENERIC_COUNT_FIELDS = {
  impressions: "impressions",
  clicks: "clicks",
  registrations: "registrations",
  ftdCount: "ftdCount",
  qftdCount: "qftdCount",
  depositingPlayers: "depositingPlayers",
  depositCount: "depositCount",
} as const satisfies Record<string, keyof CanonicalRow>;

export const GENERIC_MONEY_FIELDS = {
  deposits: "depositsMicros",
  ftdAmount: "ftdAmountMicros",
  ngr: "ngrMicros",
  commissionRevshare: "commissionRevshareMicros",
  commissionCpa: "commissionCpaMicros",
  commissionOther: "commissionOtherMicros",
  commissionTotal: "commissionTotalMicros",
} as const satisfies Record<string, keyof CanonicalRow>;

const columnName = z.string().trim().min(1, "needs a column name");
const moneyColumn = z.union([
  columnName,
  z.object({
    column: columnName,
    /** true: integer minor units (cents); false/absent: decimal amount. */
    minorUnits: z.boolean().optional(),
    /** Minor-unit exponent (2 for cents, 0 for JPY, 3 for KWD). */
    exponent: z.number().int().min(0).max(6).optional(),
  }),
]);

export const genericMappingSchema = z.strictObject({
  date: z.object({ column: columnName, format: z.string().trim().min(1).default("YYYY-MM-DD") }),
  currency: z
    .union([z.object({ column: columnName }), z.object({ fixed: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter ISO code") })])
    .optional(),
  counts: z.partialRecord(z.enum(Object.keys(GENERIC_COUNT_FIELDS) as [keyof typeof GENERIC_COUNT_FIELDS]), columnName).default({}),
  money: z.partialRecord(z.enum(Object.keys(GENERIC_MONEY_FIELDS) as [keyof typeof GENERIC_MONEY_FIELDS]), moneyColumn).default({}),
  brand: columnName.optional(),
  campaign: columnName.optional(),
  trackingCode: columnName.optional(),
  clickId: columnName.optional(),
  country: columnName.optional(),
});
export type GenericMapping = z.output<typeof genericMappingSchema>;

const genericConfigSchema = z.object({
  format: z.enum(["auto", "csv", "json"]).default("auto"),
  /** Dotted path to the row array inside a JSON object body, e.g. "result.rows". */
  arrayPath: z.string().trim().optional(),
  /** Header that carries the secret `headerValue`, e.g. "Authorization" or "X-Api-Key". */
  authHeader: z.string().trim().min(1).optional(),
  /** Query parameters to set to the window dates (when the URL has no {from}/{to} placeholders). */
  fromParam: z.string().trim().min(1).optional(),
  toParam: z.string().trim().min(1).optional(),
  /** Format of the dates written into the URL. */
  urlDateFormat: z.string().trim().min(1).default("YYYY-MM-DD"),
  maxDays: z.number().int().min(1).max(366).default(31),
  mapping: genericMappingSchema,
});
export type GenericConfig = z.output<typeof genericConfigSchema>;

/** Validates the offer's generic config; a config error names every problem ("Test connection" shows it). */
export function validateGenericConfig(config: Record<string, unknown>, accountCurrency: string | null): GenericConfig {
  const mapping = config.mapping as { date?: { format?: unknown } } | undefined;
  const dateFormat = mapping?.date?.format;
  // The URL takes the report's own date format unless told otherwise (when that format can be written).
  const withUrlFormat =
    config.urlDateFormat === undefined && typeof dateFormat === "string" && dateFormatRegex(dateFormat)
      ? { ...config, urlDateFormat: dateFormat }
      : config;
  const parsed = genericConfigSchema.safeParse(withUrlFormat);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`);
    throw new ConnectorError("config", `column mapping is invalid: ${problems.join("; ")}`);
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (!dateFormatRegex(c.mapping.date.format) && !["unix", "unix_ms"].includes(c.mapping.date.format)) {
    problems.push(`mapping.date.format "${c.mapping.date.format}" is not a supported format (use YYYY, MM, DD, e.g. DD/MM/YYYY, or unix)`);
  }
  if (!dateFormatRegex(c.urlDateFormat)) problems.push(`urlDateFormat "${c.urlDateFormat}" is not a supported format`);
  if (Object.keys(c.mapping.counts).length + Object.keys(c.mapping.money).length === 0) {
    problems.push("map at least one count or money column");
  }
  if (Object.keys(c.mapping.money).length > 0 && !c.mapping.currency && !accountCurrency) {
    problems.push("money columns need a currency column, a fixed currency or the offer's account currency");
  }
  if ((c.fromParam && !c.toParam) || (!c.fromParam && c.toParam)) problems.push("fromParam and toParam go together");
  if (problems.length) throw new ConnectorError("config", `column mapping is invalid: ${problems.join("; ")}`);
  return c;
}

/** Every column the mapping refers to, as the user wrote them. */
export function mappedColumns(m: GenericMapping): string[] {
  const cols = [m.date.column];
  if (m.currency && "column" in m.currency) cols.push(m.currency.column);
  cols.push(...Object.values(m.counts).filter((x): x is string => typeof x === "string"));
  for (const v of Object.values(m.money)) if (v !== undefined) cols.push(typeof v === "string" ? v : v.column);
  for (const k of ["brand", "campaign", "trackingCode", "clickId", "country"] as const) {
    const v = m[k];
    if (v) cols.push(v);
  }
  return [...new Set(cols)];
}

/** Mapped columns absent from the report's columns (exact, then case/space-insensitive match). */
export function missingColumns(m: GenericMapping, present: string[]): string[] {
  return mappedColumns(m).filter((c) => resolveColumn(c, present) === null);
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-.]/g, "");

function resolveColumn(column: string, present: string[]): string | null {
  if (present.includes(column)) return column;
  const n = norm(column);
  return present.find((p) => norm(p) === n) ?? null;
}

function requestUrl(offer: ConnectorOffer, cfg: GenericConfig, window: DateWindow): string {
  const template = offer.secrets.url;
  if (!template) throw new ConnectorError("config", "API Setup needs the report URL");
  const from = formatDateWith(cfg.urlDateFormat, window.from);
  const to = formatDateWith(cfg.urlDateFormat, window.to);
  const filled = template.replace(/\{from\}/g, encodeURIComponent(from)).replace(/\{to\}/g, encodeURIComponent(to));
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw new ConnectorError("config", "the report URL is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConnectorError("config", "the report URL must be http(s)");
  if (cfg.fromParam && cfg.toParam) {
    url.searchParams.set(cfg.fromParam, from);
    url.searchParams.set(cfg.toParam, to);
  }
  return url.toString();
}

const CREDENTIAL_PARAM = /token|key|secret|password|pass|auth|sig|signature|hash/i;

/** Rows of the report as plain objects, and the column names it carries. */
export function readGenericBody(
  text: string,
  contentType: string,
  cfg: Pick<GenericConfig, "format" | "arrayPath">,
): { rows: Record<string, unknown>[]; columns: string[] } {
  const body = text.replace(/^\uFEFF/, "");
  const trimmed = body.trim();
  const json = cfg.format === "json" || (cfg.format === "auto" && (/json/i.test(contentType) || /^[[{]/.test(trimmed)));
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      if (!/^[[{]/.test(trimmed)) throw errorFromText("report", trimmed.split("\n")[0] ?? "", text);
      throw new ConnectorError("malformed", "the report is not valid JSON", 200, null, text);
    }
    let arr: unknown = parsed;
    if (cfg.arrayPath)
      for (const part of cfg.arrayPath.split("."))
        arr = arr && typeof arr === "object" ? (arr as Record<string, unknown>)[part] : undefined;
    if (!Array.isArray(arr)) {
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        const o = parsed as Record<string, unknown>;
        const msg = o.error ?? o.errors ?? o.message ?? o.Error ?? o.detail;
        if (msg !== undefined) throw errorFromText("report", typeof msg === "string" ? msg : JSON.stringify(msg), text);
      }
      throw new ConnectorError(
        "config",
        cfg.arrayPath ? `no array at "${cfg.arrayPath}" in the JSON report` : "the JSON report is not an array (set the array path)",
        200,
        null,
        text,
      );
    }
    const rows: Record<string, unknown>[] = [];
    const columns = new Set<string>();
    for (const [i, r] of arr.entries()) {
      if (!r || typeof r !== "object" || Array.isArray(r))
        throw new ConnectorError("malformed", `JSON report row ${i + 1} is not an object`, 200, null, text);
      rows.push(r as Record<string, unknown>);
      for (const k of Object.keys(r)) columns.add(k);
    }
    return { rows, columns: [...columns] };
  }
  if (/^<(!doctype|html|\?xml)/i.test(trimmed)) throw errorFromText("report", "answered with an HTML/XML page instead of CSV", text);
  const out = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: "greedy", transformHeader: (h) => h.trim() });
  const columns = (out.meta.fields ?? []).filter((f) => f !== "");
  const bad = out.errors.find((e) => e.type === "Quotes" || e.type === "FieldMismatch");
  if (bad) {
    throw new ConnectorError("malformed", `the CSV report is broken at row ${(bad.row ?? 0) + 1}: ${bad.message}`, 200, null, text);
  }
  return { rows: out.data, columns };
}

function cell(row: Record<string, unknown>, column: string | undefined, present: string[]): unknown {
  if (!column) return undefined;
  const actual = resolveColumn(column, present);
  if (actual !== null) return row[actual];
  // JSON: dotted path into nested objects.
  let cur: unknown = row;
  for (const part of column.split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "");
}

/** Normalizes a generic report body into canonical rows (summing rows that share a key). */
export function parseGeneric(
  text: string,
  contentType: string,
  cfg: GenericConfig,
  offer: ConnectorOffer,
  window: DateWindow | null,
): CanonicalRow[] {
  const { rows, columns } = readGenericBody(text, contentType, cfg);
  const m = cfg.mapping;
  // A one-column "report" without the date column is an error message, not data.
  if (columns.length <= 1 && resolveColumn(m.date.column, columns) === null && text.trim()) {
    throw errorFromText("report", text.trim().split("\n")[0] ?? "", text);
  }
  if (rows.length > 0 || columns.length > 0) {
    const missing = missingColumns(m, columns).filter((c) => !rows.some((r) => !blank(cell(r, c, columns))));
    if (missing.length) {
      throw new ConnectorError(
        "missing_columns",
        `the report has no column ${missing.map((c) => `"${c}"`).join(", ")} (columns found: ${columns.join(", ").slice(0, 300) || "none"})`,
        200,
        null,
        text,
      );
    }
  }
  const byKey = new Map<string, CanonicalRow>();
  for (const [i, r] of rows.entries()) {
    const what = `report row ${i + 1}`;
    const rawDate = cell(r, m.date.column, columns);
    if (blank(rawDate)) continue; // totals/footer lines carry no date
    const day = parseDateWith(m.date.format, typeof rawDate === "number" ? rawDate : String(rawDate));
    if (!day) {
      throw new ConnectorError(
        "malformed",
        `${what}: column ${m.date.column} is not a ${m.date.format} date: ${JSON.stringify(rawDate)}`,
        200,
        null,
        text,
      );
    }
    if (window && (day < window.from || day > window.to)) continue;
    let currency = offer.accountCurrency;
    let origin: CanonicalRow["currencyOrigin"] = "account_default";
    if (m.currency && "fixed" in m.currency) currency = m.currency.fixed;
    else if (m.currency) {
      const c = String(cell(r, m.currency.column, columns) ?? "")
        .trim()
        .toUpperCase();
      if (!isCurrency(c))
        throw new ConnectorError(
          "malformed",
          `${what}: column ${m.currency.column} is not a currency code: ${JSON.stringify(c)}`,
          200,
          null,
          text,
        );
      currency = c;
      origin = "api_field";
    }
    const row = emptyRow({
      platform: "generic",
      reportDate: day,
      reportTz: offer.platformTimezone,
      currency: currency ?? "XXX",
      currencyOrigin: origin,
    });
    for (const [key, column] of Object.entries(m.counts) as [keyof typeof GENERIC_COUNT_FIELDS, string][]) {
      const v = cell(r, column, columns);
      if (blank(v)) continue;
      const n = zCount.safeParse(v);
      if (!n.success)
        throw new ConnectorError("malformed", `${what}: column ${column} is not a count: ${JSON.stringify(v)}`, 200, null, text);
      row[GENERIC_COUNT_FIELDS[key]] = n.data;
    }
    for (const [key, spec] of Object.entries(m.money) as [keyof typeof GENERIC_MONEY_FIELDS, z.output<typeof moneyColumn>][]) {
      const column = typeof spec === "string" ? spec : spec.column;
      const v = cell(r, column, columns);
      if (blank(v)) continue;
      row[GENERIC_MONEY_FIELDS[key]] = moneyCell(v, typeof spec === "string" ? null : spec, `${what}: column ${column}`, text);
    }
    const str = (col: string | undefined) => {
      const v = cell(r, col, columns);
      return blank(v) ? null : String(v).trim();
    };
    row.brandNameRaw = str(m.brand);
    row.brandExtId = row.brandNameRaw;
    row.campaignExtId = str(m.campaign);
    row.trackingCode = str(m.trackingCode);
    row.country = str(m.country)?.toUpperCase().slice(0, 2) ?? null;
    const sub = str(m.clickId);
    if (m.clickId && sub !== null) row.subIds = { [m.clickId]: sub };
    row.clickId = cleanClickId(sub);
    row.metricSemantics = Object.fromEntries([
      ...Object.entries(m.counts).map(([k, c]) => [k, `generic.${c}`]),
      ...Object.entries(m.money).map(([k, s]) => [k, `generic.${typeof s === "string" ? s : s?.column}`]),
    ]);
    row.raw = r;
    const key = JSON.stringify([
      day,
      row.brandExtId,
      row.campaignExtId,
      row.trackingCode,
      row.clickId,
      row.subIds,
      row.country,
      row.currency,
    ]);
    const prev = byKey.get(key);
    if (prev) {
      sumInto(prev, row);
      prev.raw = Array.isArray(prev.raw) ? [...prev.raw, r] : [prev.raw, r];
    } else byKey.set(key, row);
  }
  return [...byKey.values()];
}

function moneyCell(
  v: unknown,
  spec: { minorUnits?: boolean | undefined; exponent?: number | undefined } | null,
  what: string,
  raw: string,
): number {
  if (spec?.minorUnits) {
    const text = typeof v === "string" ? v.trim() : v;
    const n = typeof text === "number" ? text : typeof text === "string" && /^-?\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n))
      throw new ConnectorError("malformed", `${what} is not an integer amount in minor units: ${JSON.stringify(v)}`, 200, null, raw);
    return minorUnitsToMicros(n, spec.exponent ?? 2);
  }
  const micros = typeof v === "number" || typeof v === "string" ? parseDecimalToMicros(v) : null;
  if (micros === null) throw new ConnectorError("malformed", `${what} is not a decimal amount: ${JSON.stringify(v)}`, 200, null, raw);
  return micros;
}

export const generic: Connector = {
  platform: "generic",
  // The user's endpoint limits are unknown: 31-day windows by default (config.maxDays), see pull().
  windows: (from, to) => splitWindows(from, to, 31, false),
  secretsOf(offer) {
    const reportUrl = offer.secrets.url ?? "";
    const out = [reportUrl, offer.secrets.headerValue ?? ""];
    try {
      const u = new URL(reportUrl);
      for (const [k, v] of u.searchParams) if (CREDENTIAL_PARAM.test(k) && v.length >= 4) out.push(v);
      if (u.password) out.push(u.password);
    } catch {
      // not a URL: nothing more to redact
    }
    const hv = offer.secrets.headerValue ?? "";
    const bare = hv.replace(/^(Bearer|Basic|Token|ApiKey)\s+/i, "");
    if (bare !== hv) out.push(bare);
    return out.filter((s) => s.length > 0);
  },
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    const cfg = validateGenericConfig(offer.config, offer.accountCurrency);
    const rows: CanonicalRow[] = [];
    const raws: string[] = [];
    let status = 200;
    // A config.maxDays smaller than the 31-day outer window splits the window again here.
    for (const w of splitWindows(window.from, window.to, cfg.maxDays, false)) {
      const headers: Record<string, string> = { Accept: "text/csv, application/json;q=0.9, */*;q=0.5" };
      if (cfg.authHeader) {
        if (!offer.secrets.headerValue)
          throw new ConnectorError("config", `API Setup names the header ${cfg.authHeader} but no value for it`);
        headers[cfg.authHeader] = offer.secrets.headerValue;
      }
      const res = await fetchText(fetcher, requestUrl(offer, cfg, w), { headers }, timeoutOf(offer));
      status = res.status;
      pushRaw(raws, res.text);
      rows.push(...parseGeneric(res.text, res.headers.get("content-type") ?? "", cfg, offer, w));
    }
    return { rows, httpStatus: status, raw: raws.join("\n") };
  },
};
