import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId, parseRow, sumInto, todayIn, withoutEmpty, zCount, zMoney } from "./fields";
import { fetchText, splitWindows, timeoutOf } from "./http";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * Cellxpert affiliate API (platforms.md §1 and "Other platforms"):
 *   GET <program domain>/api/?command=mediareport&fromdate=YYYY-MM-DD&todate=YYYY-MM-DD&Day=1[&TrackingCode=1][&Brand=1]
 *   GET <program domain>/api/?command=commissions&fromdate=…&todate=…   (commission ledger)
 * Headers `affiliateid` + `x-api-key`; the caller's IP must be whitelisted.
 * XML `<ResultSet><row>…</row></ResultSet>`; a row may repeat a tag (the collection's own sample
 * repeats <Leads>): the first occurrence wins. Errors come as HTTP 200 text/html:
 * "Bad Command", "Bad Authentication Key", "IP Not Authenticated".
 * Windows: at most 31 days, never a future date. No timezone and no currency are stated:
 * days are the platform's (offer.platformTimezone), money is in the account currency.
 */
export type CellxpertReport = "mediareport" | "commissions";

const BREAKDOWNS = ["TrackingCode", "Brand"] as const;
type Breakdown = (typeof BREAKDOWNS)[number];

interface Settings {
  url: URL;
  affiliateId: string;
  apiKey: string;
  report: CellxpertReport;
  breakdown: Breakdown[];
}

function settings(offer: ConnectorOffer): Settings {
  const base = offer.config.baseUrl;
  if (!base) throw new ConnectorError("config", "API Setup needs the Cellxpert program URL (e.g. https://track.program.com)");
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ConnectorError("config", "the Cellxpert program URL is not a valid URL");
  }
  // The API lives at <program domain>/api/; a pasted URL may already carry it (and a query).
  if (!/\/api\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/$/, "")}/api/`;
  else if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`;
  url.search = "";
  const affiliateId = offer.config.affiliateId ?? offer.secrets.affiliateId ?? null;
  if (!affiliateId) throw new ConnectorError("config", "API Setup needs the Cellxpert affiliate id");
  const apiKey = offer.secrets.apiKey;
  if (!apiKey) throw new ConnectorError("config", "API Setup needs the Cellxpert API key (Generate Access Key)");
  const report = offer.config.report === "commissions" ? "commissions" : "mediareport";
  const given = offer.config.breakdown ?? ["TrackingCode"];
  const breakdown = given.filter((b): b is Breakdown => (BREAKDOWNS as readonly string[]).includes(b));
  if (breakdown.length !== given.length)
    throw new ConnectorError("config", `Cellxpert breakdown must be a list of ${BREAKDOWNS.join(", ")}`);
  // A brand filter needs the brand in the rows: ask for it rather than drop every row for lacking one.
  if (offer.config.brand && !breakdown.includes("Brand")) breakdown.push("Brand");
  return { url, affiliateId, apiKey, report, breakdown };
}

/**
 * ≤31-day windows, never past today. Without the offer's timezone this stops at the latest
 * "today" anywhere (UTC+14); pull() then clamps to today in the platform's timezone.
 */
export function cellxpertWindows(from: string, to: string, now = Date.now()): DateWindow[] {
  const latest = new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
  const end = to < latest ? to : latest;
  if (from > end) return [];
  return splitWindows(from, end, 31, false);
}

/** The HTTP-200 error texts Cellxpert sends instead of XML; null when the body is a ResultSet. */
export function cellxpertError(text: string): ConnectorError | null {
  const t = text.trim();
  if (/^(<\?xml[^>]*>\s*)?<ResultSet[\s>/]/i.test(t)) return null;
  const plain = t
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (/Bad Authentication/i.test(plain)) {
    return new ConnectorError("auth", "Cellxpert refused the credentials (Bad Authentication Key)", 200, null, text);
  }
  if (/IP Not Authenticated/i.test(plain)) {
    return new ConnectorError(
      "ip_not_allowed",
      "Cellxpert refused this IP (IP Not Authenticated): whitelist CasinoFlux's egress IPs",
      200,
      null,
      text,
    );
  }
  if (/Bad Command/i.test(plain)) {
    return new ConnectorError("config", "Cellxpert answered Bad Command (check the API URL, dates and breakdown)", 200, null, text);
  }
  if (!plain) return new ConnectorError("malformed", "Cellxpert answered with an empty body", 200, null, text);
  if (t.startsWith("<")) return new ConnectorError("malformed", "Cellxpert answered XML/HTML without a <ResultSet>", 200, null, text);
  return new ConnectorError("platform_error", `Cellxpert error: ${plain.slice(0, 200)}`, 200, null, text);
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "row",
});

/** `<ResultSet><row>` records; a tag repeated within one row keeps its first value. */
export function cellxpertRows(text: string): { rows: Record<string, unknown>[]; duplicates: string[] } {
  const err = cellxpertError(text);
  if (err) throw err;
  const valid = XMLValidator.validate(text.trim());
  if (valid !== true) {
    throw new ConnectorError("malformed", `Cellxpert XML is broken at line ${valid.err.line}: ${valid.err.msg}`, 200, null, text);
  }
  const doc = xml.parse(text) as { ResultSet?: { row?: unknown[] } | string };
  const set = doc.ResultSet;
  const list = set && typeof set === "object" && Array.isArray(set.row) ? set.row : [];
  const duplicates = new Set<string>();
  const rows = list.map((r) => {
    if (!r || typeof r !== "object") return {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (Array.isArray(v)) {
        duplicates.add(k);
        out[k] = v[0];
      } else out[k] = v;
    }
    return out;
  });
  return { rows, duplicates: [...duplicates] };
}

/** "2023/01/02" or "2023-01-02" → 2023-01-02. */
function isoDay(v: string): string | null {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})/.exec(v.trim());
  return m ? `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}` : null;
}

/** Ledger `created` in US format "4/17/2023 2:29:41 PM" (or ISO) → the calendar day as written. */
function createdDay(v: string): string | null {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(v.trim());
  if (us) return `${us[3]}-${(us[1] ?? "").padStart(2, "0")}-${(us[2] ?? "").padStart(2, "0")}`;
  return isoDay(v);
}

const zDay = (parse: (v: string) => string | null, format: string) =>
  z.string().transform((v, ctx) => {
    const d = parse(v);
    if (!d || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
      ctx.addIssue({ code: "custom", message: `is not a ${format} date: ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return d;
  });

const mediaRowSchema = z.looseObject({
  Day: zDay(isoDay, "YYYY/MM/DD"),
  Tracking_Code: z.string().optional(),
  TrackingCode: z.string().optional(),
  Brand: z.string().optional(),
  Impressions: zCount.optional(),
  Visitors: zCount.optional(),
  Unique_Visitors: zCount.optional(),
  Leads: zCount.optional(),
  Unique_Leads: zCount.optional(),
  Registrations: zCount.optional(),
  FTD: zCount.optional(),
  QFTD: zCount.optional(),
  Deposits: zMoney.optional(),
  PL: zMoney.optional(),
  Commission: zMoney.optional(),
});

const ledgerRowSchema = z.looseObject({
  id: z.string().optional(),
  TrackingCode: z.string().optional(),
  afp: z.string().optional(),
  CommissionType: z.string().optional(),
  Commission: zMoney,
  created: zDay(createdDay, "M/D/YYYY"),
});

/** Cellxpert packs sub-ids in one string: "|afp1:abc|afp10:Streamers"; a bare value is `afp` itself. */
export function parseAfp(afp: string | undefined): Record<string, string> {
  const s = (afp ?? "").trim();
  if (!s) return {};
  if (!/^\|?afp\d*:/i.test(s)) return { afp: s };
  const out: Record<string, string> = {};
  for (const part of s.split("|")) {
    const i = part.indexOf(":");
    if (i <= 0) continue;
    const v = part.slice(i + 1).trim();
    if (v) out[part.slice(0, i).trim()] = v;
  }
  return out;
}

function clickIdFrom(subIds: Record<string, string>, offer: ConnectorOffer): string | null {
  const param = offer.config.clickIdParam;
  const candidates = param ? [param] : ["afp", "afp1"];
  for (const c of candidates) if (subIds[c] !== undefined) return cleanClickId(subIds[c]);
  return null;
}

function commissionBucket(type: string | undefined): "commissionCpaMicros" | "commissionRevshareMicros" | "commissionOtherMicros" {
  const t = type ?? "";
  if (/sub.?affiliate|adjust|chargeback/i.test(t)) return "commissionOtherMicros";
  if (/cpa/i.test(t)) return "commissionCpaMicros";
  if (/rev|share|\brs\b/i.test(t)) return "commissionRevshareMicros";
  return "commissionOtherMicros";
}

/** Normalizes one Cellxpert answer; repeated keys (same day, code, brand, sub-ids) are summed. */
export function parseCellxpert(text: string, offer: ConnectorOffer, report: CellxpertReport, window: DateWindow | null): CanonicalRow[] {
  const currency = offer.accountCurrency;
  if (!currency) throw new ConnectorError("config", "Cellxpert reports carry no currency: set the offer's account currency");
  const { rows, duplicates } = cellxpertRows(text);
  const wantBrand = offer.config.brand?.toLowerCase() ?? null;
  const byKey = new Map<string, CanonicalRow>();
  for (const [i, raw] of rows.entries()) {
    const what = `Cellxpert ${report} row ${i + 1}`;
    const base = emptyRow({
      platform: "cellxpert",
      reportDate: "",
      reportTz: offer.platformTimezone,
      currency,
      currencyOrigin: "account_default",
    });
    let row: CanonicalRow;
    if (report === "mediareport") {
      const r = parseRow(mediaRowSchema, withoutEmpty(raw), what, text);
      const code = r.Tracking_Code ?? r.TrackingCode ?? null;
      if (offer.campaignTag && code !== null && code !== offer.campaignTag) continue;
      if (wantBrand && r.Brand !== undefined && r.Brand.toLowerCase() !== wantBrand) continue;
      row = {
        ...base,
        reportDate: r.Day,
        trackingCode: code,
        campaignExtId: code,
        brandExtId: r.Brand ?? null,
        brandNameRaw: r.Brand ?? null,
        impressions: r.Impressions ?? null,
        clicks: r.Visitors ?? null,
        registrations: r.Registrations ?? null,
        ftdCount: r.FTD ?? null,
        qftdCount: r.QFTD ?? null,
        depositsMicros: r.Deposits ?? null,
        ngrMicros: r.PL ?? null,
        commissionTotalMicros: r.Commission ?? null,
        metricSemantics: {
          clicks: "cellxpert.Visitors",
          registrations: "cellxpert.Registrations",
          ftd_count: "cellxpert.FTD",
          qftd_count: "cellxpert.QFTD",
          deposits: "cellxpert.Deposits (amount)",
          ngr: "cellxpert.PL",
          commission_total: "cellxpert.Commission",
        },
        raw: duplicates.length ? { ...raw, _duplicateTags: duplicates } : raw,
      };
    } else {
      const r = parseRow(ledgerRowSchema, withoutEmpty(raw), what, text);
      const code = r.TrackingCode ?? null;
      if (offer.campaignTag && code !== null && code !== offer.campaignTag) continue;
      const subIds = parseAfp(r.afp);
      row = {
        ...base,
        reportDate: r.created,
        dateBasis: "commission_created",
        trackingCode: code,
        campaignExtId: code,
        subIds,
        clickId: clickIdFrom(subIds, offer),
        commissionTotalMicros: r.Commission,
        [commissionBucket(r.CommissionType)]: r.Commission,
        metricSemantics: {
          commission_total: "cellxpert.commissions ledger, summed per created day",
          commission_cpa: "CommissionType containing CPA",
          commission_other: "sub-affiliate, adjustment, chargeback and other types",
        },
        raw: [raw],
      };
    }
    if (window && (row.reportDate < window.from || row.reportDate > window.to)) continue;
    const key = JSON.stringify([row.reportDate, row.trackingCode, row.brandExtId, row.clickId, Object.entries(row.subIds).sort()]);
    const prev = byKey.get(key);
    if (prev) {
      sumInto(prev, row);
      if (Array.isArray(prev.raw) && Array.isArray(row.raw)) prev.raw = [...prev.raw, ...row.raw];
    } else byKey.set(key, row);
  }
  return [...byKey.values()];
}

export const cellxpert: Connector = {
  platform: "cellxpert",
  honours: ["brand", "campaign"],
  windows: (from, to) => cellxpertWindows(from, to),
  secretsOf: (offer) => [offer.secrets.apiKey ?? ""].filter(Boolean),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    const s = settings(offer);
    if (!offer.accountCurrency) throw new ConnectorError("config", "Cellxpert reports carry no currency: set the offer's account currency");
    const today = todayIn(offer.platformTimezone);
    // "Do not include future dates": nothing to ask for a window that starts after today.
    if (window.from > today) return { rows: [], httpStatus: 200, raw: "" };
    const to = window.to > today ? today : window.to;
    const url = new URL(s.url);
    url.searchParams.set("command", s.report);
    url.searchParams.set("fromdate", window.from);
    url.searchParams.set("todate", to);
    if (s.report === "mediareport") {
      url.searchParams.set("Day", "1");
      for (const b of s.breakdown) url.searchParams.set(b, "1");
    }
    const headers = { affiliateid: s.affiliateId, "x-api-key": s.apiKey, Accept: "application/xml, text/xml, */*" };
    const res = await fetchText(fetcher, url.toString(), { headers }, timeoutOf(offer));
    const rows = parseCellxpert(res.text, offer, s.report, { from: window.from, to });
    return { rows, httpStatus: res.status, raw: res.text };
  },
};
