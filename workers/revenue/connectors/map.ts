import Papa from "papaparse";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId } from "./fields";
import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import {
  AUTH_TEXT,
  addSummed,
  type ColumnSpec,
  dayIn,
  daysOf,
  LOGIN_PAGE,
  perDayMode,
  plainText,
  queryParam,
  resolveColumns,
  urlSecrets,
  validateCells,
  withQueryParams,
} from "./report-csv";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

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
  | "campaign"
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
  // The campaign / tracker a site's link belongs to: the tag that tells an offer's sites apart.
  { field: "campaign", kind: "text", exact: ["campaign", "campaign name", "campaign id", "tracker", "media", "marketing source"] },
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
  const wantBrand = offer.config.brandName?.toLowerCase() ?? null;
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
    // Another brand on the same account; a row naming none goes on to the pipeline, which refuses it.
    if (wantBrand && brand && brand.toLowerCase() !== wantBrand) return;
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
      campaignExtId: (at(cells, "campaign") ?? "").trim() || null,
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
  honours: ["brand"],
  // No documented limit; calendar-month windows (≤31 days) match the report's monthly view.
  windows: (from, to) => splitWindows(from, to, 31, true),
  secretsOf: (offer) => urlSecrets(offer.secrets.reportUrl, ["apikey"]),
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
