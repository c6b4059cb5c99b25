import { z } from "zod";
import { isCurrency } from "../../../shared/money";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId, errorFromText, sumInto, zCount, zMoney } from "./fields";
import { fetchText, splitWindows, timeoutOf } from "./http";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * NetRefer ASR (Affiliate Standard Reporting) v1, Daily Activity Report (platforms.md Addendum §5):
 *   POST https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token   (grant_type=password,
 *        client_id, client_secret, username, password, scope=api://<client_id>/Reports.Read)
 *   GET  https://{host}/dpm/v{version}/{report_type_code}/{affiliate_id}/{from}/{to}  (Bearer JWT)
 * from/to must lie in the same month. The answer carries id, lastCheckSum, reportingTime,
 * reportingPeriod, reportingCurrency, openingBalance, outgoingBalance,
 * markedReadyForInvoicingTime, source, brands[] and marketing sources[] whose brands hold the
 * data points.
 *
 * NOT documented publicly, so configurable and assumed here (docs/connectors.md):
 * - report_type_code (default "DAR") and version (default "1");
 * - the JSON key of marketing sources (marketingSources | marketing_sources | "Marketing sources");
 * - each data point is a day: {date, <metric>: value, …} ("wide") or {date, name|metric, value}
 *   ("long"); metric names are matched ignoring case, spaces and underscores;
 * - metric names default to the Monthly Figures UI columns (Signups, First Time Depositing
 *   Customers, Deposits, Net Revenue, …); config.metricMap overrides them per field.
 * markedReadyForInvoicingTime is the finality signal (metricSemantics.is_final) and
 * lastCheckSum the change signal (kept in each row's raw: an equal checksum means equal records,
 * which the partition replace already turns into zero writes).
 */
export const NETREFER_DEFAULT_METRICS = {
  impressions: "Views",
  clicks: "Clicks",
  registrations: "Signups",
  ftdCount: "First Time Depositing Customers",
  depositingPlayers: "Depositing Customers",
  depositsMicros: "Deposits",
  ngrMicros: "Net Revenue",
  commissionTotalMicros: "Commission",
} as const satisfies Partial<Record<keyof CanonicalRow, string>>;
type MetricField = keyof typeof NETREFER_DEFAULT_METRICS;
const MONEY_FIELDS: readonly MetricField[] = ["depositsMicros", "ngrMicros", "commissionTotalMicros"];

interface Settings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  scope: string;
  reportBase: string;
  affiliateId: string;
}

function settings(offer: ConnectorOffer): Settings {
  const missing: string[] = [];
  const need = (v: string | null | undefined, label: string) => {
    if (!v) missing.push(label);
    return v ?? "";
  };
  const tenant = offer.config.tenant;
  const tokenUrl =
    offer.config.tokenUrl ?? (tenant ? `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token` : null);
  const tokenUrlValue = need(tokenUrl, "token URL or tenant");
  const clientId = need(offer.config.clientId, "client id");
  const s = {
    tokenUrl: tokenUrlValue,
    clientId,
    clientSecret: need(offer.secrets.clientSecret, "client secret"),
    username: need(offer.config.username ?? offer.secrets.username, "username"),
    password: need(offer.secrets.password, "password"),
    scope: offer.config.scope ?? `api://${clientId}/Reports.Read`,
    reportBase: "",
    affiliateId: need(offer.config.affiliateId, "affiliate id"),
  };
  const host = need(offer.config.host, "API host");
  if (missing.length) throw new ConnectorError("config", `API Setup needs the NetRefer ${missing.join(", ")}`);
  const hostUrl = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  if (!URL.canParse(hostUrl)) throw new ConnectorError("config", "the NetRefer API host is not a valid host name");
  if (!URL.canParse(s.tokenUrl)) throw new ConnectorError("config", "the NetRefer token URL is not a valid URL");
  const base = new URL(hostUrl);
  const version = (offer.config.version ?? "1").replace(/^v/i, "");
  const code = offer.config.reportTypeCode ?? "DAR";
  s.reportBase = `${base.origin}${base.pathname.replace(/\/$/, "")}/dpm/v${encodeURIComponent(version)}/${encodeURIComponent(code)}/${encodeURIComponent(s.affiliateId)}`;
  return s;
}

/** From and to must lie in the same month: windows never cross a month boundary. */
export function netreferWindows(from: string, to: string): DateWindow[] {
  return splitWindows(from, to, 31, true);
}

// Access tokens are reused until shortly before they expire (per isolate; a cache, not state).
const tokenCache = new Map<string, { token: string; expiresAt: number }>();

async function accessToken(
  s: Settings,
  fetcher: typeof fetch,
  timeoutMs: number,
  fresh: boolean,
): Promise<{ token: string; cached: boolean }> {
  const key = JSON.stringify([s.tokenUrl, s.clientId, s.clientSecret, s.username, s.password, s.scope]);
  const hit = tokenCache.get(key);
  if (!fresh && hit && hit.expiresAt > Date.now()) return { token: hit.token, cached: true };
  const body = new URLSearchParams({
    grant_type: "password",
    client_id: s.clientId,
    client_secret: s.clientSecret,
    username: s.username,
    password: s.password,
    scope: s.scope,
  });
  let text: string;
  try {
    const res = await fetchText(
      fetcher,
      s.tokenUrl,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: body.toString(),
      },
      timeoutMs,
    );
    text = res.text;
  } catch (err) {
    if (err instanceof ConnectorError && err.httpStatus === 400 && err.raw) throw tokenError(err.raw, 400);
    if (err instanceof ConnectorError && err.kind === "auth") throw tokenError(err.raw ?? "", err.httpStatus ?? 401);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError("malformed", "the NetRefer token endpoint did not answer JSON", 200, null, text);
  }
  const ok = z.object({ access_token: z.string().min(1), expires_in: z.union([z.number(), z.string()]).optional() }).safeParse(json);
  if (!ok.success) throw tokenError(text, 200);
  const ttl = Number(ok.data.expires_in ?? 3600);
  tokenCache.set(key, {
    token: ok.data.access_token,
    expiresAt: Date.now() + Math.max(0, (Number.isFinite(ttl) ? ttl : 3600) - 120) * 1000,
  });
  return { token: ok.data.access_token, cached: false };
}

/** Azure AD error bodies: {error, error_description: "AADSTS50126: …"}. Never echo the token answer itself. */
function tokenError(raw: string, status: number): ConnectorError {
  let code = "";
  let description = "";
  try {
    const j = JSON.parse(raw) as { error?: unknown; error_description?: unknown };
    code = typeof j.error === "string" ? j.error : "";
    description = typeof j.error_description === "string" ? (j.error_description.split(/\r?\n/)[0] ?? "") : "";
  } catch {
    // not JSON
  }
  const credentials = ["invalid_grant", "invalid_client", "unauthorized_client", "access_denied"].includes(code) || status === 401;
  const msg = `NetRefer sign-in failed${code ? `: ${code}` : ""}${description ? ` (${description.slice(0, 160)})` : ""}`;
  return new ConnectorError(credentials ? "auth" : "config", msg, status, null, raw);
}

const point = z.record(z.string(), z.unknown());
const brandSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  brandId: z.union([z.string(), z.number()]).nullish(),
  name: z.string().nullish(),
  brandName: z.string().nullish(),
  dataPoints: z.array(point).nullish(),
  data: z.array(point).nullish(),
});
const sourceSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  marketingSourceId: z.union([z.string(), z.number()]).nullish(),
  name: z.string().nullish(),
  marketingSourceName: z.string().nullish(),
  brands: z.array(brandSchema).nullish(),
  dataPoints: z.array(point).nullish(),
});
const reportSchema = z.looseObject({
  id: z.string(),
  lastCheckSum: z.string().nullish(),
  reportingTime: z.string().nullish(),
  reportingCurrency: z.string().refine(isCurrency, "is not a 3-letter currency code"),
  markedReadyForInvoicingTime: z.string().nullish(),
  brands: z.array(z.looseObject({})).nullish(),
  marketingSources: z.array(sourceSchema),
});

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The configured (or default) NetRefer metric name for each canonical field; "" disables one. */
export function netreferMetricMap(offer: ConnectorOffer): Partial<Record<MetricField, string>> {
  const out: Partial<Record<MetricField, string>> = { ...NETREFER_DEFAULT_METRICS };
  const custom = offer.config.metricMap;
  if (custom) {
    for (const [k, v] of Object.entries(custom)) {
      const field = (k.endsWith("Micros") ? k : MONEY_FIELDS.includes(`${k}Micros` as MetricField) ? `${k}Micros` : k) as MetricField;
      if (!(field in NETREFER_DEFAULT_METRICS)) throw new ConnectorError("config", `NetRefer metricMap: unknown field "${k}"`);
      if (v.trim()) out[field] = v.trim();
      else delete out[field];
    }
  }
  return out;
}

/** One day's metrics from a data point list: "wide" {date, Signups: 3} or "long" {date, name, value}. */
function pointsByDay(
  points: Record<string, unknown>[],
  dateField: string | null,
  what: string,
  raw: string,
): Map<string, Map<string, unknown>> {
  const days = new Map<string, Map<string, unknown>>();
  for (const [i, p] of points.entries()) {
    const keys = new Map(Object.entries(p).map(([k, v]) => [norm(k), v]));
    const dateValue = dateField
      ? keys.get(norm(dateField))
      : (keys.get("date") ?? keys.get("day") ?? keys.get("activitydate") ?? keys.get("reportdate"));
    const day = typeof dateValue === "string" && /^\d{4}-\d{2}-\d{2}/.test(dateValue) ? dateValue.slice(0, 10) : null;
    if (!day)
      throw new ConnectorError(
        "malformed",
        `${what} data point ${i + 1}: no YYYY-MM-DD date (got ${JSON.stringify(dateValue)})`,
        200,
        null,
        raw,
      );
    const metrics = days.get(day) ?? new Map<string, unknown>();
    const name = keys.get("name") ?? keys.get("metric") ?? keys.get("metricname");
    if (typeof name === "string" && keys.has("value")) metrics.set(norm(name), keys.get("value"));
    else for (const [k, v] of keys) metrics.set(k, v);
    days.set(day, metrics);
  }
  return days;
}

function idText(...vs: (string | number | null | undefined)[]): string | null {
  for (const v of vs) if (v !== null && v !== undefined && String(v) !== "") return String(v);
  return null;
}

/** Normalizes one ASR Daily Activity Report into canonical rows (one per day × marketing source × brand). */
export function parseNetrefer(text: string, offer: ConnectorOffer, window: DateWindow | null): CanonicalRow[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError("malformed", "NetRefer answered with something that is not JSON", 200, null, text);
  }
  if (!json || typeof json !== "object" || Array.isArray(json))
    throw new ConnectorError("malformed", "NetRefer answer is not an object", 200, null, text);
  const o = json as Record<string, unknown>;
  if (!("id" in o) && (o.error !== undefined || o.message !== undefined || o.errors !== undefined)) {
    const m = o.error ?? o.message ?? o.errors;
    throw errorFromText("NetRefer", typeof m === "string" ? m : JSON.stringify(m), text);
  }
  const sourcesKey = Object.keys(o).find((k) => norm(k) === "marketingsources");
  const parsed = reportSchema.safeParse({ ...o, marketingSources: sourcesKey ? o[sourcesKey] : undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError(
      "malformed",
      `unexpected NetRefer report at ${issue?.path.join(".") || "?"}: ${issue?.message}`,
      200,
      null,
      text,
    );
  }
  const report = parsed.data;
  const metrics = netreferMetricMap(offer);
  const dateField = offer.config.dateField ?? null;
  const clickField = offer.config.clickIdField ?? "var1";
  const wantBrand = offer.config.brandId;
  const final = report.markedReadyForInvoicingTime ?? null;
  const semantics: Record<string, string> = Object.fromEntries(Object.entries(metrics).map(([f, name]) => [f, `netrefer.${name}`]));
  semantics.is_final = final ? "true" : "false";
  if (final) semantics.final_at = final;
  const byKey = new Map<string, CanonicalRow>();
  const seenMetrics = new Set<string>();
  let points = 0;
  for (const [si, source] of report.marketingSources.entries()) {
    const sourceId = idText(source.id, source.marketingSourceId);
    if (offer.campaignTag && sourceId !== offer.campaignTag) continue;
    const brands = source.brands?.length ? source.brands : [{ id: null, dataPoints: source.dataPoints ?? [] }];
    for (const brand of brands) {
      const b = brandSchema.parse(brand);
      const brandId = idText(b.id, b.brandId);
      if (wantBrand && brandId !== null && brandId !== wantBrand) continue;
      const list = b.dataPoints ?? b.data ?? [];
      points += list.length;
      const what = `marketing source ${sourceId ?? si + 1}, brand ${brandId ?? "-"}`;
      for (const [day, values] of pointsByDay(list, dateField, what, text)) {
        if (window && (day < window.from || day > window.to)) continue;
        const row = emptyRow({
          platform: "netrefer",
          reportDate: day,
          reportTz: offer.platformTimezone,
          currency: report.reportingCurrency,
          currencyOrigin: "api_field",
        });
        for (const [field, name] of Object.entries(metrics) as [MetricField, string][]) {
          const v = values.get(norm(name));
          if (v === undefined || v === null || v === "") continue;
          seenMetrics.add(field);
          const schema = MONEY_FIELDS.includes(field) ? zMoney : zCount;
          const out = schema.safeParse(v);
          if (!out.success) {
            throw new ConnectorError(
              "malformed",
              `${what}, ${day}: column ${name} ${out.error.issues[0]?.message ?? "is invalid"}`,
              200,
              null,
              text,
            );
          }
          row[field] = out.data;
        }
        const sub = values.get(norm(clickField));
        const subIds: Record<string, string> =
          sub !== undefined && sub !== null && String(sub).trim() !== "" ? { [clickField]: String(sub).trim() } : {};
        const next: CanonicalRow = {
          ...row,
          brandExtId: brandId,
          brandNameRaw: b.name ?? b.brandName ?? null,
          campaignExtId: sourceId,
          campaignNameRaw: source.name ?? source.marketingSourceName ?? null,
          subIds,
          clickId: cleanClickId(subIds[clickField]),
          metricSemantics: semantics,
          raw: {
            reportId: report.id,
            lastCheckSum: report.lastCheckSum ?? null,
            markedReadyForInvoicingTime: final,
            point: Object.fromEntries(values),
          },
        };
        const key = JSON.stringify([day, brandId, sourceId, Object.entries(subIds)]);
        const prev = byKey.get(key);
        if (prev) sumInto(prev, next);
        else byKey.set(key, next);
      }
    }
  }
  if (points > 0 && seenMetrics.size === 0) {
    throw new ConnectorError(
      "config",
      `none of the mapped NetRefer metrics (${Object.values(metrics).join(", ")}) appear in the data points: set the metric names in API Setup`,
      200,
      null,
      text,
    );
  }
  return [...byKey.values()];
}

export const netrefer: Connector = {
  platform: "netrefer",
  honours: ["brand", "campaign"],
  windows: netreferWindows,
  secretsOf: (offer) => [offer.secrets.clientSecret ?? "", offer.secrets.password ?? ""].filter(Boolean),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    const s = settings(offer);
    if (window.from.slice(0, 7) !== window.to.slice(0, 7)) {
      throw new ConnectorError("config", `NetRefer windows must lie in one month (${window.from}..${window.to})`);
    }
    const timeout = timeoutOf(offer);
    const url = `${s.reportBase}/${window.from}/${window.to}`;
    const get = (token: string) =>
      fetchText(fetcher, url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } }, timeout);
    let t = await accessToken(s, fetcher, timeout, false);
    let res: Awaited<ReturnType<typeof fetchText>>;
    try {
      res = await get(t.token);
    } catch (err) {
      // A cached token the API no longer accepts: sign in again once.
      if (!(err instanceof ConnectorError && err.httpStatus === 401 && t.cached)) throw err;
      t = await accessToken(s, fetcher, timeout, true);
      res = await get(t.token);
    }
    return { rows: parseNetrefer(res.text, offer, window), httpStatus: res.status, raw: res.text };
  },
};
