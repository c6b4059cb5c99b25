import Papa from "papaparse";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId, formatDateWith, parseDateWith } from "./fields";
import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import {
  AUTH_TEXT,
  addSummed,
  type ColumnSpec,
  daysOf,
  LOGIN_PAGE,
  normalizeHeader,
  plainText,
  queryParam,
  resolveColumns,
  urlSecrets,
  validateCells,
  withQueryParams,
} from "./report-csv";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * ReferOn affiliate statistics through a preset URL (platforms.md §6, addendum §3): Reports ›
 * General grouped by Brand + Media Item, split by day, custom date range, Create Preset, API
 * availability on, Copy link. The link carries `token` (the credential) and `id` (the preset), and
 * `from`/`to`, which are replaced on every pull with one day each (as a production client does).
 *
 * Not published: the path, the date format and the response format. So:
 *  - the date format is config.dateFormat (YYYY/MM/DD tokens), else inferred from the pasted from/to,
 *    else YYYY-MM-DD; a time part in the pasted values is kept;
 *  - the answer may be JSON (an array, or an object holding one under data/rows/items/…) or CSV
 *    (`download=true`; comma or semicolon, a semicolon file may use decimal commas), told apart by
 *    Content-Type and the body;
 *  - columns are matched by the UI metric names (Click Count, Reg. Count, FTD Count, Deposits, NGR,
 *    Revenue Share, CPA, …) in any spelling (snake_case, camelCase), and config.columns can name any.
 * Dynamic variables var1..var5, subid, pubid, clickid, click_id and "other" become sub-ids; the
 * click id comes from config.clickIdVariable (default clickid, then click_id).
 */
export type ReferOnField =
  | "date"
  | "brand"
  | "brandId"
  | "campaign"
  | "campaignId"
  | "mediaItem"
  | "geo"
  | "currency"
  | "impressions"
  | "clicks"
  | "registrations"
  | "ftdCount"
  | "qftdCount"
  | "depositingPlayers"
  | "depositCount"
  | "depositsMicros"
  | "ftdAmountMicros"
  | "ngrMicros"
  | "commissionRevshareMicros"
  | "commissionCpaMicros"
  | "cpcMicros"
  | "subAffiliateMicros"
  | "deductionMicros"
  | "commissionTotalMicros";

export const REFERON_COLUMNS: ColumnSpec<ReferOnField>[] = [
  {
    field: "date",
    kind: "text",
    exact: ["date", "day", "period", "report date"],
    contains: ["date"],
    not: ["reg", "signup", "ftd", "first"],
  },
  { field: "brandId", kind: "text", exact: ["brand id", "brand guid", "brandguid"] },
  { field: "brand", kind: "text", exact: ["brand", "brand name"], contains: ["brand"], not: ["id", "guid"] },
  { field: "campaignId", kind: "text", exact: ["campaign id", "media campaign id"] },
  {
    field: "campaign",
    kind: "text",
    exact: ["campaign", "media campaign", "campaign name", "media campaign name"],
    contains: ["campaign"],
    not: ["id"],
  },
  { field: "mediaItem", kind: "text", exact: ["media item", "media item id", "media item name", "mid", "media"], contains: ["media item"] },
  { field: "geo", kind: "text", exact: ["geo", "country", "country code"] },
  { field: "currency", kind: "text", exact: ["currency", "currency code"], contains: ["currency"] },
  { field: "impressions", kind: "count", exact: ["banner view count", "banner views", "impressions", "views"], contains: ["banner view"] },
  { field: "clicks", kind: "count", exact: ["click count", "clicks"], contains: ["click count"], not: ["unique"] },
  {
    field: "registrations",
    kind: "count",
    exact: ["reg count", "registrations", "registration count", "signups"],
    contains: ["reg count"],
    not: ["sub", "total"],
  },
  {
    field: "ftdCount",
    kind: "count",
    exact: ["ftd count", "ftd", "ftds", "first deposit count"],
    contains: ["ftd count"],
    not: ["sub", "total"],
  },
  { field: "qftdCount", kind: "count", exact: ["cpa count", "qualified cpa count", "qftd count"], contains: ["cpa count"] },
  {
    field: "depositingPlayers",
    kind: "count",
    exact: ["depositing customers", "depositing customers count", "depositing players"],
    contains: ["depositing customer"],
  },
  { field: "depositCount", kind: "count", exact: ["count of deposits", "deposit count", "deposits count"], contains: ["count of deposit"] },
  // Exact only: "FTDs Deposits", "NDC Deposits" and "RDC Deposits" are other figures.
  { field: "depositsMicros", kind: "money", exact: ["deposits", "deposit amount", "deposits amount", "total deposits"] },
  { field: "ftdAmountMicros", kind: "money", exact: ["ftd amount", "first deposit amount"], contains: ["ftd amount"] },
  { field: "ngrMicros", kind: "money", exact: ["ngr", "net gaming revenue"] },
  {
    field: "commissionRevshareMicros",
    kind: "money",
    exact: ["revenue share", "revshare", "rs", "revenue share reward"],
    contains: ["revenue share"],
    not: ["distribution"],
  },
  { field: "commissionCpaMicros", kind: "money", exact: ["cpa", "cpa reward", "cpa amount"] },
  { field: "cpcMicros", kind: "money", exact: ["cpc", "cpc reward", "cpc amount"] },
  {
    field: "subAffiliateMicros",
    kind: "money",
    exact: ["sub affiliate reward", "sub affiliate", "sa", "sub affiliate commission"],
    contains: ["sub affiliate reward"],
  },
  { field: "deductionMicros", kind: "money", exact: ["deduction", "deductions"] },
  {
    field: "commissionTotalMicros",
    kind: "money",
    exact: ["commission reward", "commission", "total commission", "reward", "total reward"],
    contains: ["commission reward"],
  },
];

/** Canonical figures taken straight from a column. */
const DIRECT = [
  "impressions",
  "clicks",
  "registrations",
  "ftdCount",
  "qftdCount",
  "depositingPlayers",
  "depositCount",
  "depositsMicros",
  "ftdAmountMicros",
  "ngrMicros",
  "commissionRevshareMicros",
  "commissionCpaMicros",
  "commissionTotalMicros",
] as const satisfies readonly (ReferOnField & keyof CanonicalRow)[];
const ALL_FIGURES = REFERON_COLUMNS.filter((s) => s.kind !== "text").map((s) => s.field);

const MEANING: Partial<Record<ReferOnField, string>> = {
  clicks: "ReferOn Click Count (platform-counted, not tracker clicks)",
  registrations: "ReferOn Reg. Count (own, not sub-affiliate)",
  ftdCount: "ReferOn FTD Count: first deposit in the period regardless of signup date",
  qftdCount: "ReferOn CPA count (qualified CPA)",
  ngrMicros: "ReferOn NGR = GGR − Bonuses − Adjustments",
  commissionRevshareMicros: "ReferOn Revenue Share",
  commissionCpaMicros: "ReferOn CPA reward",
};

/** Dynamic-variable columns (normalized header → sub-id key). */
const VARIABLES: Record<string, string> = {
  var1: "var1",
  var2: "var2",
  var3: "var3",
  var4: "var4",
  var5: "var5",
  subid: "subid",
  "sub id": "subid",
  pubid: "pubid",
  "pub id": "pubid",
  clickid: "clickid",
  "click id": "click_id",
  other: "other",
  "other variables": "other",
};

// ---- URL and dates -------------------------------------------------------------------------

const FORMAT_SHAPES: [RegExp, string][] = [
  [/^\d{4}-\d{2}-\d{2}/, "YYYY-MM-DD"],
  [/^\d{4}\/\d{2}\/\d{2}/, "YYYY/MM/DD"],
  [/^\d{2}\.\d{2}\.\d{4}/, "DD.MM.YYYY"],
];

/** The date format of the pasted from/to values, or null when it cannot be told (e.g. 01/02/2025). */
export function inferDateFormat(values: string[]): string | null {
  const [first] = values;
  if (!first) return null;
  for (const [re, format] of FORMAT_SHAPES) if (values.every((v) => re.test(v))) return format;
  const slashed = values.map((v) => /^(\d{2})\/(\d{2})\/\d{4}/.exec(v));
  if (slashed.every((m) => m)) {
    if (slashed.some((m) => Number(m?.[1]) > 12)) return "DD/MM/YYYY";
    if (slashed.some((m) => Number(m?.[2]) > 12)) return "MM/DD/YYYY";
  }
  return null;
}

export interface ReferOnUrl {
  url: string;
  format: string;
  /** Whatever followed the date in the pasted from/to values (a time), kept on every pull. */
  fromSuffix: string;
  toSuffix: string;
}

export function checkReferOnUrl(offer: ConnectorOffer): ReferOnUrl {
  const pasted = offer.secrets.reportUrl;
  if (!pasted) throw new ConnectorError("config", "API Setup needs the ReferOn preset URL (Create Preset → API availability → Copy link)");
  let url: URL;
  try {
    url = new URL(pasted);
  } catch {
    throw new ConnectorError("config", "the ReferOn preset URL is not a valid URL");
  }
  if (!queryParam(url, "token"))
    throw new ConnectorError("config", "the ReferOn URL carries no token parameter: turn API availability on for the preset");
  const from = queryParam(url, "from");
  const to = queryParam(url, "to");
  if (from === null || to === null) {
    throw new ConnectorError(
      "no_date_params",
      "URL without date parameters: set a custom date range in ReferOn before copying the preset link",
    );
  }
  const configured = offer.config.dateFormat;
  if (configured && !/YYYY/.test(configured)) throw new ConnectorError("config", `dateFormat "${configured}" has no YYYY`);
  const inferred = from || to ? inferDateFormat([from, to].filter(Boolean)) : "YYYY-MM-DD";
  const format = configured ?? inferred;
  if (!format) {
    throw new ConnectorError("config", `cannot tell the date format of from=${from}; set dateFormat (e.g. DD/MM/YYYY or MM/DD/YYYY)`);
  }
  const suffix = (v: string) => (v.length > format.length ? v.slice(format.length) : "");
  return { url: pasted, format, fromSuffix: suffix(from), toSuffix: suffix(to) };
}

export function referonRequestUrl(offer: ConnectorOffer, day: string): string {
  const u = checkReferOnUrl(offer);
  const date = formatDateWith(u.format, day);
  return withQueryParams(u.url, { from: `${date}${u.fromSuffix}`, to: `${date}${u.toSuffix}` });
}

// ---- Body ----------------------------------------------------------------------------------

interface Table {
  headers: string[];
  rows: unknown[][];
  /** A currency stated once for the whole answer (JSON). */
  currency: string | null;
  decimalComma: boolean;
}

const ARRAY_KEYS = ["data", "rows", "items", "result", "results", "records", "report", "statistics", "stats"];

function errorOf(message: string, raw: string): ConnectorError {
  const auth = AUTH_TEXT.test(message) || /token|unauthenticated|forbidden|expired/i.test(message);
  return new ConnectorError(auth ? "auth" : "platform_error", `ReferOn error: ${message.slice(0, 200)}`, 200, null, raw);
}

function textOf(v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const label = o.name ?? o.title ?? o.id;
    return label === undefined ? JSON.stringify(v) : label;
  }
  return v;
}

function jsonTable(text: string): Table {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError("malformed", "ReferOn answered with broken JSON", 200, null, text);
  }
  let arr: unknown = json;
  let currency: string | null = null;
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    const msg = o.error ?? o.errors ?? (o.success === false || o.status === "error" ? (o.message ?? "request failed") : undefined);
    if (msg !== undefined) throw errorOf(typeof msg === "string" ? msg : JSON.stringify(msg), text);
    if (typeof o.currency === "string" && /^[A-Za-z]{3}$/.test(o.currency)) currency = o.currency.toUpperCase();
    const key = ARRAY_KEYS.find((k) => Array.isArray(o[k]));
    arr = key ? o[key] : undefined;
    if (arr === undefined && o.data && typeof o.data === "object") {
      const inner = o.data as Record<string, unknown>;
      const innerKey = ARRAY_KEYS.find((k) => Array.isArray(inner[k]));
      arr = innerKey ? inner[innerKey] : undefined;
    }
    if (arr === undefined) {
      if (typeof o.message === "string") throw errorOf(o.message, text);
      throw new ConnectorError(
        "malformed",
        `ReferOn JSON holds no rows (keys: ${Object.keys(o).join(", ").slice(0, 120)})`,
        200,
        null,
        text,
      );
    }
    const meta = (o.meta && typeof o.meta === "object" ? o.meta : o) as Record<string, unknown>;
    const links = (o.links && typeof o.links === "object" ? o.links : {}) as Record<string, unknown>;
    const lastPage = Number(meta.last_page ?? meta.total_pages ?? meta.pages ?? 1);
    if (lastPage > 1 || (typeof o.next_page_url === "string" && o.next_page_url) || (typeof links.next === "string" && links.next)) {
      throw new ConnectorError(
        "malformed",
        "ReferOn paginated the answer; paging is not supported for preset reports yet",
        200,
        null,
        text,
      );
    }
  }
  if (!Array.isArray(arr))
    throw new ConnectorError("malformed", "ReferOn JSON is neither an array nor an object with rows", 200, null, text);
  const headers: string[] = [];
  for (const [i, r] of arr.entries()) {
    if (!r || typeof r !== "object" || Array.isArray(r))
      throw new ConnectorError("malformed", `ReferOn JSON row ${i + 1} is not an object`, 200, null, text);
    for (const k of Object.keys(r)) if (!headers.includes(k)) headers.push(k);
  }
  const rows = arr.map((r) => headers.map((h) => textOf((r as Record<string, unknown>)[h])));
  return { headers, rows, currency, decimalComma: false };
}

function csvTable(text: string, offer: ConnectorOffer): Table {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const [header, ...rows] = parsed.data;
  const semicolon = parsed.meta.delimiter === ";";
  const decimalComma = offer.config.decimalComma ?? semicolon;
  return { headers: (header ?? []).map((h) => h.trim()), rows, currency: null, decimalComma };
}

/** Reads the answer as a table: JSON or CSV by Content-Type and body; HTML is an error page. */
export function readReferOn(text: string, contentType: string, offer: ConnectorOffer): Table {
  const body = text.trim();
  if (/^</.test(body) || /text\/html/i.test(contentType)) {
    if (LOGIN_PAGE.test(body) || AUTH_TEXT.test(plainText(body))) {
      throw new ConnectorError("auth", "ReferOn answered with its login page: the preset token was refused", 200, null, text);
    }
    throw new ConnectorError("platform_error", `ReferOn answered with an HTML page: "${plainText(body).slice(0, 160)}"`, 200, null, text);
  }
  if (/json/i.test(contentType) || /^[[{]/.test(body)) return jsonTable(text);
  if (body === "") return { headers: [], rows: [], currency: null, decimalComma: false };
  return csvTable(text, offer);
}

/** "1.234,56" / "12,5" → "1234.56" / "12.5" (semicolon files); anything else unchanged for validation. */
function fromDecimalComma(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = v.trim();
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) || /^[+-]?\d+,\d+$/.test(s)) return s.replace(/\./g, "").replace(",", ".");
  return v;
}

// ---- Rows ----------------------------------------------------------------------------------

export function parseReferOn(text: string, contentType: string, offer: ConnectorOffer, day: string): CanonicalRow[] {
  const table = readReferOn(text, contentType, offer);
  if (table.headers.length === 0) return [];
  const { headers } = table;
  const columns = resolveColumns(headers, REFERON_COLUMNS, offer.config.columns, "ReferOn");
  if (!ALL_FIGURES.some((f) => columns.has(f))) {
    const plain = plainText(text);
    if (plain.length < 300 && !plain.includes(",")) throw errorOf(plain, text);
    throw new ConnectorError(
      "missing_columns",
      "the ReferOn report has no recognizable metric columns (set config.columns)",
      200,
      null,
      text,
    );
  }
  const variables = new Map<number, string>();
  headers.forEach((h, i) => {
    const key = VARIABLES[normalizeHeader(h)] ?? (/^var[1-9]\d*$/i.test(h.trim()) ? h.trim().toLowerCase() : undefined);
    if (key && ![...columns.values()].includes(i)) variables.set(i, key);
  });
  const clickVariable = offer.config.clickIdVariable;
  const clickVariables = clickVariable ? [clickVariable] : ["clickid", "click_id"];
  const wantBrand = offer.config.brandName?.toLowerCase() ?? null;
  const dateFormat = offer.config.dateFormat;

  const semantics: Record<string, string> = {};
  for (const f of DIRECT) {
    const i = columns.get(f);
    if (i !== undefined) semantics[f] = `referon.${headers[i]}${MEANING[f] ? ` (${MEANING[f]})` : ""}`;
  }
  const otherParts = (["cpcMicros", "subAffiliateMicros", "deductionMicros"] as const).filter((f) => columns.has(f));
  if (otherParts.length) semantics.commissionOtherMicros = "ReferOn CPC + Sub-affiliate reward − |Deduction| (as present)";
  const totalDerived = !columns.has("commissionTotalMicros");
  if (totalDerived)
    semantics.commissionTotalMicros =
      "computed: Revenue Share + CPA + CPC + Sub-affiliate reward − |Deduction| (ReferOn's Commission Reward formula)";
  else semantics.commissionTotalMicros = `referon.${headers[columns.get("commissionTotalMicros") ?? 0]} (RS+CPA+CPC+SA−Deductions)`;

  const rows = new Map<string, CanonicalRow>();
  table.rows.forEach((cells, n) => {
    const where = `ReferOn row ${n + 1}`;
    if (cells.length < headers.length)
      throw new ConnectorError("malformed", `${where} has ${cells.length} cells, the header ${headers.length}`, 200, null, text);
    const at = (f: ReferOnField) => {
      const i = columns.get(f);
      return i === undefined ? undefined : cells[i];
    };
    const str = (f: ReferOnField) => {
      const v = at(f);
      return v === undefined || v === null ? "" : String(v).trim();
    };
    const brand = str("brand");
    if (/^(grand )?totals?:?$/i.test(brand) || /^(grand )?totals?:?$/i.test(String(cells[0] ?? "").trim())) return;
    const figures = validateCells(
      REFERON_COLUMNS,
      columns,
      headers,
      (f) => (table.decimalComma ? fromDecimalComma(at(f)) : at(f)),
      where,
      text,
    );

    const dateCell = str("date");
    let rowDay = day;
    if (dateCell) {
      const parsed =
        parseDateWith(dateFormat ?? "YYYY-MM-DD", dateCell) ??
        parseDateWith("YYYY-MM-DD", dateCell) ??
        parseDateWith("DD.MM.YYYY", dateCell);
      if (!parsed)
        throw new ConnectorError(
          "malformed",
          `${where}: column "${headers[columns.get("date") ?? 0]}" is not a day: ${JSON.stringify(dateCell)}`,
          200,
          null,
          text,
        );
      if (parsed !== day)
        throw new ConnectorError("malformed", `${where}: day ${parsed} answered for a request of ${day}`, 200, null, text);
      rowDay = parsed;
    }
    const brandId = str("brandId") || null;
    // A row naming no brand goes on to the pipeline, which refuses it rather than drop it unseen.
    if (wantBrand && (brand || brandId) && brand.toLowerCase() !== wantBrand && brandId?.toLowerCase() !== wantBrand) return;
    const campaign = str("campaign") || null;
    const campaignId = str("campaignId") || campaign;
    const mediaItem = str("mediaItem") || null;
    if (offer.campaignTag && ![campaign, campaignId, mediaItem].includes(offer.campaignTag)) return;

    const currencyCell = str("currency").toUpperCase();
    const apiCurrency = /^[A-Z]{3}$/.test(currencyCell) ? currencyCell : table.currency;
    const currency = apiCurrency ?? offer.accountCurrency;
    if (!currency)
      throw new ConnectorError("config", "the ReferOn report names no currency; set the offer's account currency", 200, null, text);

    const subIds: Record<string, string> = {};
    for (const [i, key] of variables) {
      const v = cells[i];
      if (v !== undefined && v !== null && String(v).trim() !== "") subIds[key] = String(v).trim();
    }
    const clickKey = clickVariables.find((k) => subIds[k]);
    const geo = str("geo");
    const row: CanonicalRow = {
      ...emptyRow({
        platform: "referon",
        reportDate: rowDay,
        reportTz: offer.platformTimezone,
        currency,
        currencyOrigin: apiCurrency ? "api_field" : "account_default",
      }),
      brandExtId: brandId,
      brandNameRaw: brand || null,
      campaignExtId: campaignId,
      campaignNameRaw: campaign,
      trackingCode: mediaItem,
      country: /^[A-Za-z]{2}$/.test(geo) ? geo.toUpperCase() : null,
      subIds,
      clickId: clickKey ? cleanClickId(subIds[clickKey]) : null,
      metricSemantics: semantics,
      raw: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? null])),
    };
    for (const f of DIRECT) row[f] = figures[f] ?? null;
    const parts = otherParts.map((f) => figures[f] ?? null).filter((v): v is number => v !== null);
    if (parts.length) {
      const deduction = figures.deductionMicros ?? 0;
      row.commissionOtherMicros = (figures.cpcMicros ?? 0) + (figures.subAffiliateMicros ?? 0) - Math.abs(deduction);
    }
    if (totalDerived) {
      const pieces = [row.commissionRevshareMicros, row.commissionCpaMicros, row.commissionOtherMicros].filter(
        (v): v is number => v !== null,
      );
      row.commissionTotalMicros = pieces.length ? pieces.reduce((a, b) => a + b, 0) : null;
    }
    addSummed(rows, row);
  });
  return [...rows.values()];
}

export const referon: Connector = {
  platform: "referon",
  honours: ["brand", "campaign"],
  // One day per request, as production clients of the preset URL do; each day is its own partition.
  windows: (from, to) => splitWindows(from, to, 1, false),
  secretsOf: (offer) => urlSecrets(offer.secrets.reportUrl, ["token"]),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    checkReferOnUrl(offer);
    // windows() gives one day; a longer window is still asked for one day at a time.
    const rows: CanonicalRow[] = [];
    const raws: string[] = [];
    let status = 200;
    for (const day of daysOf(window)) {
      const res = await fetchText(
        fetcher,
        referonRequestUrl(offer, day),
        { headers: { Accept: "application/json, text/csv;q=0.9, */*;q=0.5" } },
        timeoutOf(offer),
      );
      status = res.status;
      pushRaw(raws, res.text);
      rows.push(...parseReferOn(res.text, res.headers.get("content-type") ?? "", offer, day));
    }
    return { rows, httpStatus: status, raw: raws.join("\n") };
  },
};
