import Papa from "papaparse";
import { z } from "zod";
import { type MetricColumns, type MetricFlag, mergeMetricColumns } from "../../../shared/metric-columns";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId } from "./fields";
import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import { addSummed, countCell, daysOf, moneyCell, plainText, queryParam, urlSecrets, withQueryParams } from "./report-csv";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * Income Access (Paysafe) "API Reports" (platforms.md addendum §1): the affiliate pastes the URL
 * generated under Reports › API Reports, e.g.
 *   https://<program>/api/affreporting.asp?key=…&reportname=Member%20Report%20-%20Detailed
 *     &reportformat=csv&reportmerchantid=…&reportstartdate=YYYY/MM/DD&reportenddate=YYYY/MM/DD
 * The key (named `key`, or `apipassword` on some installs) lives in the URL, so the URL is kept
 * exactly as given and only the two date parameters are rewritten.
 *
 * CSV quirks: a free-text preamble precedes the double-quoted header row that starts at "rowid";
 * rowid 1 = data row, 2 = total row (dropped); an empty report is the text "No Records";
 * `memberid` appears twice in the header (the first one is used).
 *
 * Daily rows (config.dailyRows):
 *  - "request_per_day" (default): one request per day (reportstartdate = reportenddate), the row
 *    date is the requested day. reportdisplayby is left as the user generated it. This is what the
 *    production integrations we found do, and it does not depend on whether "Member Report -
 *    Detailed" honours reportdisplayby (only seen with ACIDReport).
 *  - "display_by_date": one request per window with reportdisplayby=Date (Site,Date is kept when
 *    the URL already has it); each row's `period` must then be a single day.
 */

/**
 * Canonical metric → the Member Report - Detailed column it comes from (overridable: config.columns),
 * and the other names programs use for it (VARIANTS). A metric none of whose columns is in the
 * report is null ("not reported"); only the commission total is required.
 */
const METRICS = [
  { field: "impressions", column: "impressions", kind: "count", meaning: "income_access.impressions" },
  { field: "clicks", column: "clicks", kind: "count", meaning: "income_access.clicks (platform-counted, not tracker clicks)" },
  {
    field: "registrations",
    column: "downloads",
    kind: "count",
    meaning: "income_access.downloads (sign-ups; Betano's integration reads it so)",
  },
  { field: "ftdCount", column: "firstdepositcount", kind: "count", meaning: "income_access.firstdepositcount" },
  {
    field: "qftdCount",
    column: "cpacommissioncount",
    kind: "count",
    meaning: "income_access.cpacommissioncount (players that earned CPA)",
  },
  {
    field: "depositingPlayers",
    column: "purchaccountcount",
    kind: "count",
    meaning: "income_access.purchaccountcount (accounts with a purchase)",
  },
  { field: "depositsMicros", column: "purchases", kind: "money", meaning: "income_access.purchases (deposit amount)" },
  {
    field: "ngrMicros",
    column: "grossrevenue",
    kind: "money",
    meaning: "income_access.grossrevenue (revenue all products, the commission base)",
  },
  { field: "commissionRevshareMicros", column: "revsharecommission", kind: "money", meaning: "income_access.revsharecommission" },
  { field: "commissionCpaMicros", column: "totalcpacommission", kind: "money", meaning: "income_access.totalcpacommission" },
  { field: "commissionTotalMicros", column: "totalcommission", kind: "money", meaning: "income_access.totalcommission" },
] as const;

type MetricField = (typeof METRICS)[number]["field"];

/** Column names other programs use for the same metric (lowercase), after the default. */
const VARIANTS: Partial<Record<MetricField, readonly string[]>> = {
  registrations: ["newaccounts", "signups", "registrations", "newsignups"],
  ftdCount: ["newdepositingacc", "ftd", "ftds", "firstdepositors"],
  qftdCount: ["qualifiedcpa", "cpaqualified", "qftd"],
  depositingPlayers: ["depositingaccounts", "activedepositors"],
  depositsMicros: ["deposits", "totaldeposits"],
  ngrMicros: ["netrevenue", "netgamingrevenue", "ngr", "netgaming"],
  commissionRevshareMicros: ["revshare", "revenuesharecommission"],
  commissionCpaMicros: ["cpacommission"],
  commissionTotalMicros: ["commission", "totalearnings"],
};

export const IA_REPORT_NAME = "Member Report - Detailed";
const AUTH_PARAMS = ["key", "apipassword"];
/** Sub-id columns some installs add; none is in the known Member Report - Detailed list. */
const CLICK_ID_COLUMNS = ["c", "subid", "sub_id", "clickid", "click_id", "var1"];

const metricShape = {} as Record<MetricField, typeof moneyCell | typeof countCell>;
for (const m of METRICS) metricShape[m.field] = m.kind === "count" ? countCell : moneyCell;
const rowSchema = z.object({ rowid: z.enum(["1", "2"], { error: "is neither 1 (data) nor 2 (total)" }), ...metricShape });

export type DailyRowsMode = "request_per_day" | "display_by_date";

export function dailyRowsMode(offer: ConnectorOffer): DailyRowsMode {
  return offer.config.dailyRows ?? "request_per_day";
}

/** 2026-11-05 → 2026/11/05 (the form every working integration sends). */
export const iaDate = (iso: string) => iso.replace(/-/g, "/");

interface CheckedUrl {
  url: string;
  key: string;
}

export function checkReportUrl(offer: ConnectorOffer): CheckedUrl {
  const pasted = offer.secrets.reportUrl;
  if (!pasted) throw new ConnectorError("config", "API Setup needs the Income Access report URL (Reports › API Reports › Generate URL)");
  let url: URL;
  try {
    url = new URL(pasted);
  } catch {
    throw new ConnectorError("config", "the Income Access report URL is not a valid URL");
  }
  const key = AUTH_PARAMS.map((p) => queryParam(url, p)).find((v) => v);
  if (!key) throw new ConnectorError("config", "the Income Access URL carries no key (or apipassword) parameter");
  const format = queryParam(url, "reportformat");
  if (format !== null && format.toLowerCase() !== "csv") {
    throw new ConnectorError("config", `the Income Access URL asks for reportformat=${format}; generate it with format CSV`);
  }
  const name = queryParam(url, "reportname");
  if (name !== null && name.replace(/\s+/g, " ").trim().toLowerCase() !== IA_REPORT_NAME.toLowerCase()) {
    throw new ConnectorError("config", `the Income Access URL is for report "${name}"; generate it for "${IA_REPORT_NAME}"`);
  }
  return { url: pasted, key };
}

/** The request URL for one pull: dates replaced (and reportdisplayby set in display_by_date mode). */
export function requestUrl(offer: ConnectorOffer, from: string, to: string): string {
  const { url } = checkReportUrl(offer);
  const values: Record<string, string> = { reportstartdate: iaDate(from), reportenddate: iaDate(to) };
  if (dailyRowsMode(offer) === "display_by_date") {
    const current = queryParam(new URL(url), "reportdisplayby");
    if (!current || !/(^|,)\s*date\s*$/i.test(current)) values.reportdisplayby = "Date";
  }
  // The merchant filter is the report's own: a URL generated for another merchant would import its rows.
  const merchant = offer.config.merchantId;
  if (merchant) {
    const inUrl = queryParam(new URL(url), "reportmerchantid");
    if (inUrl !== null && inUrl !== merchant) {
      throw new ConnectorError(
        "config",
        `merchantId: the report URL is for merchant ${inUrl}, not ${merchant}; generate it for your merchant or clear the field`,
      );
    }
    values.reportmerchantid = merchant;
  }
  return withQueryParams(url, values);
}

const SYMBOLS: Record<string, string> = {
  "€": "EUR",
  "£": "GBP",
  "₹": "INR",
  R$: "BRL",
  "₺": "TRY",
  "₽": "RUB",
  zł: "PLN",
  C$: "CAD",
  CA$: "CAD",
  A$: "AUD",
  AU$: "AUD",
  NZ$: "NZD",
  US$: "USD",
  "₦": "NGN",
  "₱": "PHP",
  "₩": "KRW",
  "₴": "UAH",
  "฿": "THB",
  "₫": "VND",
};
const ENTITIES: Record<string, string> = { euro: "€", pound: "£", yen: "¥", dollar: "$" };

/** `currencysymbol` (a symbol, an HTML entity or an ISO code) → ISO 4217, or null when ambiguous ($, ¥, kr). */
export function currencyFromSymbol(cell: string): string | null {
  const s = cell
    .trim()
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&([a-z]+);/gi, (m, n: string) => ENTITIES[n.toLowerCase()] ?? m);
  if (/^[A-Za-z]{3}$/.test(s)) return s.toUpperCase();
  return SYMBOLS[s] ?? null;
}

function currencyOf(cell: string | undefined, offer: ConnectorOffer): { currency: string; origin: CanonicalRow["currencyOrigin"] } {
  const fromSymbol = cell ? currencyFromSymbol(cell) : null;
  if (fromSymbol) return { currency: fromSymbol, origin: "api_field" };
  if (offer.accountCurrency) return { currency: offer.accountCurrency, origin: "account_default" };
  throw new ConnectorError(
    "config",
    cell?.trim()
      ? `Income Access reports amounts in "${cell.trim()}", which names no single currency; set the offer's account currency`
      : "Income Access sent no currency symbol; set the offer's account currency",
  );
}

/** Classifies a response that holds no report (error text in an HTTP 200). */
function errorWithoutReport(text: string, status: number): ConnectorError {
  const plain = plainText(text);
  if (/white-?\s?list|ip address|not allowed from|your ip/i.test(plain)) {
    return new ConnectorError(
      "ip_not_allowed",
      "Income Access refused this server's IP address (not whitelisted): add the egress IP under Reports › API Reports",
      status,
      null,
      text,
    );
  }
  if (/invalid (api )?(key|password)|apipassword|unauthori[sz]ed|access (is )?denied|authenticat|log ?in|security key/i.test(plain)) {
    return new ConnectorError("auth", `Income Access refused the key: "${plain.slice(0, 160)}"`, status, null, text);
  }
  const looksLikeText = /^\s*</.test(text) || !plain.includes(",") || plain.length < 300;
  if (looksLikeText)
    return new ConnectorError("platform_error", `Income Access answered without a report: "${plain.slice(0, 160)}"`, status, null, text);
  return new ConnectorError("malformed", 'the Income Access CSV has no "rowid" header row', status, null, text);
}

const HEADER_RE = /(^|\n)\s*"?rowid"?\s*[,;\t]/i;

/** The columns the user named under Column overrides (config.columns), lowercased. */
function overriddenColumns(offer: ConnectorOffer): Partial<Record<MetricField, string>> {
  const out: Partial<Record<MetricField, string>> = {};
  const overrides = offer.config.columns;
  if (overrides) {
    const known = new Set<string>(METRICS.map((m) => m.field));
    for (const [field, column] of Object.entries(overrides)) {
      if (!known.has(field)) throw new ConnectorError("config", `config.columns names an unknown field "${field}"`);
      if (!column.trim()) throw new ConnectorError("config", `config.columns.${field} must be a column name`);
      out[field as MetricField] = column.trim().toLowerCase();
    }
  }
  return out;
}

/** Each metric's column in this report: the override, else the first known name present, else null. */
function resolveColumns(offer: ConnectorOffer, present: (name: string) => boolean) {
  const overrides = overriddenColumns(offer);
  const columns = {} as Record<MetricField, string | null>;
  for (const m of METRICS) {
    const given = overrides[m.field];
    columns[m.field] = given ?? [m.column, ...(VARIANTS[m.field] ?? [])].find(present) ?? null;
  }
  return { columns, overrides };
}

/** A day (YYYY-MM-DD) from `period` when it names exactly one day (2026/11/05, 2026-11-5, "2026/11/05 - 2026/11/05"). */
export function dayOfPeriod(period: string): string | null {
  const days = new Set(
    [...period.matchAll(/(\d{4})[/-](\d{1,2})[/-](\d{1,2})/g)].map(
      (m) => `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`,
    ),
  );
  if (days.size !== 1) return null;
  const [day] = days;
  return day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? day : null;
}

/**
 * Parses one "Member Report - Detailed" CSV. `day` is the requested day in request_per_day mode
 * (null in display_by_date mode, where `period` gives the day and must lie in `window`).
 */
export function parseIncomeAccessCsv(
  text: string,
  offer: ConnectorOffer,
  window: DateWindow,
  day: string | null,
  status = 200,
): CanonicalRow[] {
  return parseIncomeAccessReport(text, offer, window, day, status).rows;
}

/** As parseIncomeAccessCsv, plus which column fed each metric and the metrics that look wrongly mapped. */
export function parseIncomeAccessReport(
  text: string,
  offer: ConnectorOffer,
  window: DateWindow,
  day: string | null,
  status = 200,
): { rows: CanonicalRow[]; columns: MetricColumns | null } {
  const at = HEADER_RE.exec(text);
  if (!at) {
    if (/no records/i.test(text) && text.replace(/<[^>]+>/g, "").trim().length < 2000) return { rows: [], columns: null };
    throw errorWithoutReport(text, status);
  }
  const csv = text.slice(at.index + (at[1]?.length ?? 0));
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: "greedy" });
  const [header, ...body] = parsed.data;
  if (!header) throw new ConnectorError("malformed", "the Income Access CSV has no header row", status, null, text);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.trim().toLowerCase();
    if (!index.has(name)) index.set(name, i);
  });
  const { columns, overrides } = resolveColumns(offer, (name) => index.has(name));
  const requiredColumns = ["rowid", columns.commissionTotalMicros ?? "totalcommission", ...Object.values(overrides)];
  for (const required of requiredColumns) {
    if (!index.has(required)) {
      throw new ConnectorError(
        "malformed",
        `the Income Access CSV lacks the "${required}" column (is this "${IA_REPORT_NAME}"?)`,
        status,
        null,
        text,
      );
    }
  }
  const cell = (cells: string[], name: string) => {
    const i = index.get(name);
    return i === undefined ? undefined : cells[i];
  };
  const clickColumn = offer.config.clickIdColumn?.toLowerCase() ?? CLICK_ID_COLUMNS.find((c) => index.has(c));
  const semantics = Object.fromEntries(
    METRICS.filter((m) => columns[m.field] !== null).map((m) => [
      m.field,
      columns[m.field] === m.column ? m.meaning : `income_access.${columns[m.field]}`,
    ]),
  );
  // Per metric: does its column, and each other known column for it, carry a non-zero value anywhere?
  const candidates = new Map<MetricField, string[]>(
    METRICS.map((m) => [m.field, [m.column, ...(VARIANTS[m.field] ?? [])].filter((c) => index.has(c))]),
  );
  const nonZero = new Set<string>();

  const merchantId = offer.config.merchantId ?? queryParam(new URL(checkReportUrl(offer).url), "reportmerchantid");
  const rows = new Map<string, CanonicalRow>();
  body.forEach((cells, n) => {
    if (cells.length === 1 && /no records/i.test(cells[0] ?? "")) return;
    const line = `row ${n + 1}`;
    if (cells.length < header.length) {
      throw new ConnectorError(
        "malformed",
        `Income Access ${line} has ${cells.length} cells, the header ${header.length}`,
        status,
        null,
        text,
      );
    }
    const record: Record<string, string | undefined> = { rowid: cell(cells, "rowid")?.trim() };
    for (const m of METRICS) {
      const column = columns[m.field];
      record[m.field] = column === null ? undefined : cell(cells, column);
    }
    if (record.rowid === "1") {
      for (const list of candidates.values()) for (const c of list) if (/[1-9]/.test(cell(cells, c) ?? "")) nonZero.add(c);
    }
    const checked = rowSchema.safeParse(record);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = String(issue?.path[0] ?? "?");
      const column = field === "rowid" ? "rowid" : (columns[field as MetricField] ?? field);
      throw new ConnectorError(
        "malformed",
        `Income Access ${line}: column "${column}" ${issue?.message ?? "is invalid"}: ${JSON.stringify(record[field] ?? null)}`,
        status,
        null,
        text,
      );
    }
    if (checked.data.rowid === "2") return; // the report's total row

    let rowDay = day;
    if (rowDay === null) {
      const period = cell(cells, "period") ?? "";
      rowDay = dayOfPeriod(period);
      if (!rowDay) {
        throw new ConnectorError(
          "malformed",
          `Income Access ${line}: period "${period}" is not one day; this report may ignore reportdisplayby=Date (use dailyRows "request_per_day")`,
          status,
          null,
          text,
        );
      }
      if (rowDay < window.from || rowDay > window.to) {
        throw new ConnectorError(
          "malformed",
          `Income Access ${line}: day ${rowDay} is outside ${window.from}..${window.to}`,
          status,
          null,
          text,
        );
      }
    }
    const siteId = cell(cells, "siteid")?.trim() || null;
    if (offer.campaignTag && siteId !== offer.campaignTag) return; // another site on the same account
    const { currency, origin } = currencyOf(cell(cells, "currencysymbol"), offer);
    const country = (cell(cells, "country") ?? "").trim();
    const clickRaw = clickColumn ? (cell(cells, clickColumn) ?? "").trim() : "";
    const subIds: Record<string, string> = clickColumn && clickRaw ? { [clickColumn]: clickRaw } : {};
    const row: CanonicalRow = {
      ...emptyRow({ platform: "income_access", reportDate: rowDay, reportTz: offer.platformTimezone, currency, currencyOrigin: origin }),
      brandExtId: merchantId,
      brandNameRaw: cell(cells, "merchantname")?.trim() || null,
      campaignExtId: siteId,
      campaignNameRaw: cell(cells, "sitename")?.trim() || null,
      subIds,
      clickId: cleanClickId(clickRaw),
      country: /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
      metricSemantics: semantics,
      raw: Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])),
    };
    for (const m of METRICS) row[m.field] = checked.data[m.field];
    addSummed(rows, row);
  });
  const out = [...rows.values()];
  // A column 0 in every row while another known column for the metric has values: the program
  // names it differently. Unless the user chose the column, the metric is stored as not reported
  // (null) rather than as a plausible 0, and the flag says which column to choose.
  const flags: MetricFlag[] = [];
  for (const m of METRICS) {
    const column = columns[m.field];
    if (column === null || out.length === 0 || nonZero.has(column)) continue;
    const alternative = (candidates.get(m.field) ?? []).find((c) => c !== column && nonZero.has(c));
    if (!alternative) continue;
    const chosen = overrides[m.field] !== undefined;
    flags.push({
      metric: m.field,
      column,
      alternative,
      message: chosen
        ? `${m.field}: the chosen column "${column}" is 0 in every row while "${alternative}" has values`
        : `${m.field}: "${column}" is 0 in every row while "${alternative}" has values; stored as not reported until you choose the column under Column overrides`,
    });
    if (!chosen) for (const r of out) r[m.field] = null;
  }
  const fedBy = Object.fromEntries(
    METRICS.map((m) => [m.field, flags.some((f) => f.metric === m.field && overrides[m.field] === undefined) ? null : columns[m.field]]),
  );
  return { rows: out, columns: { fedBy, flags } };
}

export const incomeAccess: Connector = {
  platform: "income_access",
  honours: ["merchant", "campaign"],
  // No documented limit; calendar-month windows of ≤31 days keep each partition inside one commission period.
  windows: (from, to) => splitWindows(from, to, 31, true),
  secretsOf: (offer) => urlSecrets(offer.secrets.reportUrl, AUTH_PARAMS),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    checkReportUrl(offer);
    const mode = dailyRowsMode(offer);
    const requests =
      mode === "display_by_date"
        ? [{ from: window.from, to: window.to, day: null }]
        : [...daysOf(window)].map((d) => ({ from: d, to: d, day: d }));
    const rows: CanonicalRow[] = [];
    const raws: string[] = [];
    let status = 200;
    let columns: MetricColumns | null = null;
    for (const r of requests) {
      const res = await fetchText(
        fetcher,
        requestUrl(offer, r.from, r.to),
        { headers: { Accept: "text/csv, text/plain, */*" } },
        timeoutOf(offer),
      );
      status = res.status;
      pushRaw(raws, res.text);
      const parsed = parseIncomeAccessReport(res.text, offer, window, r.day, res.status);
      rows.push(...parsed.rows);
      columns = mergeMetricColumns(columns, parsed.columns);
    }
    return { rows, httpStatus: status, raw: raws.join("\n"), ...(columns ? { columns } : {}) };
  },
};
