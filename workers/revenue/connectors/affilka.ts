import { z } from "zod";
import { minorUnitsToMicros, parseDecimalToMicros } from "../../../shared/money";
import { tagDimensionOf } from "../../../shared/revenue-tags";
import { type CanonicalRow, emptyRow } from "../canonical";

import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import { urlSecrets } from "./report-csv";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * Affilka (SoftSwiss) partner statistics: GET …/api/customer/v1/partner/report with from/to
 * (inclusive, YYYY-MM-DD), group_by[]=day|brand|campaign, columns[]=…, paginated by page/per_page.
 * Rows are arrays of {name, value, type} cells; money cells are {amount, amount_cents, currency}.
 * Auth: the statistic token, either in the pasted export URL (token=…) or as a raw
 * Authorization header (no "Bearer").
 */
export const AFFILKA_COLUMNS = [
  "visits_count",
  "registrations_count",
  "depositing_players_count",
  "first_deposits_count",
  "first_deposits_sum",
  "deposits_sum",
  "ngr",
  "partner_income",
  "fixed_per_player",
  "prequalified_players_count",
  "qualified_players_count",
] as const;

const moneySchema = z.object({
  amount: z.union([z.string(), z.number()]).optional(),
  amount_cents: z.number().int().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
const cellSchema = z.object({ name: z.string(), value: z.unknown(), type: z.string().optional() });
const responseSchema = z.object({
  rows: z.object({ data: z.array(z.array(cellSchema)) }),
  current_page: z.number().int().optional(),
  total_pages: z.number().int().optional(),
  relations: z
    .object({
      campaigns: z.array(z.object({ id: z.union([z.string(), z.number()]), title: z.string().optional() })).optional(),
      brands: z.array(z.object({ id: z.union([z.string(), z.number()]), name: z.string().optional() })).optional(),
    })
    .partial()
    .optional(),
});

const PER_PAGE = 1000;
const MAX_PAGES = 200;

function reportUrl(offer: ConnectorOffer): { url: URL; headers: Record<string, string> } {
  const pasted = offer.secrets.reportUrl;
  const base = pasted ?? offer.config.baseUrl;
  if (!base) throw new ConnectorError("config", "API Setup needs the Affilka JSON export URL (or base URL + statistic token)");
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ConnectorError("config", "the Affilka URL is not a valid URL");
  }
  if (!url.pathname.endsWith("/report")) url.pathname = `${url.pathname.replace(/\/$/, "")}/api/customer/v1/partner/report`;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (offer.secrets.token) headers.Authorization = offer.secrets.token;
  if (!url.searchParams.get("token") && !offer.secrets.token) {
    throw new ConnectorError("config", "the Affilka URL carries no token parameter and no statistic token was given");
  }
  return { url, headers };
}

function money(cell: unknown): { micros: number; currency: string } | null {
  const m = moneySchema.safeParse(cell);
  if (!m.success) return null;
  if (m.data.amount !== undefined) {
    const micros = parseDecimalToMicros(m.data.amount);
    if (micros !== null) return { micros, currency: m.data.currency };
  }
  if (m.data.amount_cents !== undefined) return { micros: minorUnitsToMicros(m.data.amount_cents, 2), currency: m.data.currency };
  return null;
}

function count(v: unknown, name: string): number {
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
    throw new ConnectorError("malformed", `${name} is not a count: ${JSON.stringify(v)}`);
  return n;
}

function idOf(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "object" && v !== null && "id" in v) return String((v as { id: unknown }).id);
  return String(v);
}

export function parseAffilka(text: string, offer: ConnectorOffer): { rows: CanonicalRow[]; totalPages: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError("malformed", "Affilka answered with something that is not JSON", 200, null, text);
  }
  if (json && typeof json === "object" && ("error" in json || "errors" in json)) {
    const msg = JSON.stringify((json as Record<string, unknown>).error ?? (json as Record<string, unknown>).errors);
    const auth = /token|auth|unauthori[sz]ed|forbidden/i.test(msg);
    throw new ConnectorError(auth ? "auth" : "platform_error", `Affilka error: ${msg.slice(0, 200)}`, 200, null, text);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError(
      "malformed",
      `unexpected Affilka response at ${issue?.path.join(".") ?? "?"}: ${issue?.message}`,
      200,
      null,
      text,
    );
  }
  const campaignTitles = new Map((parsed.data.relations?.campaigns ?? []).map((c) => [String(c.id), c.title ?? null]));
  const brandNames = new Map((parsed.data.relations?.brands ?? []).map((b) => [String(b.id), b.name ?? null]));
  const wantBrand = offer.config.brandId;
  const wantPromo = offer.config.promo;
  const rows: CanonicalRow[] = [];
  for (const cells of parsed.data.rows.data) {
    const byName = new Map(cells.map((c) => [c.name, c.value]));
    const day = byName.get("day") ?? byName.get("date");
    if (typeof day !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(day)) {
      throw new ConnectorError("malformed", `row without a day: ${JSON.stringify(cells).slice(0, 120)}`, 200, null, text);
    }
    const brandId = idOf(byName.get("brand"));
    const campaignId = idOf(byName.get("campaign"));
    // One offer = one brand and one campaign tag; rows of other deals on the account are skipped (a row
    // naming no brand is kept for the pipeline, which refuses it rather than guess: pipeline.ts).
    if (wantBrand && brandId !== null && brandId !== wantBrand) continue;
    if (offer.campaignTag && campaignId !== offer.campaignTag) continue;
    const promo = idOf(byName.get("promo"));
    if (wantPromo && promo !== wantPromo) continue;

    let currency: string | null = null;
    const amounts: Record<string, number | null> = {};
    for (const name of ["first_deposits_sum", "deposits_sum", "ngr", "partner_income", "fixed_per_player"]) {
      const v = byName.get(name);
      if (v === undefined || v === null) {
        amounts[name] = null;
        continue;
      }
      const m = money(v) ?? (typeof v === "number" || typeof v === "string" ? moneyPlain(v, offer) : null);
      if (!m) throw new ConnectorError("malformed", `${name} is not a money value: ${JSON.stringify(v)}`, 200, null, text);
      if (currency && m.currency !== currency) {
        throw new ConnectorError("malformed", `mixed currencies in one row (${currency}, ${m.currency})`, 200, null, text);
      }
      currency = m.currency;
      amounts[name] = m.micros;
    }
    const cnt = (name: string) => (byName.has(name) && byName.get(name) !== null ? count(byName.get(name), name) : null);
    const subIds: Record<string, string> = {};
    for (const [k, v] of byName) if (k.startsWith("dynamic_tag_") && v !== null && v !== undefined) subIds[k] = String(v);
    if (promo !== null) subIds.promo = promo;
    const clickTag = offer.config.clickIdTag ?? "dynamic_tag_click_id";
    const clickId = subIds[clickTag] && !/^[{[%]/.test(subIds[clickTag] ?? "") ? (subIds[clickTag] ?? null) : null;

    const row = emptyRow({
      platform: "affilka",
      reportDate: day.slice(0, 10),
      reportTz: offer.platformTimezone,
      currency: currency ?? offer.accountCurrency ?? "EUR",
      currencyOrigin: currency ? "api_field" : "account_default",
    });
    rows.push({
      ...row,
      brandExtId: brandId,
      brandNameRaw: brandId ? (brandNames.get(brandId) ?? null) : null,
      campaignExtId: campaignId,
      campaignNameRaw: campaignId ? (campaignTitles.get(campaignId) ?? null) : null,
      subIds,
      clickId,
      clicks: cnt("visits_count"),
      registrations: cnt("registrations_count"),
      depositingPlayers: cnt("depositing_players_count"),
      ftdCount: cnt("first_deposits_count"),
      qftdCount: cnt("qualified_players_count"),
      ftdAmountMicros: amounts.first_deposits_sum ?? null,
      depositsMicros: amounts.deposits_sum ?? null,
      ngrMicros: amounts.ngr ?? null,
      commissionTotalMicros: amounts.partner_income ?? null,
      commissionCpaMicros: amounts.fixed_per_player ?? null,
      metricSemantics: { ngr: "affilka.ngr", commission_total: "affilka.partner_income", clicks: "affilka.visits_count (full page loads)" },
      raw: Object.fromEntries(byName),
    });
  }
  return { rows, totalPages: parsed.data.total_pages ?? 1 };
}

function moneyPlain(v: number | string, offer: ConnectorOffer): { micros: number; currency: string } | null {
  const micros = parseDecimalToMicros(v);
  const currency = offer.accountCurrency;
  return micros === null || !currency ? null : { micros, currency };
}

/**
 * Day, brand and campaign always; promo when sites are told apart by promo or the offer filters on
 * one; the click-id dynamic tag and a dynamic-tag tag dimension when configured.
 */
export function groupByOf(offer: ConnectorOffer): string[] {
  const out = ["day", "brand", "campaign"];
  const dim = tagDimensionOf("affilka", offer.config);
  if (dim === "promo" || offer.config.promo) out.push("promo");
  for (const tag of [offer.config.clickIdTag, dim.startsWith("dynamic_tag_") ? dim : null]) {
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export const affilka: Connector = {
  platform: "affilka",
  honours: ["brand", "campaign", "promo"],
  // No documented limit for the partner report. 7-day windows bound memory: a window is held whole
  // to detect vanished rows, and a large account (1,000+ rows a day) must stay far below 128 MB.
  windows: (from, to) => splitWindows(from, to, 7, false),
  secretsOf: (offer) => [offer.secrets.token ?? "", ...urlSecrets(offer.secrets.reportUrl, ["token"])].filter(Boolean),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    const { url, headers } = reportUrl(offer);
    url.searchParams.set("async", "false");
    url.searchParams.set("from", window.from);
    url.searchParams.set("to", window.to);
    for (const k of ["columns[]", "group_by[]"]) url.searchParams.delete(k);
    for (const col of AFFILKA_COLUMNS) url.searchParams.append("columns[]", col);
    for (const g of groupByOf(offer)) url.searchParams.append("group_by[]", g);
    url.searchParams.set("per_page", String(PER_PAGE));
    const rows: CanonicalRow[] = [];
    const raws: string[] = [];
    let status = 200;
    for (let page = 1; page <= MAX_PAGES; page++) {
      url.searchParams.set("page", String(page));
      const res = await fetchText(fetcher, url.toString(), { headers }, timeoutOf(offer));
      status = res.status;
      pushRaw(raws, res.text);
      const out = parseAffilka(res.text, offer);
      rows.push(...out.rows);
      if (page >= out.totalPages) return { rows, httpStatus: status, raw: raws.join("\n") };
    }
    throw new ConnectorError("malformed", `more than ${MAX_PAGES} pages`, status);
  },
};
