import { z } from "zod";
import { isCurrency } from "../../../shared/money";
import { tagDimensionOf } from "../../../shared/revenue-tags";
import { addDays, daysBetween } from "../../../shared/time";
import { type CanonicalRow, emptyRow } from "../canonical";
import { cleanClickId, errorFromText, parseRow, sumInto, todayIn, zCount, zMoney } from "./fields";
import { fetchText, pushRaw, splitWindows, timeoutOf } from "./http";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./types";

/**
 * Everflow affiliate reporting (platforms.md §11):
 *   POST https://api.eflow.team/v1/affiliates/reporting/entity/table   header X-Eflow-Api-Key
 *   {from, to, timezone_id, currency_id, columns:[{column:"date"},{column:"sub1"}], query:{filters:[]}}
 * Answer {table:[{columns:[{column_type, id, label}], reporting:{imp, total_click, unique_click,
 * cv, event, revenue, …}}], incomplete_results}. from/to are days (YYYY-MM-DD, to inclusive, as the
 * docs' month example shows), read as midnight in timezone_id (67 = UTC). At most 367 days per
 * request and 10,000 rows per answer: `incomplete_results: true` splits the window in halves.
 * Money is converted by Everflow into currency_id (currency_origin platform_converted).
 * The date column's id is a Unix timestamp (seconds) of the day.
 */
const PATH = "/v1/affiliates/reporting/entity/table";
export const EVERFLOW_UTC = 67;
const MAX_DAYS = 367;

const COUNT_TARGETS = ["registrations", "ftdCount", "qftdCount", "depositCount", "none"] as const;
type CountTarget = (typeof COUNT_TARGETS)[number];

interface Settings {
  url: string;
  apiKey: string;
  timezoneId: number;
  currency: string;
  clickColumn: string;
  conversionField: CountTarget;
  eventField: CountTarget;
  filters: unknown[];
}

function target(offer: ConnectorOffer, key: "conversionField" | "eventField", fallback: CountTarget): CountTarget {
  const v = offer.config[key];
  if (v === undefined) return fallback;
  // API Setup offers only these values; the check keeps the type honest.
  if ((COUNT_TARGETS as readonly string[]).includes(v)) return v as CountTarget;
  throw new ConnectorError("config", `Everflow ${key} must be one of ${COUNT_TARGETS.join(", ")}`);
}

function settings(offer: ConnectorOffer): Settings {
  const apiKey = offer.secrets.apiKey;
  if (!apiKey) throw new ConnectorError("config", "API Setup needs the Everflow API key");
  const base = offer.config.baseUrl ?? "https://api.eflow.team";
  if (!URL.canParse(base)) throw new ConnectorError("config", "the Everflow base URL is not a valid URL");
  const u = new URL(base);
  if (!u.pathname.endsWith(PATH)) u.pathname = `${u.pathname.replace(/\/$/, "")}${PATH}`;
  const timezoneId = offer.config.timezoneId ?? null;
  // Only timezone_id 67 (UTC) is documented; any other zone needs its Everflow id, or days would be bucketed wrongly.
  if (timezoneId === null && !["UTC", "Etc/UTC", "GMT", "Etc/GMT"].includes(offer.platformTimezone)) {
    throw new ConnectorError(
      "config",
      `the offer's platform timezone is ${offer.platformTimezone}: set Everflow's timezone id for it in API Setup (67 = UTC)`,
    );
  }
  const currency = (offer.config.currencyId ?? offer.accountCurrency ?? "USD").toUpperCase();
  if (!isCurrency(currency)) throw new ConnectorError("config", "Everflow currencyId must be a 3-letter currency code");
  const offerFilter = offer.config.offerId;
  return {
    url: u.toString(),
    apiKey,
    timezoneId: timezoneId ?? EVERFLOW_UTC,
    currency,
    clickColumn: offer.config.clickIdColumn ?? "sub1",
    conversionField: target(offer, "conversionField", "ftdCount"),
    eventField: target(offer, "eventField", "registrations"),
    filters: offerFilter ? [{ resource_type: "offer", filter_id_value: offerFilter }] : [],
  };
}

export function everflowWindows(from: string, to: string): DateWindow[] {
  return splitWindows(from, to, MAX_DAYS, false);
}

/** Halves of a window, for answers cut at the row cap; null for a single day. */
export function halves(w: DateWindow): [DateWindow, DateWindow] | null {
  const days = daysBetween(w.from, w.to) + 1;
  if (days <= 1) return null;
  const mid = addDays(w.from, Math.floor(days / 2) - 1);
  return [
    { from: w.from, to: mid },
    { from: addDays(mid, 1), to: w.to },
  ];
}

const columnSchema = z.object({
  column_type: z.string(),
  id: z.union([z.string(), z.number()]).nullish(),
  label: z.union([z.string(), z.number()]).nullish(),
});
const tableSchema = z.object({
  table: z.array(z.object({ columns: z.array(columnSchema), reporting: z.record(z.string(), z.unknown()) })).nullable(),
  incomplete_results: z.boolean().optional(),
});
const reportingSchema = z.looseObject({
  imp: zCount.optional(),
  total_click: zCount.optional(),
  unique_click: zCount.optional(),
  cv: zCount.optional(),
  event: zCount.optional(),
  revenue: zMoney.optional(),
});

/** The day of a date column: its label when it is a date, else the Unix timestamp in `id`. */
function dayOf(col: z.output<typeof columnSchema>, timeZone: string): string | null {
  if (typeof col.label === "string" && /^\d{4}-\d{2}-\d{2}/.test(col.label)) return col.label.slice(0, 10);
  const n = typeof col.id === "number" ? col.id : typeof col.id === "string" && /^\d+$/.test(col.id) ? Number(col.id) : Number.NaN;
  if (!Number.isFinite(n)) return typeof col.id === "string" && /^\d{4}-\d{2}-\d{2}/.test(col.id) ? col.id.slice(0, 10) : null;
  const ms = n > 1e11 ? n : n * 1000;
  // Day stamps are midnight UTC of the calendar day; other instants are read in the platform zone.
  return ms % 86_400_000 === 0 ? new Date(ms).toISOString().slice(0, 10) : todayIn(timeZone, ms);
}

/** Parses one answer: canonical rows and whether Everflow cut it at its row cap. */
export function parseEverflow(
  text: string,
  offer: ConnectorOffer,
  s: Pick<Settings, "currency" | "clickColumn" | "conversionField" | "eventField">,
  window: DateWindow | null,
): { rows: CanonicalRow[]; incomplete: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError("malformed", "Everflow answered with something that is not JSON", 200, null, text);
  }
  if (json && typeof json === "object" && !Array.isArray(json) && !("table" in json)) {
    const o = json as Record<string, unknown>;
    const m = o.Error ?? o.error ?? o.message ?? o.errors;
    if (m !== undefined) throw errorFromText("Everflow", typeof m === "string" ? m : JSON.stringify(m), text);
  }
  const parsed = tableSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError(
      "malformed",
      `unexpected Everflow answer at ${issue?.path.join(".") || "?"}: ${issue?.message}`,
      200,
      null,
      text,
    );
  }
  const byKey = new Map<string, CanonicalRow>();
  for (const [i, entry] of (parsed.data.table ?? []).entries()) {
    const what = `Everflow row ${i + 1}`;
    const dateCol = entry.columns.find((c) => c.column_type === "date");
    const day = dateCol ? dayOf(dateCol, offer.platformTimezone) : null;
    if (!day)
      throw new ConnectorError("malformed", `${what}: no date column value (got ${JSON.stringify(dateCol ?? null)})`, 200, null, text);
    if (window && (day < window.from || day > window.to)) continue;
    const r = parseRow(reportingSchema, entry.reporting, what, text);
    const subIds: Record<string, string> = {};
    for (const c of entry.columns) {
      if (!/^sub\d$/.test(c.column_type)) continue;
      const v = String(c.id ?? c.label ?? "").trim();
      if (v) subIds[c.column_type] = v;
    }
    const row = emptyRow({
      platform: "everflow",
      reportDate: day,
      reportTz: offer.platformTimezone,
      currency: s.currency,
      currencyOrigin: "platform_converted",
    });
    row.subIds = subIds;
    row.clickId = cleanClickId(subIds[s.clickColumn]);
    row.impressions = r.imp ?? null;
    row.clicks = r.total_click ?? null;
    if (s.conversionField !== "none" && r.cv !== undefined) row[s.conversionField] = r.cv;
    if (s.eventField !== "none" && r.event !== undefined) row[s.eventField] = (row[s.eventField] ?? 0) + r.event;
    row.commissionTotalMicros = r.revenue ?? null;
    row.metricSemantics = {
      clicks: "everflow.total_click",
      ...(s.conversionField !== "none" ? { [s.conversionField]: "everflow.cv (base conversions)" } : {}),
      ...(s.eventField !== "none" ? { [s.eventField]: "everflow.event (post-conversion events)" } : {}),
      commission_total: "everflow.revenue (affiliate earnings, in currency_id)",
    };
    row.raw = entry;
    const key = JSON.stringify([day, Object.entries(subIds).sort()]);
    const prev = byKey.get(key);
    if (prev) sumInto(prev, row);
    else byKey.set(key, row);
  }
  return { rows: [...byKey.values()], incomplete: parsed.data.incomplete_results === true };
}

export const everflow: Connector = {
  platform: "everflow",
  honours: ["brand"],
  windows: everflowWindows,
  secretsOf: (offer) => [offer.secrets.apiKey ?? ""].filter(Boolean),
  async pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
    const s = settings(offer);
    const timeout = timeoutOf(offer);
    const rows: CanonicalRow[] = [];
    const raws: string[] = [];
    let status = 200;
    const pending: DateWindow[] = [window];
    while (pending.length > 0) {
      const w = pending.shift() as DateWindow;
      const body = {
        from: w.from,
        to: w.to,
        timezone_id: s.timezoneId,
        currency_id: s.currency,
        columns: [
          { column: "date" },
          ...[...new Set([s.clickColumn, tagDimensionOf("everflow", offer.config)])].map((column) => ({ column })),
        ],
        query: { filters: s.filters },
      };
      const res = await fetchText(
        fetcher,
        s.url,
        {
          method: "POST",
          headers: { "X-Eflow-Api-Key": s.apiKey, "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(body),
        },
        timeout,
      );
      status = res.status;
      const out = parseEverflow(res.text, offer, s, w);
      if (out.incomplete) {
        // Cut at 10,000 rows: ask again in halves (earlier half first) and drop this answer.
        const parts = halves(w);
        if (!parts) {
          throw new ConnectorError(
            "platform_error",
            `Everflow has more than its row cap for ${w.from} alone: narrow the report (offer filter)`,
            res.status,
            null,
            res.text,
          );
        }
        pending.unshift(...parts);
        continue;
      }
      pushRaw(raws, res.text);
      rows.push(...out.rows);
    }
    return { rows, httpStatus: status, raw: raws.join("\n") };
  },
};
