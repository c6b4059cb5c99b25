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
  validateCells,
  withQueryParams,
} from "./report-csv";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * MyAffiliates, affiliate side (platforms.md §2, addendum §2). Three values from the user:
 * Client Identifier + Client Secret (Account › Authorisation) and the report URL generated in the
 * Reports tab (a statistics.php?… URL). Flow, as a production client does it:
 *   POST https://<host>/oauth/access_token  (form: grant_type=client_credentials, client_id,
 *        client_secret, scope=r_user_stats) → {access_token, expires_in}
 *   GET  <report URL with d1/d2=YYYY-MM-DD, mode=csv> with Authorization: Bearer <token>
 * An HTML answer means the token was refused: the token is fetched again once, then it is an
 * auth error. Tokens are cached per isolate until 5 minutes before expiry.
 *
 * The CSV header names are not confirmed: columns are matched by name (the UI's Date, Channel,
 * Campaign, Impressions, Hits, Signups, First Deposits, …) and config.columns can name any of them.
 * Rows need a day; a monthly or missing date column makes the connector ask one day per request
 * (config.perDayRequests as for MAP).
 */
export type MyAffField =
  | "date"
  | "brand"
  | "campaign"
  | "campaignId"
  | "currency"
  | "clickId"
  | "impressions"
  | "clicks"
  | "registrations"
  | "ftdAmountMicros"
  | "ftdCount"
  | "qftdCount"
  | "depositingPlayers"
  | "depositsMicros"
  | "ngrMicros"
  | "commissionRevshareMicros"
  | "commissionCpaMicros"
  | "commissionTotalMicros";

export const MYAFF_COLUMNS: ColumnSpec<MyAffField>[] = [
  {
    field: "date",
    kind: "text",
    exact: ["date", "day", "period", "pay period", "stats date"],
    contains: ["date"],
    not: ["signup", "registration"],
  },
  { field: "brand", kind: "text", exact: ["channel", "brand", "channel name", "site"], contains: ["channel", "brand"] },
  { field: "campaignId", kind: "text", exact: ["campaign id"] },
  { field: "campaign", kind: "text", exact: ["campaign", "campaign name"], contains: ["campaign"] },
  { field: "currency", kind: "text", exact: ["currency", "currency code"], contains: ["currency"] },
  { field: "clickId", kind: "text", exact: ["payload", "clickid", "click id", "subid", "sub id", "var1"] },
  {
    field: "ftdAmountMicros",
    kind: "money",
    exact: ["first deposit amount", "ftd amount", "first deposits amount"],
    contains: ["first deposit amount", "ftd amount"],
  },
  {
    field: "ftdCount",
    kind: "count",
    exact: ["first deposits", "first deposit count", "ftd", "ftds", "ndc", "first depositors", "first time depositors"],
    contains: ["first depo", "ftd", "ndc"],
    not: ["amount", "sum", "value", "ratio", "rate"],
  },
  {
    field: "qftdCount",
    kind: "count",
    exact: ["qualified players", "qftd", "qualified ftd", "cpa count", "qualified"],
    contains: ["qualif"],
  },
  { field: "depositingPlayers", kind: "count", exact: ["depositing players", "depositing customers", "depositors"] },
  {
    field: "depositsMicros",
    kind: "money",
    exact: ["deposits", "net deposits", "deposit amount", "total deposits"],
    contains: ["deposit"],
    not: ["first", "ftd", "count", "players", "customers", "ratio", "depositors"],
  },
  {
    field: "ngrMicros",
    kind: "money",
    exact: ["total ngr", "ngr", "net gaming revenue", "net revenue"],
    contains: ["ngr", "net revenue", "net gaming"],
    not: ["commission"],
  },
  {
    field: "commissionRevshareMicros",
    kind: "money",
    exact: ["revshare", "rev share", "revenue share", "revshare commission", "revenue share commission"],
    contains: ["rev share", "revshare", "revenue share"],
  },
  {
    field: "commissionCpaMicros",
    kind: "money",
    exact: ["cpa", "cpa commission", "cpa earnings"],
    contains: ["cpa"],
    not: ["count", "players", "qualif"],
  },
  {
    field: "commissionTotalMicros",
    kind: "money",
    exact: ["commission", "total commission", "earnings", "total earnings", "income", "total income"],
    contains: ["commission", "earning", "income"],
  },
  { field: "impressions", kind: "count", exact: ["impressions", "views"], contains: ["impression"] },
  { field: "clicks", kind: "count", exact: ["hits", "clicks"], contains: ["hit", "click"], not: ["unique", "ratio", "rate", "id"] },
  {
    field: "registrations",
    kind: "count",
    exact: ["signups", "sign ups", "registrations", "sign up", "signup"],
    contains: ["signup", "sign up", "registration"],
    not: ["ratio", "rate", "date"],
  },
];

const METRICS = [
  "impressions",
  "clicks",
  "registrations",
  "ftdAmountMicros",
  "ftdCount",
  "qftdCount",
  "depositingPlayers",
  "depositsMicros",
  "ngrMicros",
  "commissionRevshareMicros",
  "commissionCpaMicros",
  "commissionTotalMicros",
] as const satisfies readonly (MyAffField & keyof CanonicalRow)[];

const MEANING: Partial<Record<MyAffField, string>> = {
  clicks: "MyAffiliates Hits (platform-counted, not tracker clicks)",
  registrations: "MyAffiliates Signups",
  ftdCount: "MyAffiliates first deposits (count)",
  ngrMicros: "MyAffiliates net gaming revenue as the report names it",
  commissionTotalMicros: "MyAffiliates commission/earnings as reported",
};

// ---- OAuth2 client credentials -------------------------------------------------------------

interface CachedToken {
  token: string;
  expiresAt: number;
}
/** Per-isolate token cache: tokenUrl + client id + secret → token. */
const tokens = new Map<string, CachedToken>();
const REFRESH_MARGIN_MS = 5 * 60_000;

function clientIdOf(offer: ConnectorOffer): string {
  const v = offer.secrets.clientId ?? offer.config.clientId;
  if (!v?.trim()) throw new ConnectorError("config", "API Setup needs the MyAffiliates Client Identifier");
  return v.trim();
}

function clientSecretOf(offer: ConnectorOffer): string {
  const v = offer.secrets.clientSecret;
  if (!v) throw new ConnectorError("config", "API Setup needs the MyAffiliates Client Secret");
  return v;
}

export function reportUrlOf(offer: ConnectorOffer): URL {
  const pasted = offer.secrets.reportUrl;
  if (!pasted) throw new ConnectorError("config", "API Setup needs the MyAffiliates report URL (Reports tab)");
  try {
    return new URL(pasted);
  } catch {
    throw new ConnectorError("config", "the MyAffiliates report URL is not a valid URL");
  }
}

/**
 * The token endpoint: config.tokenUrl, else oauth/access_token next to statistics.php (for the
 * usual https://<portal>/statistics.php that is https://<portal>/oauth/access_token).
 */
export function tokenUrlOf(offer: ConnectorOffer): string {
  const configured = offer.config.tokenUrl;
  if (configured) {
    try {
      return new URL(configured).toString();
    } catch {
      throw new ConnectorError("config", "config.tokenUrl is not a valid URL");
    }
  }
  return new URL("oauth/access_token", reportUrlOf(offer)).toString();
}

const cacheKey = (offer: ConnectorOffer) => `${tokenUrlOf(offer)}\n${clientIdOf(offer)}\n${clientSecretOf(offer)}`;

/** Maps an OAuth error answer ({"error":"invalid_client",…}) to the right error kind. */
function tokenError(status: number, body: string): ConnectorError {
  let code = "";
  let description = "";
  try {
    const json = JSON.parse(body) as { error?: unknown; error_description?: unknown; message?: unknown };
    code = typeof json.error === "string" ? json.error : "";
    description =
      typeof json.error_description === "string" ? json.error_description : typeof json.message === "string" ? json.message : "";
  } catch {
    description = plainText(body).slice(0, 160);
  }
  const what = [code, description].filter(Boolean).join(": ") || `HTTP ${status}`;
  if (status === 404)
    return new ConnectorError(
      "config",
      "no OAuth token endpoint at /oauth/access_token: the report URL must be on the affiliate portal host",
      status,
      null,
      body,
    );
  if (/invalid_scope|unsupported_grant_type|invalid_request/.test(code)) {
    return new ConnectorError("config", `MyAffiliates refused the token request (${what})`, status, null, body);
  }
  if (status === 429 || status >= 500)
    return new ConnectorError("server", `MyAffiliates token endpoint failed (${what})`, status, null, body);
  return new ConnectorError("auth", `MyAffiliates refused the Client Identifier/Secret (${what})`, status, null, body);
}

export async function accessToken(offer: ConnectorOffer, fetcher: typeof fetch, forceNew = false, now = Date.now()): Promise<string> {
  const key = cacheKey(offer);
  const cached = tokens.get(key);
  if (!forceNew && cached && cached.expiresAt - REFRESH_MARGIN_MS > now) return cached.token;
  tokens.delete(key);
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientIdOf(offer),
    client_secret: clientSecretOf(offer),
    scope: offer.config.scope ?? "r_user_stats",
  });
  let res: Awaited<ReturnType<typeof fetchText>>;
  try {
    res = await fetchText(
      fetcher,
      tokenUrlOf(offer),
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: form.toString(),
      },
      timeoutOf(offer),
    );
  } catch (err) {
    if (err instanceof ConnectorError && err.httpStatus !== null && err.httpStatus !== 429 && err.httpStatus < 500) {
      throw tokenError(err.httpStatus, err.raw ?? "");
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new ConnectorError(
      "config",
      "the MyAffiliates token endpoint did not answer JSON: is the report URL on the affiliate portal host?",
      res.status,
    );
  }
  const body = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
  if (typeof body.access_token !== "string" || !body.access_token) {
    if (typeof body.error === "string") throw tokenError(res.status === 200 ? 401 : res.status, res.text);
    throw new ConnectorError("malformed", "the MyAffiliates token answer has no access_token", res.status);
  }
  const expiresIn = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
  tokens.set(key, { token: body.access_token, expiresAt: now + expiresIn * 1000 });
  return body.access_token;
}

// ---- Report --------------------------------------------------------------------------------

/** The report URL for one request: d1/d2 set, mode=csv, sbm/dnl added when the URL lacks them. */
export function myaffRequestUrl(offer: ConnectorOffer, from: string, to: string): string {
  const url = reportUrlOf(offer);
  const values: Record<string, string> = { d1: from, d2: to, mode: "csv" };
  if (queryParam(url, "sbm") === null) values.sbm = "1";
  if (queryParam(url, "dnl") === null) values.dnl = "1";
  return withQueryParams(url.toString(), values);
}

const SYMBOL_CURRENCY: Record<string, string> = { "£": "GBP", "€": "EUR" };
const MONEY_FIELDS = new Set(MYAFF_COLUMNS.filter((s) => s.kind === "money").map((s) => s.field));

export interface MyAffParse {
  rows: CanonicalRow[];
  /** Rows without a day (no or monthly date column) when the request covered a window. */
  undated: number;
}

/** Thrown for an HTML answer: the bearer token was refused (or the URL is a page, not the export). */
export class HtmlAnswer extends ConnectorError {}

export function parseMyAffiliatesCsv(text: string, offer: ConnectorOffer, window: DateWindow, day: string | null): MyAffParse {
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*</.test(body)) {
    throw new HtmlAnswer(
      "auth",
      LOGIN_PAGE.test(body)
        ? "MyAffiliates answered with its login page: the access token was refused"
        : "MyAffiliates answered with an HTML page instead of the CSV: the access token was refused (or the report URL is not a CSV export)",
      200,
      null,
      text,
    );
  }
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: "greedy" });
  const [header, ...data] = parsed.data;
  if (!header) return { rows: [], undated: 0 };
  const headers = header.map((h) => h.trim());
  const columns = resolveColumns(headers, MYAFF_COLUMNS, offer.config.columns, "MyAffiliates");
  if (!METRICS.some((m) => columns.has(m))) {
    const plain = plainText(body);
    if (AUTH_TEXT.test(plain))
      throw new ConnectorError("auth", `MyAffiliates refused the request: "${plain.slice(0, 160)}"`, 200, null, text);
    if (plain.length < 300)
      throw new ConnectorError("platform_error", `MyAffiliates answered without a report: "${plain.slice(0, 160)}"`, 200, null, text);
    throw new ConnectorError("missing_columns", "the MyAffiliates CSV has no recognizable header (set config.columns)", 200, null, text);
  }
  const at = (cells: string[], f: MyAffField) => {
    const i = columns.get(f);
    return i === undefined ? undefined : cells[i];
  };
  const semantics: Record<string, string> = {};
  for (const m of METRICS) {
    const i = columns.get(m);
    if (i !== undefined) semantics[m] = `myaffiliates.${headers[i]}${MEANING[m] ? ` (${MEANING[m]})` : ""}`;
  }
  const wantBrand = offer.config.brandName?.toLowerCase() ?? null;
  const rows = new Map<string, CanonicalRow>();
  let undated = 0;
  data.forEach((cells, n) => {
    const where = `MyAffiliates row ${n + 1}`;
    if (cells.length < headers.length)
      throw new ConnectorError("malformed", `${where} has ${cells.length} cells, the header ${headers.length}`, 200, null, text);
    const first = (cells[0] ?? "").trim();
    if (/^(grand )?totals?:?$/i.test(first)) return;
    // "£1,234.50" / "€-3.20": the symbol is dropped from the amount and kept as a currency hint.
    const symbols = new Set<string>();
    const figures = validateCells(
      MYAFF_COLUMNS,
      columns,
      headers,
      (f) => {
        const v = at(cells, f);
        const m = typeof v === "string" && MONEY_FIELDS.has(f) ? /^\s*([£€])\s*(.*)$/.exec(v) : null;
        if (!m) return v;
        symbols.add(m[1] ?? "");
        return m[2];
      },
      where,
      text,
    );
    const dateCell = (at(cells, "date") ?? "").trim();
    let rowDay = dateCell ? dayIn(dateCell, ["YYYY-MM-DD", "DD/MM/YYYY", "YYYY/MM/DD"]) : null;
    if (rowDay && (rowDay < window.from || rowDay > window.to)) {
      throw new ConnectorError("malformed", `${where}: day ${rowDay} is outside ${window.from}..${window.to}`, 200, null, text);
    }
    rowDay ??= day;
    if (rowDay === null) {
      undated++;
      return;
    }
    const brand = (at(cells, "brand") ?? "").trim();
    // A row naming no brand goes on to the pipeline, which refuses it rather than drop it unseen.
    if (wantBrand && brand && brand.toLowerCase() !== wantBrand) return;
    const campaignName = (at(cells, "campaign") ?? "").trim() || null;
    const campaignId = (at(cells, "campaignId") ?? "").trim() || campaignName;
    if (offer.campaignTag && campaignId !== offer.campaignTag && campaignName !== offer.campaignTag) return;
    const currencyCell = (at(cells, "currency") ?? "").trim().toUpperCase();
    const [symbol] = symbols;
    const fromSymbol = symbols.size === 1 && symbol ? (SYMBOL_CURRENCY[symbol] ?? null) : null;
    const apiCurrency = /^[A-Z]{3}$/.test(currencyCell) ? currencyCell : fromSymbol;
    const currency = apiCurrency ?? offer.accountCurrency;
    if (!currency)
      throw new ConnectorError("config", "the MyAffiliates report names no currency; set the offer's account currency", 200, null, text);
    const clickRaw = (at(cells, "clickId") ?? "").trim();
    const clickHeader = headers[columns.get("clickId") ?? -1] ?? "payload";
    const row: CanonicalRow = {
      ...emptyRow({
        platform: "myaffiliates",
        reportDate: rowDay,
        reportTz: offer.platformTimezone,
        currency,
        currencyOrigin: apiCurrency ? "api_field" : "account_default",
      }),
      brandNameRaw: brand || null,
      campaignExtId: campaignId,
      campaignNameRaw: campaignName,
      subIds: clickRaw ? { [clickHeader]: clickRaw } : {},
      clickId: cleanClickId(clickRaw),
      metricSemantics: semantics,
      raw: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""])),
    };
    for (const m of METRICS) row[m] = figures[m] ?? null;
    addSummed(rows, row);
  });
  return { rows: [...rows.values()], undated };
}

async function fetchReport(offer: ConnectorOffer, fetcher: typeof fetch, from: string, to: string, window: DateWindow, day: string | null) {
  const url = myaffRequestUrl(offer, from, to);
  const get = async (forceNew: boolean) => {
    const token = await accessToken(offer, fetcher, forceNew);
    return fetchText(fetcher, url, { headers: { Authorization: `Bearer ${token}`, Accept: "text/csv, */*" } }, timeoutOf(offer));
  };
  let res = await get(false);
  try {
    return { res, parsed: parseMyAffiliatesCsv(res.text, offer, window, day) };
  } catch (err) {
    if (!(err instanceof HtmlAnswer)) throw err;
  }
  // The token was refused (revoked or expired early): one fresh token, then give up.
  res = await get(true);
  return { res, parsed: parseMyAffiliatesCsv(res.text, offer, window, day) };
}

export const myaffiliates: Connector = {
  platform: "myaffiliates",
  honours: ["brand", "campaign"],
  // No documented limit; calendar-month windows (≤31 days), like the report's pay periods.
  windows: (from, to) => splitWindows(from, to, 31, true),
  secretsOf: (offer) => {
    const out = [offer.secrets.clientSecret ?? "", offer.secrets.clientId ?? ""];
    try {
      const url = new URL(offer.secrets.reportUrl ?? "");
      for (const [k, v] of url.searchParams) if (/token|key|secret|password|auth/i.test(k)) out.push(v);
      out.push(tokens.get(cacheKey(offer))?.token ?? "");
    } catch {
      // no usable URL: nothing more to redact
    }
    return out.filter((s) => s.length >= 4);
  },
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    clientIdOf(offer);
    clientSecretOf(offer);
    reportUrlOf(offer);
    const mode = perDayMode(offer);
    const raws: string[] = [];
    let status = 200;
    if (mode !== "always" && window.from !== window.to) {
      const { res, parsed } = await fetchReport(offer, fetcher, window.from, window.to, window, null);
      status = res.status;
      pushRaw(raws, res.text);
      if (parsed.undated === 0) return { rows: parsed.rows, httpStatus: status, raw: raws.join("\n") };
      if (mode === "never") {
        throw new ConnectorError(
          "missing_columns",
          "the MyAffiliates report has no daily Date column; add Date to the report or allow per-day requests",
          status,
          null,
          res.text,
        );
      }
    }
    const rows: CanonicalRow[] = [];
    for (const day of daysOf(window)) {
      const { res, parsed } = await fetchReport(offer, fetcher, day, day, window, day);
      status = res.status;
      pushRaw(raws, res.text);
      rows.push(...parsed.rows);
    }
    return { rows, httpStatus: status, raw: raws.join("\n") };
  },
};
