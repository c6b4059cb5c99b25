/**
 * "API Setup" per platform: which credentials and settings a connector needs, which of them are
 * secret (encrypted at rest, never returned) and which are plain config, with labels, help text
 * and validation. The dashboard form and the Worker both validate through this module, so a value
 * the form accepts is a value the API accepts. Facts from ../shared/reference/platforms.md.
 *
 * Stored shape: secrets → offers.api_secret_enc (AES-GCM JSON of string values);
 * config → offers.api_config (JSON). Connectors read `offer.secrets[key]` / `offer.config[key]`
 * with the keys below.
 */
import type { PlatformId } from "./platforms";
import { PLATFORM_TAGS } from "./revenue-tags";

export type ApiFieldKind = "secret" | "config";
export type ApiFieldInput = "url" | "text" | "password" | "number" | "select" | "list" | "json";
export type ConfigValue = string | number | boolean | string[] | Record<string, unknown>;

export interface ApiSetupField {
  key: string;
  label: string;
  kind: ApiFieldKind;
  input: ApiFieldInput;
  /** Needed in every complete setup (alternatives between fields go in `alternatives`). */
  required: boolean;
  help: string;
  placeholder?: string;
  options?: readonly { value: string; label: string }[];
  /** Select fields: the option values "true" and "false" are stored as booleans. */
  booleans?: boolean;
  /** Shown under "Advanced" in the form. */
  advanced?: boolean;
  /** URL fields: query parameters that must be present (any one of each inner list). */
  needParams?: readonly { anyOf: readonly string[]; message: string }[];
  /** Text fields: accepted pattern and what to say otherwise. */
  pattern?: { re: RegExp; message: string };
  /** Number fields: inclusive range. */
  range?: { min: number; max: number };
  /** JSON fields: keys allowed in the object, and which must be there. */
  jsonKeys?: { allowed: readonly string[]; required: readonly string[] };
  /** JSON fields: a further check of the object; returns what is wrong, or null. */
  jsonCheck?: (value: Record<string, unknown>) => string | null;
}

export interface PlatformApiSetup {
  platform: PlatformId;
  /** Where the user finds these values, in one or two sentences. */
  intro: string;
  fields: readonly ApiSetupField[];
  /** Complete when every required field is set and, if given, at least one group here is fully set. */
  alternatives?: readonly (readonly string[])[];
  alternativesMessage?: string;
}

const TIMEOUT: ApiSetupField = {
  key: "timeoutMs",
  label: "Request timeout (ms)",
  kind: "config",
  input: "number",
  required: false,
  advanced: true,
  range: { min: 1000, max: 60_000 },
  help: "How long one report request may take before it counts as a timeout (default 20000).",
};

/** JSON object of strings (field → column name); empty strings allowed (they disable a field). */
function stringValues(v: Record<string, unknown>): string | null {
  const bad = Object.entries(v).find(([, x]) => typeof x !== "string");
  return bad ? `"${bad[0]}" must be a column name (text)` : null;
}

const columnsField = (example: string): ApiSetupField => ({
  key: "columns",
  label: "Column overrides",
  kind: "config",
  input: "json",
  required: false,
  advanced: true,
  jsonCheck: stringValues,
  placeholder: example,
  help: "JSON: our field → the report's column, when the report names a column differently from what the connector expects.",
});

const brandNameField: ApiSetupField = {
  key: "brandName",
  label: "Brand name",
  kind: "config",
  input: "text",
  required: false,
  advanced: true,
  help: "Keep only rows of this brand (as the report writes it), when the account reports several brands.",
};

const perDayField: ApiSetupField = {
  key: "perDayRequests",
  label: "One request per day",
  kind: "config",
  input: "select",
  required: false,
  advanced: true,
  booleans: true,
  options: [
    { value: "auto", label: "When the report has no date column (default)" },
    { value: "true", label: "Always" },
    { value: "false", label: "Never" },
  ],
  help: "Ask one day at a time so each row gets its day.",
};

const textOption = (key: string, label: string, help: string, pattern?: ApiSetupField["pattern"]): ApiSetupField => ({
  key,
  label,
  kind: "config",
  input: "text",
  required: false,
  advanced: true,
  help,
  ...(pattern ? { pattern } : {}),
});

const PARAM_NAME = { re: /^[A-Za-z0-9_.[\]-]{1,40}$/, message: "must be a parameter or column name" };
const DATE_FORMAT = { re: /^(?=.*YYYY)(?=.*MM)(?=.*DD)[YMD/.\- ]{8,12}$/, message: "must use YYYY, MM and DD, e.g. DD/MM/YYYY" };

/** Top-level keys of the generic connector's column mapping (workers/revenue/connectors/generic.ts). */
const GENERIC_MAPPING_KEYS = ["date", "currency", "counts", "money", "brand", "campaign", "trackingCode", "clickId", "country"] as const;

function checkGenericMapping(m: Record<string, unknown>): string | null {
  const date = m.date;
  if (!date || typeof date !== "object" || typeof (date as Record<string, unknown>).column !== "string") {
    return 'must map the date column: "date": {"column": "Day", "format": "YYYY-MM-DD"}';
  }
  const counts = m.counts && typeof m.counts === "object" ? Object.keys(m.counts) : [];
  const money = m.money && typeof m.money === "object" ? Object.keys(m.money) : [];
  if (counts.length + money.length === 0) return 'must map at least one figure under "counts" or "money"';
  return null;
}

/** Which report column tells the offer's sites apart (tag routes map its values to sites). */
function tagDimensionField(platform: PlatformId): ApiSetupField {
  const tags = PLATFORM_TAGS[platform];
  const help =
    "The report column whose values tell this deal's sites apart; map each value to a site under Tag routes. Rows whose value maps nowhere stay on the offer as unassigned.";
  if (tags.extra) {
    return {
      key: "tagDimension",
      label: "Site tag column",
      kind: "config",
      input: "text",
      required: false,
      advanced: true,
      pattern: {
        re: new RegExp(`^(?:${tags.dimensions.map((d) => d.id).join("|")})$|${tags.extra.source}`),
        message: `must be one of ${tags.dimensions.map((d) => d.id).join(", ")} or a ${platform === "affilka" ? "dynamic_tag_… name" : "column name"}`,
      },
      placeholder: tags.dimensions.map((d) => d.id).join(", "),
      help: `${help} Default: ${tags.dimensions[0]?.id}.`,
    };
  }
  return {
    key: "tagDimension",
    label: "Site tag column",
    kind: "config",
    input: "select",
    required: false,
    advanced: true,
    options: tags.dimensions.map((d) => ({ value: d.id, label: d.label })),
    help,
  };
}

const BASE_SETUPS: Record<PlatformId, PlatformApiSetup> = {
  affilka: {
    platform: "affilka",
    intro:
      "Affilka (SoftSwiss): in Reports → Statistics build the report and copy the JSON export URL (it carries your token), or give the program's base URL with a statistic token.",
    fields: [
      {
        key: "reportUrl",
        label: "JSON export URL",
        kind: "secret",
        input: "url",
        required: false,
        placeholder: "https://affiliates.example.com/api/customer/v1/partner/report?token=…",
        help: "The export URL from Reports → Statistics. It contains your token, so it is stored encrypted; dates are replaced on each pull.",
        needParams: [{ anyOf: ["token"], message: "the URL carries no token= parameter (copy the JSON export link, not the page URL)" }],
      },
      {
        key: "baseUrl",
        label: "Base URL",
        kind: "config",
        input: "url",
        required: false,
        placeholder: "https://affiliates.example.com",
        help: "Instead of the export URL: the program's affiliate site; used together with a statistic token.",
      },
      {
        key: "token",
        label: "Statistic token",
        kind: "secret",
        input: "password",
        required: false,
        help: "Profile → Statistic token. Sent as the raw Authorization header.",
      },
      {
        key: "brandId",
        label: "Brand id",
        kind: "config",
        input: "text",
        required: false,
        pattern: { re: /^[A-Za-z0-9_-]{1,40}$/, message: "must be the numeric brand id from the report" },
        help: "Only rows of this brand are imported (one offer = one brand). Leave empty when the account has one brand.",
      },
      {
        key: "clickIdTag",
        label: "Click id dynamic tag",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        pattern: { re: /^dynamic_tag_[A-Za-z0-9_]{1,40}$/, message: "must look like dynamic_tag_click_id" },
        help: "Group by this dynamic tag to attribute revenue to clicks (our click id comes back as dynamic_tag_<param>).",
      },
      textOption("promo", "Promo", "Only rows of this promo (tracking link) are imported.", PARAM_NAME),
      TIMEOUT,
    ],
    alternatives: [["reportUrl"], ["baseUrl", "token"]],
    alternativesMessage: "give the JSON export URL, or the base URL together with the statistic token",
  },
  income_access: {
    platform: "income_access",
    intro:
      'Income Access: Reports → API Reports, whitelist our IP, choose "Member Report - Detailed", your merchant and CSV, then Generate URL. The key is inside the URL; dates are replaced on each pull.',
    fields: [
      {
        key: "reportUrl",
        label: "API report URL",
        kind: "secret",
        input: "url",
        required: true,
        placeholder: "https://affiliates.example.com/api/affreporting.asp?key=…&reportname=Member%20Report%20-%20Detailed&…",
        help: "The generated /api/affreporting.asp URL. Do not press “Generate New Key” afterwards: it invalidates this URL.",
        needParams: [{ anyOf: ["key", "apipassword"], message: "the URL carries no key= (or apipassword=) parameter" }],
      },
      {
        key: "dailyRows",
        label: "Daily rows",
        kind: "config",
        input: "select",
        required: false,
        advanced: true,
        options: [
          { value: "request_per_day", label: "One request per day (default)" },
          { value: "display_by_date", label: "One request per window, displayed by date" },
        ],
        help: "How daily figures are obtained. Keep the default unless your program's report supports display by date.",
      },
      {
        key: "clickIdColumn",
        label: "Click id column",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        pattern: { re: /^[A-Za-z0-9_ ]{1,60}$/, message: "must be a column name" },
        help: "Report column that carries our click id, when your report has one.",
      },
      textOption(
        "merchantId",
        "Merchant id",
        "Keep only this merchant: checked against the report URL's reportmerchantid (set there when the URL has none).",
        { re: /^\d{1,12}$/, message: "must be the numeric merchant id" },
      ),
      columnsField('{"registrations": "newaccounts"}'),
      TIMEOUT,
    ],
  },
  map: {
    platform: "map",
    intro: "MAP: ask your affiliate manager for the activity report URL (generatemapreports.aspx?command=activityreport&format=csv).",
    fields: [
      {
        key: "reportUrl",
        label: "Activity report URL",
        kind: "secret",
        input: "url",
        required: true,
        placeholder: "https://partners.example.com/generatemapreports.aspx?ver=3.0&username=…&apikey=…&command=activityreport&format=csv",
        help: "Contains your username and API key, so it is stored encrypted. reportstartdate/reportenddate are replaced on each pull.",
        needParams: [{ anyOf: ["apikey"], message: "the URL carries no apikey= parameter" }],
      },
      brandNameField,
      perDayField,
      columnsField('{"registrations": "Players"}'),
      TIMEOUT,
    ],
  },
  myaffiliates: {
    platform: "myaffiliates",
    intro:
      "MyAffiliates: Account → Authorisation → Create new client gives a Client Identifier and a Client Secret (shown once). In Reports pick the channel with “Show campaigns” and copy the API URL.",
    fields: [
      {
        key: "clientId",
        label: "Client Identifier",
        kind: "config",
        input: "text",
        required: true,
        pattern: { re: /^\S{1,200}$/, message: "must not contain spaces" },
        help: "From Account → Authorisation.",
      },
      {
        key: "clientSecret",
        label: "Client Secret",
        kind: "secret",
        input: "password",
        required: true,
        help: "Shown only once when the client is created.",
      },
      {
        key: "reportUrl",
        label: "Report URL",
        kind: "secret",
        input: "url",
        required: true,
        placeholder: "https://affiliates.example.com/statistics.php?…",
        help: "The API URL generated in the Reports tab; its dates are replaced on each pull.",
      },
      {
        key: "tokenUrl",
        label: "Token URL",
        kind: "config",
        input: "url",
        required: false,
        advanced: true,
        placeholder: "https://affiliates.example.com/oauth/access_token",
        help: "OAuth2 token endpoint; default: oauth/access_token on the report URL's host.",
      },
      textOption("scope", "Scope", "OAuth2 scope (default r_user_stats)."),
      brandNameField,
      perDayField,
      columnsField('{"registrations": "Signups"}'),
      TIMEOUT,
    ],
  },
  referon: {
    platform: "referon",
    intro:
      "ReferOn: Reports → General, group by Brand + Media Item, split by day, set a custom date range, Create Preset, turn API availability on and Copy link.",
    fields: [
      {
        key: "reportUrl",
        label: "Preset URL",
        kind: "secret",
        input: "url",
        required: true,
        placeholder: "https://ro-affiliate.example.com/statistics?token=…&id=…&from=…&to=…",
        help: "The token inside the link is the credential. from/to are replaced on each pull.",
        needParams: [
          { anyOf: ["token"], message: "the URL carries no token= parameter (turn API availability on for the preset)" },
          {
            anyOf: ["from"],
            message: "the URL has no from/to date parameters: set a custom date range in ReferOn before copying the link",
          },
          {
            anyOf: ["to"],
            message: "the URL has no from/to date parameters: set a custom date range in ReferOn before copying the link",
          },
        ],
      },
      textOption("dateFormat", "Date format", "How from/to are written, e.g. DD.MM.YYYY (default: as in the pasted link).", DATE_FORMAT),
      textOption(
        "clickIdVariable",
        "Click id variable",
        "Dynamic variable that carries our click id (default clickid, then click_id).",
        PARAM_NAME,
      ),
      {
        key: "decimalComma",
        label: "Decimal comma",
        kind: "config",
        input: "select",
        required: false,
        advanced: true,
        booleans: true,
        options: [
          { value: "true", label: "Yes (1.234,56)" },
          { value: "false", label: "No (1,234.56)" },
        ],
        help: "Whether amounts use a decimal comma (default: detected from a semicolon-separated CSV).",
      },
      brandNameField,
      columnsField('{"ftdCount": "FTD Count"}'),
      TIMEOUT,
    ],
  },
  cellxpert: {
    platform: "cellxpert",
    intro:
      "Cellxpert: the program's tracking domain, your affiliate id and the API key (Generate Access Key). Ask the program to whitelist our IP. Set the account currency: Cellxpert reports carry none.",
    fields: [
      {
        key: "baseUrl",
        label: "Program URL",
        kind: "config",
        input: "url",
        required: true,
        placeholder: "https://partners.example.com",
        help: "The program's affiliate domain; /api/?command=… is added.",
      },
      {
        key: "affiliateId",
        label: "Affiliate id",
        kind: "config",
        input: "text",
        required: true,
        pattern: { re: /^[A-Za-z0-9_-]{1,40}$/, message: "must be your affiliate id (letters and digits)" },
        help: "Sent as the affiliateid header.",
      },
      { key: "apiKey", label: "API key", kind: "secret", input: "password", required: true, help: "Sent as the x-api-key header." },
      {
        key: "report",
        label: "Report",
        kind: "config",
        input: "select",
        required: false,
        advanced: true,
        options: [
          { value: "mediareport", label: "Media report (default)" },
          { value: "commissions", label: "Commissions ledger" },
        ],
        help: "Which Cellxpert report to read.",
      },
      {
        key: "breakdown",
        label: "Breakdown",
        kind: "config",
        input: "list",
        required: false,
        advanced: true,
        options: [
          { value: "TrackingCode", label: "TrackingCode" },
          { value: "Brand", label: "Brand" },
        ],
        help: "Comma-separated: TrackingCode (default), Brand.",
      },
      textOption("brand", "Brand", "Keep only this brand when broken down by Brand."),
      textOption(
        "clickIdParam",
        "Click id field",
        "Commissions ledger only: the afp field with our click id (default afp, then afp1).",
        PARAM_NAME,
      ),
      TIMEOUT,
    ],
  },
  smartico: {
    platform: "smartico",
    intro: "Smartico (The Affiliate Platform): the API key from your affiliate profile.",
    fields: [
      {
        key: "apiKey",
        label: "API key",
        kind: "secret",
        input: "password",
        required: true,
        help: "Sent as the raw Authorization header.",
      },
      {
        key: "host",
        label: "API host",
        kind: "config",
        input: "url",
        required: false,
        placeholder: "https://boapi.smartico.ai",
        help: "Leave empty for https://boapi.smartico.ai (some programs use boapi3.smartico.ai).",
      },
      textOption("groupBy", "Group by", "Report grouping (default afp,brand_id).", {
        re: /^[a-z0-9_]+(,[a-z0-9_]+)*$/,
        message: "must be a comma-separated list like afp,brand_id",
      }),
      textOption("brandId", "Brand id", "Keep only this brand_id (one key can report several brands)."),
      textOption("clickIdParam", "Click id field", "Field that carries our click id (default afp).", PARAM_NAME),
      TIMEOUT,
    ],
  },
  netrefer: {
    platform: "netrefer",
    intro:
      "NetRefer (Affiliate Standard Reporting): the onboarding e-mail gives a token URL or tenant, client id, client secret, username, password, the API host and your affiliate id.",
    fields: [
      {
        key: "tokenUrl",
        label: "Token URL",
        kind: "config",
        input: "url",
        required: false,
        placeholder: "https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token",
        help: "The OAuth2 token endpoint. Or give the tenant instead.",
      },
      {
        key: "tenant",
        label: "Tenant",
        kind: "config",
        input: "text",
        required: false,
        pattern: { re: /^[A-Za-z0-9.-]{1,100}$/, message: "must be the tenant id or domain" },
        help: "Azure AD tenant id (used when no token URL is given).",
      },
      { key: "clientId", label: "Client id", kind: "config", input: "text", required: true, help: "OAuth2 client id." },
      { key: "clientSecret", label: "Client secret", kind: "secret", input: "password", required: true, help: "OAuth2 client secret." },
      { key: "username", label: "Username", kind: "config", input: "text", required: true, help: "The API user issued at onboarding." },
      { key: "password", label: "Password", kind: "secret", input: "password", required: true, help: "The API user's password." },
      {
        key: "host",
        label: "API host",
        kind: "config",
        input: "text",
        required: true,
        placeholder: "api.example-netrefer.com",
        pattern: { re: /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/, message: "must be a host name like api.example.com" },
        help: "Reports are read from https://<host>/dpm/v1/…",
      },
      {
        key: "affiliateId",
        label: "Affiliate id",
        kind: "config",
        input: "text",
        required: true,
        pattern: { re: /^[A-Za-z0-9_-]{1,40}$/, message: "must be your affiliate id" },
        help: "Your NetRefer affiliate id.",
      },
      {
        key: "reportTypeCode",
        label: "Report type code",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        help: "Code of the Daily Activity Report if your program uses a different one (default DAR).",
      },
      textOption("version", "API version", "ASR version in the URL (default 1).", {
        re: /^v?\d{1,3}$/,
        message: "must be a number like 1",
      }),
      textOption("scope", "Scope", "OAuth2 scope (default api://<client id>/Reports.Read)."),
      {
        key: "metricMap",
        label: "Metric names",
        kind: "config",
        input: "json",
        required: false,
        advanced: true,
        jsonCheck: stringValues,
        placeholder: '{"registrations": "Signups", "commissionTotal": "Commission"}',
        help: "JSON: our field → the data point name in your program's report; an empty name disables a field.",
      },
      textOption("dateField", "Date field", "Data point field with the day (default date, day, activityDate or reportDate).", PARAM_NAME),
      textOption("clickIdField", "Click id field", "Data point field with our click id (default var1).", PARAM_NAME),
      textOption("brandId", "Brand id", "Keep only this brand."),
      TIMEOUT,
    ],
    alternatives: [["tokenUrl"], ["tenant"]],
    alternativesMessage: "give the token URL or the tenant",
  },
  everflow: {
    platform: "everflow",
    intro: "Everflow: Settings → API in the partner portal gives the API key.",
    fields: [
      { key: "apiKey", label: "API key", kind: "secret", input: "password", required: true, help: "Sent as the X-Eflow-Api-Key header." },
      {
        key: "timezoneId",
        label: "Timezone id",
        kind: "config",
        input: "number",
        required: false,
        advanced: true,
        range: { min: 1, max: 200 },
        help: "Everflow timezone_id for day buckets (67 = UTC). Should match the platform timezone above.",
      },
      {
        key: "baseUrl",
        label: "API base URL",
        kind: "config",
        input: "url",
        required: false,
        advanced: true,
        placeholder: "https://api.eflow.team",
        help: "Leave empty for https://api.eflow.team.",
      },
      textOption("currencyId", "Report currency", "Currency Everflow converts to (default the account currency, else USD).", {
        re: /^[A-Za-z]{3}$/,
        message: "must be a 3-letter currency code",
      }),
      textOption("offerId", "Everflow offer id", "Only this Everflow offer's rows.", {
        re: /^\d{1,12}$/,
        message: "must be the numeric offer id",
      }),
      textOption("clickIdColumn", "Click id column", "Sub-id that carries our click id (default sub1).", PARAM_NAME),
      ...(["conversionField", "eventField"] as const).map(
        (key): ApiSetupField => ({
          key,
          label: key === "conversionField" ? "Conversions count as" : "Events count as",
          kind: "config",
          input: "select",
          required: false,
          advanced: true,
          options: ["registrations", "ftdCount", "qftdCount", "depositCount", "none"].map((v) => ({ value: v, label: v })),
          help:
            key === "conversionField"
              ? "What an Everflow base conversion is (default ftdCount)."
              : "What an Everflow event is (default registrations).",
        }),
      ),
      TIMEOUT,
    ],
  },
  generic: {
    platform: "generic",
    intro:
      "Any report URL that returns CSV or JSON rows by day. Put {from} and {to} where the dates go (or name the date parameters), and map the columns.",
    fields: [
      {
        key: "url",
        label: "Report URL",
        kind: "secret",
        input: "url",
        required: true,
        placeholder: "https://reports.example.com/export.csv?key=…&from={from}&to={to}",
        help: "Stored encrypted. {from} and {to} are replaced with the window's first and last day.",
      },
      {
        key: "authHeader",
        label: "Auth header name",
        kind: "config",
        input: "text",
        required: false,
        pattern: { re: /^[A-Za-z0-9-]{1,60}$/, message: "must be a header name like X-Api-Key" },
        help: "When the key goes in a header instead of the URL, e.g. X-Api-Key or Authorization.",
      },
      {
        key: "headerValue",
        label: "Auth header value",
        kind: "secret",
        input: "password",
        required: false,
        help: "The key sent in that header.",
      },
      {
        key: "format",
        label: "Format",
        kind: "config",
        input: "select",
        required: false,
        options: [
          { value: "auto", label: "Detect (default)" },
          { value: "csv", label: "CSV" },
          { value: "json", label: "JSON" },
        ],
        help: "What the URL returns.",
      },
      {
        key: "mapping",
        label: "Column mapping",
        kind: "config",
        input: "json",
        required: true,
        placeholder:
          '{"date": {"column": "Day", "format": "YYYY-MM-DD"}, "counts": {"registrations": "Signups", "ftdCount": "FTD"}, "money": {"commissionTotal": "Commission"}, "currency": {"fixed": "EUR"}}',
        jsonKeys: { allowed: GENERIC_MAPPING_KEYS, required: ["date"] },
        jsonCheck: checkGenericMapping,
        help: "JSON: date {column, format}; counts (impressions, clicks, registrations, ftdCount, qftdCount, depositingPlayers, depositCount) and money (deposits, ftdAmount, ngr, commissionRevshare, commissionCpa, commissionOther, commissionTotal) → column names; currency {column} or {fixed}; optional brand, campaign, trackingCode, clickId, country columns.",
      },
      {
        key: "fromParam",
        label: "From parameter",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        pattern: { re: /^[A-Za-z0-9_.[\]-]{1,40}$/, message: "must be a query parameter name" },
        help: "Query parameter set to the first day, when the URL has no {from} placeholder.",
      },
      {
        key: "toParam",
        label: "To parameter",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        pattern: { re: /^[A-Za-z0-9_.[\]-]{1,40}$/, message: "must be a query parameter name" },
        help: "Query parameter set to the last day (inclusive).",
      },
      {
        key: "urlDateFormat",
        label: "URL date format",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        pattern: { re: /^(?=.*YYYY)(?=.*MM)(?=.*DD)[YMD/.\- ]{8,12}$/, message: "must use YYYY, MM and DD, e.g. DD/MM/YYYY" },
        help: "How dates are written into the URL (default YYYY-MM-DD).",
      },
      {
        key: "arrayPath",
        label: "JSON rows path",
        kind: "config",
        input: "text",
        required: false,
        advanced: true,
        pattern: { re: /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, message: "must be a dotted path like result.rows" },
        help: "Where the row array sits in a JSON answer, e.g. result.rows.",
      },
      {
        key: "maxDays",
        label: "Days per request",
        kind: "config",
        input: "number",
        required: false,
        advanced: true,
        range: { min: 1, max: 366 },
        help: "Longest date range the endpoint accepts in one request (default 31).",
      },
      textOption("brandName", "Brand", "Keep only rows whose mapped brand column has this value (an account reporting several brands)."),
      TIMEOUT,
    ],
  },
};

/** Every platform's setup plus its site tag column (derived from shared/revenue-tags.ts). */
export const API_SETUPS = Object.fromEntries(
  Object.values(BASE_SETUPS).map((setup) => [setup.platform, { ...setup, fields: [...setup.fields, tagDimensionField(setup.platform)] }]),
) as unknown as Record<PlatformId, PlatformApiSetup>;

export function apiSetupFor(platform: PlatformId): PlatformApiSetup {
  return API_SETUPS[platform];
}

/**
 * Filters a user can set, and the config keys that set them. A platform whose report cannot apply a
 * filter has no such field; setting it anyway is refused by name (400 on save, a config error on a
 * pull or test), never ignored. The offer's campaign tag is the campaign filter (workers/revenue/pipeline.ts).
 */
export const FILTER_OF_KEY: Readonly<Record<string, "brand" | "merchant" | "promo" | "offer">> = {
  brand: "brand",
  brandId: "brand",
  brandName: "brand",
  merchantId: "merchant",
  promo: "promo",
  offerId: "offer",
};

/** Why a key is not accepted for a platform: a filter its report cannot apply is named as such. */
export function unknownFieldMessage(platform: PlatformId, key: string): string {
  const kind = FILTER_OF_KEY[key];
  if (!kind) return `is not an API Setup field for ${platform}`;
  const can = Object.values(API_SETUPS)
    .filter((s) => s.fields.some((f) => FILTER_OF_KEY[f.key] === kind))
    .map((s) => s.platform);
  return `${platform} reports cannot be filtered by ${kind}${can.length ? ` (only ${can.join(", ")} can)` : ""}: clear this field`;
}

export interface ApiSetupIssue {
  /** Field key within the API setup (the API reports it as `apiSetup.<key>`). */
  field: string;
  message: string;
}

export interface ParsedApiSetup {
  /** Secret values to set (strings). */
  secrets: Record<string, string>;
  /** Config values to set. */
  config: Record<string, ConfigValue>;
  /** Keys explicitly cleared (null, or "" for config fields). */
  cleared: string[];
  issues: ApiSetupIssue[];
}

/**
 * Validates the values a form or API client sends for a platform. Each value may be a string
 * (numbers and JSON objects also accepted for their fields); null clears the field; an empty
 * string keeps a stored secret (the form never sees secrets) and clears a config value.
 */
export function parseApiSetup(platform: PlatformId, input: Record<string, unknown>): ParsedApiSetup {
  const setup = API_SETUPS[platform];
  const out: ParsedApiSetup = { secrets: {}, config: {}, cleared: [], issues: [] };
  for (const [key, raw] of Object.entries(input)) {
    const field = setup.fields.find((f) => f.key === key);
    if (!field) {
      out.issues.push({ field: key, message: unknownFieldMessage(platform, key) });
      continue;
    }
    if (raw === null || raw === undefined) {
      out.cleared.push(key);
      continue;
    }
    if (typeof raw === "string" && raw.trim() === "") {
      if (field.kind === "config") out.cleared.push(key);
      continue;
    }
    const parsed = parseFieldValue(field, raw);
    if (!parsed.ok) {
      out.issues.push({ field: key, message: parsed.message });
      continue;
    }
    if (field.kind === "secret") {
      if (typeof parsed.value !== "string") out.issues.push({ field: key, message: "must be text" });
      else out.secrets[key] = parsed.value;
    } else {
      out.config[key] = parsed.value;
    }
  }
  return out;
}

export function parseFieldValue(field: ApiSetupField, raw: unknown): { ok: true; value: ConfigValue } | { ok: false; message: string } {
  switch (field.input) {
    case "number": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(n)) return { ok: false, message: "must be a whole number" };
      if (field.range && (n < field.range.min || n > field.range.max)) {
        return { ok: false, message: `must be between ${field.range.min} and ${field.range.max}` };
      }
      return { ok: true, value: n };
    }
    case "json": {
      let obj: unknown = raw;
      if (typeof raw === "string") {
        try {
          obj = JSON.parse(raw);
        } catch {
          return { ok: false, message: "must be a JSON object" };
        }
      }
      if (!obj || typeof obj !== "object" || Array.isArray(obj)) return { ok: false, message: "must be a JSON object" };
      const value = obj as Record<string, unknown>;
      for (const k of Object.keys(value)) {
        if (field.jsonKeys && !field.jsonKeys.allowed.includes(k)) {
          return { ok: false, message: `unknown key "${k}" (use ${field.jsonKeys.allowed.join(", ")})` };
        }
      }
      for (const k of field.jsonKeys?.required ?? []) if (!(k in value)) return { ok: false, message: `must map "${k}"` };
      const problem = field.jsonCheck?.(value) ?? null;
      if (problem) return { ok: false, message: problem };
      if (JSON.stringify(value).length > 8000) return { ok: false, message: "is too long" };
      return { ok: true, value };
    }
    case "list": {
      const items = (Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : [])
        .map((v) => (typeof v === "string" ? v.trim() : ""))
        .filter((v) => v !== "");
      if (items.length === 0) return { ok: false, message: "must list at least one value" };
      const allowed = field.options?.map((o) => o.value);
      const bad = allowed ? items.find((v) => !allowed.includes(v)) : undefined;
      if (bad !== undefined) return { ok: false, message: `"${bad}" is not one of ${allowed?.join(", ")}` };
      return { ok: true, value: [...new Set(items)] };
    }
    default: {
      if (typeof raw === "boolean" && field.booleans) return { ok: true, value: raw };
      if (typeof raw !== "string") return { ok: false, message: "must be text" };
      const text = raw.trim();
      if (text.length > 2000) return { ok: false, message: "is too long (2000 characters at most)" };
      if (field.input === "select") {
        if (!field.options?.some((o) => o.value === text)) {
          return { ok: false, message: `must be one of ${(field.options ?? []).map((o) => o.value).join(", ")}` };
        }
        if (field.booleans && (text === "true" || text === "false")) return { ok: true, value: text === "true" };
        return { ok: true, value: text };
      }
      if (field.input === "url") return checkUrl(field, text);
      if (field.pattern && !field.pattern.re.test(text)) return { ok: false, message: field.pattern.message };
      return { ok: true, value: text };
    }
  }
}

/** Query parameter names that carry credentials (same rule as maskUrl in workers/lib/secrets.ts). */
export const CREDENTIAL_PARAM = /token|key|secret|password|apikey|apipassword|auth/i;

function checkUrl(field: ApiSetupField, text: string): { ok: true; value: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "must be a full URL starting with https://" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "must be an http(s) URL" };
  const names = new Set([...url.searchParams.keys()].map((k) => k.toLowerCase()));
  if (field.kind === "config" && [...names].some((k) => CREDENTIAL_PARAM.test(k))) {
    return { ok: false, message: "contains a credential parameter; put the token or key in its own (secret) field" };
  }
  for (const need of field.needParams ?? []) {
    if (!need.anyOf.some((p) => names.has(p))) return { ok: false, message: need.message };
  }
  return { ok: true, value: text };
}

/** What is still missing for a complete setup, given which keys are set (secret or config). */
export function missingApiSetup(platform: PlatformId, present: ReadonlySet<string>): ApiSetupIssue[] {
  const setup = API_SETUPS[platform];
  const issues: ApiSetupIssue[] = [];
  for (const f of setup.fields) if (f.required && !present.has(f.key)) issues.push({ field: f.key, message: "is required" });
  if (setup.alternatives && !setup.alternatives.some((group) => group.every((k) => present.has(k)))) {
    const first = setup.alternatives[0]?.find((k) => !present.has(k)) ?? setup.alternatives[0]?.[0] ?? "";
    issues.push({ field: first, message: setup.alternativesMessage ?? "is required" });
  }
  return issues;
}

/** Keys of a platform's secret fields. */
export function secretKeys(platform: PlatformId): string[] {
  return API_SETUPS[platform].fields.filter((f) => f.kind === "secret").map((f) => f.key);
}
