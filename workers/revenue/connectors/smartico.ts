import { z } from "zod";
import { tagDimensionOf } from "../../../shared/revenue-tags";
import { addDays } from "../../../shared/time";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId, errorFromText, parseRow, sumInto, withoutEmpty, zCount, zMoney } from "./fields";
import { fetchText, splitWindows, timeoutOf } from "./http";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * Smartico / The Affiliate Platform affiliate media report (platforms.md §7 and "Other platforms"):
 *   GET https://boapi.smartico.ai/api/af2_media_report_af?aggregation_period=DAY&date_from=…&date_to=…&group_by=afp,brand_id
 * Header `Authorization: <api key>` (raw). date_to is EXCLUSIVE and date_from == date_to answers
 * HTTP 500, so an inclusive window [from, to] is asked as date_from=from, date_to=to+1.
 * With day grouping `commissions_total` is the CHANGE of commission that day (a delta): rows that
 * share a key are summed, never "last wins". Days without activity are omitted (the partition
 * replace removes rows that disappear). Errors: errCode/message in the body, 403 for a bad key.
 * No currency in the rows: the account currency. No timezone stated: offer.platformTimezone.
 */
export const SMARTICO_DEFAULT_HOST = "https://boapi.smartico.ai";
const PATH = "/api/af2_media_report_af";
const MAX_DAYS = 31;

/** The request dates for an inclusive window: date_to is exclusive, so it is never equal to date_from. */
export function smarticoDates(window: DateWindow): { date_from: string; date_to: string } {
  return { date_from: window.from, date_to: addDays(window.to, 1) };
}

export function smarticoWindows(from: string, to: string): DateWindow[] {
  return splitWindows(from, to, MAX_DAYS, false);
}

function reportUrl(offer: ConnectorOffer): URL {
  const configured = offer.config.host ?? SMARTICO_DEFAULT_HOST;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(configured) ? configured : `https://${configured}`);
  } catch {
    throw new ConnectorError("config", "the Smartico API host is not a valid host or URL");
  }
  if (!url.pathname.endsWith(PATH)) url.pathname = `${url.pathname.replace(/\/$/, "")}${PATH}`;
  url.search = "";
  return url;
}

const rowSchema = z.looseObject({
  dt: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "is not a YYYY-MM-DD day"),
  brand_id: z.union([z.string(), z.number()]).optional(),
  brand_name: z.string().optional(),
  afp: z.union([z.string(), z.number()]).optional(),
  visit_count: zCount.optional(),
  registration_count: zCount.optional(),
  ftd_count: zCount.optional(),
  qftd_count: zCount.optional(),
  deposit_count: zCount.optional(),
  ftd_total: zMoney.optional(),
  deposit_total: zMoney.optional(),
  net_pl: zMoney.optional(),
  commissions_total: zMoney.optional(),
});

/** Group-by attributes that end up as sub-ids (afp, afp1…, utm_*). */
const SUB_ID_KEY = /^(afp\d*|utm_[a-z]+)$/;

/** The error a Smartico body carries (errCode/message), or null for a data answer. */
export function smarticoError(json: unknown, raw: string): ConnectorError | null {
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    return new ConnectorError("malformed", "Smartico answered with something that is not a JSON object", 200, null, raw);
  }
  const o = json as Record<string, unknown>;
  const code = o.errCode ?? o.err_code;
  if (code === undefined || code === null || code === 0 || code === "0") return null;
  const message = typeof o.message === "string" ? o.message : typeof o.errMsg === "string" ? o.errMsg : JSON.stringify(o).slice(0, 200);
  // errCode 3 "Access to this label is not allowed" is transient per production clients: retry it.
  if (String(code) === "3") return new ConnectorError("server", `Smartico errCode 3: ${message.slice(0, 200)}`, 200, null, raw);
  if (/equal/i.test(message)) return new ConnectorError("config", `Smartico rejected the dates: ${message.slice(0, 200)}`, 200, null, raw);
  return errorFromText("Smartico", `errCode ${String(code)}: ${message}`, raw);
}

/** Normalizes one answer; rows sharing (day, brand, sub-ids) are summed (commission is a daily delta). */
export function parseSmartico(text: string, offer: ConnectorOffer, window: DateWindow | null): CanonicalRow[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError("malformed", "Smartico answered with something that is not JSON", 200, null, text);
  }
  const err = smarticoError(json, text);
  if (err) throw err;
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new ConnectorError("malformed", "Smartico answer has no data array", 200, null, text);
  const currency = offer.accountCurrency;
  if (!currency) throw new ConnectorError("config", "Smartico reports carry no currency: set the offer's account currency");
  const wantBrand = offer.config.brandId;
  const clickParam = offer.config.clickIdParam ?? "afp";
  const byKey = new Map<string, CanonicalRow>();
  for (const [i, item] of data.entries()) {
    if (!item || typeof item !== "object") throw new ConnectorError("malformed", `Smartico row ${i + 1} is not an object`, 200, null, text);
    const raw = item as Record<string, unknown>;
    const r = parseRow(rowSchema, withoutEmpty(raw), `Smartico row ${i + 1}`, text);
    const day = r.dt.slice(0, 10);
    if (window && (day < window.from || day > window.to)) continue;
    const brandId = r.brand_id !== undefined ? String(r.brand_id) : null;
    if (wantBrand && brandId !== null && brandId !== wantBrand) continue;
    const subIds: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (SUB_ID_KEY.test(k) && v !== null && v !== undefined && String(v).trim() !== "") subIds[k] = String(v).trim();
    }
    // The deal's tag as set on the Smartico link (in any afp field): rows of other deals are skipped.
    if (offer.campaignTag && !Object.values(subIds).includes(offer.campaignTag)) continue;
    const row: CanonicalRow = {
      ...emptyRow({ platform: "smartico", reportDate: day, reportTz: offer.platformTimezone, currency, currencyOrigin: "account_default" }),
      brandExtId: brandId ?? r.brand_name ?? null,
      brandNameRaw: r.brand_name ?? null,
      subIds,
      clickId: cleanClickId(subIds[clickParam]),
      clicks: r.visit_count ?? null,
      registrations: r.registration_count ?? null,
      ftdCount: r.ftd_count ?? null,
      qftdCount: r.qftd_count ?? null,
      depositCount: r.deposit_count ?? null,
      ftdAmountMicros: r.ftd_total ?? null,
      depositsMicros: r.deposit_total ?? null,
      ngrMicros: r.net_pl ?? null,
      commissionTotalMicros: r.commissions_total ?? null,
      metricSemantics: {
        clicks: "smartico.visit_count",
        qftd_count: "smartico.qftd_count",
        ngr: "smartico.net_pl",
        commission_total: "smartico.commissions_total: change of commission during the day (delta), summed",
      },
      raw: [raw],
    };
    const key = JSON.stringify([day, row.brandExtId, Object.entries(subIds).sort()]);
    const prev = byKey.get(key);
    if (prev) {
      sumInto(prev, row);
      prev.raw = [...(prev.raw as unknown[]), raw];
    } else byKey.set(key, row);
  }
  return [...byKey.values()];
}

/**
 * The configured grouping (default afp,brand_id) plus the site tag field, so each site's rows
 * come back apart; without it the platform sums every site (and direct players) into one row.
 * Likewise brand_id whenever the offer keeps one brand.
 */
export function groupByOf(offer: ConnectorOffer): string {
  const groups = (offer.config.groupBy ?? "afp,brand_id").split(",").map((g) => g.trim());
  const tag = tagDimensionOf("smartico", offer.config);
  if (!groups.includes(tag)) groups.push(tag);
  // A brand filter needs the brand in the rows: without brand_id Smartico sums every brand into one row.
  if (offer.config.brandId && !groups.includes("brand_id")) groups.push("brand_id");
  return groups.join(",");
}

export const smartico: Connector = {
  platform: "smartico",
  honours: ["brand", "campaign"],
  windows: smarticoWindows,
  secretsOf: (offer) => [offer.secrets.apiKey ?? ""].filter(Boolean),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    const apiKey = offer.secrets.apiKey;
    if (!apiKey) throw new ConnectorError("config", "API Setup needs the Smartico API key");
    if (!offer.accountCurrency) throw new ConnectorError("config", "Smartico reports carry no currency: set the offer's account currency");
    const url = reportUrl(offer);
    const { date_from, date_to } = smarticoDates(window);
    url.searchParams.set("aggregation_period", "DAY");
    url.searchParams.set("date_from", date_from);
    url.searchParams.set("date_to", date_to);
    url.searchParams.set("group_by", groupByOf(offer));
    const res = await fetchText(
      fetcher,
      url.toString(),
      { headers: { Authorization: apiKey, Accept: "application/json" } },
      timeoutOf(offer),
    );
    return { rows: parseSmartico(res.text, offer, window), httpStatus: res.status, raw: res.text };
  },
};
