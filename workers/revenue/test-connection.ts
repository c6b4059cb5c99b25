/**
 * "Test connection": pulls a small recent window with the offer's connector and reports what a
 * sync would import, without storing anything. Errors are mapped to one sentence a user can act on;
 * whatever the platform answered is shown redacted and truncated.
 */
import { type MetricColumns, mergeMetricColumns } from "../../shared/metric-columns";
import { formatMicros } from "../../shared/money";
import type { PreviewRow, TestConnectionError, TestConnectionErrorKind, TestConnectionResult } from "../../shared/report-types";
import type { TagSummary } from "../../shared/revenue-tags";
import { tagDimensionOf } from "../../shared/revenue-tags";
import { addDays, localDate } from "../../shared/time";
import { redact, userinfoSecrets } from "../lib/secrets";
import type { CanonicalRow } from "./canonical";
import { parseConnectorOffer, type RawConnectorOffer, redactionOffer } from "./connector-offer";
import { connectorFor } from "./connectors";
import { ConnectorError, type ConnectorErrorKind, type ConnectorOffer } from "./connectors/types";
import { columnsFromRows } from "./metric-columns";
import { pullWindow } from "./pipeline";
import { type Attribution, type PreviewRouting, placeRow, type RouteTarget } from "./tags";

/** Days pulled by a test (today and the two days before, platform timezone). */
export const TEST_DAYS = 3;
const PREVIEW_ROWS = 10;
const RAW_EXCERPT = 2000;

export function testWindow(now: number, timeZone: string): { from: string; to: string } {
  const to = localDate(now, timeZone);
  return { from: addDays(to, -(TEST_DAYS - 1)), to };
}

/** Every string to keep out of what we show: secret values, and what the connector says is secret inside them. */
export function secretsToRedact(offer: ConnectorOffer): string[] {
  const connector = connectorFor(offer.platform);
  const list = Object.values(offer.secrets);
  // Credentials in a URL's userinfo are secrets wherever the URL was pasted (a secret or the config).
  for (const v of [...list, ...Object.values(offer.config)]) if (typeof v === "string") list.push(...userinfoSecrets(v));
  try {
    if (connector) list.push(...connector.secretsOf(offer));
  } catch {
    // a malformed URL has no inner secrets to add
  }
  return list.filter((s) => s.length > 0);
}

export async function testConnection(
  raw: RawConnectorOffer,
  fetcher: typeof fetch = fetch,
  now = Date.now(),
  routing: PreviewRouting | null = null,
): Promise<TestConnectionResult> {
  const started = Date.now();
  const window = testWindow(now, raw.platformTimezone);
  const timezone = raw.platformTimezone;
  const secrets = secretsToRedact(redactionOffer(raw));
  const connector = connectorFor(raw.platform);
  if (!connector) {
    return {
      ok: false,
      window,
      timezone,
      durationMs: 0,
      error: {
        kind: "no_connector",
        title: "No connector for this platform yet",
        message: `CasinoFlux cannot pull ${raw.platform} reports yet`,
        hint: "The API Setup is saved and will be used as soon as the connector ships; postbacks work meanwhile.",
        httpStatus: null,
        retryAfterSeconds: null,
        raw: null,
      },
    };
  }
  let offer: ConnectorOffer;
  try {
    offer = parseConnectorOffer(raw);
  } catch (err) {
    return { ok: false, window, timezone, durationMs: Date.now() - started, error: describeError(err, secrets) };
  }
  const rows: CanonicalRow[] = [];
  let httpStatus: number | null = null;
  let columns: MetricColumns | null = null;
  try {
    for (const w of connector.windows(window.from, window.to)) {
      const res = await pullWindow(connector, offer, w, fetcher);
      httpStatus = res.httpStatus;
      rows.push(...res.rows);
      columns = mergeMetricColumns(columns, res.columns);
    }
  } catch (err) {
    return { ok: false, window, timezone, durationMs: Date.now() - started, error: describeError(err, secrets) };
  }
  rows.sort((a, b) => (a.reportDate < b.reportDate ? 1 : a.reportDate > b.reportDate ? -1 : 0));
  const dates = rows.map((r) => r.reportDate).sort();
  const commission = new Map<string, number>();
  for (const r of rows)
    if (r.commissionTotalMicros !== null) commission.set(r.currency, (commission.get(r.currency) ?? 0) + r.commissionTotalMicros);
  const sum = (pick: (r: CanonicalRow) => number | null) => rows.reduce((a, r) => a + (pick(r) ?? 0), 0);
  const attribution = routing?.attribution ?? { dimension: tagDimensionOf(offer.platform, offer.config), routes: new Map() };
  const clickSites = routing ? await routing.clickSites(rows.map((r) => r.clickId).filter((c): c is string => !!c)) : new Map();
  return {
    ok: true,
    window,
    timezone,
    rowCount: rows.length,
    currencies: [...new Set(rows.map((r) => r.currency))].sort(),
    dateRange: dates.length ? { first: dates[0] ?? window.from, last: dates[dates.length - 1] ?? window.to } : null,
    rows: rows.slice(0, PREVIEW_ROWS).map((r) => previewRow(r, secrets)),
    totals: {
      clicks: sum((r) => r.clicks),
      registrations: sum((r) => r.registrations),
      ftds: sum((r) => r.ftdCount),
      commission: [...commission].map(([currency, micros]) => ({ amount: formatMicros(micros), currency })),
    },
    tagDimension: attribution.dimension,
    tags: tagSummaries(rows, attribution, clickSites, routing?.siteNames ?? new Map(), secrets),
    columns: columnsFromRows(rows, columns),
    httpStatus,
    note:
      rows.length === 0
        ? `The platform accepted the request but reported no rows for this offer between ${window.from} and ${window.to}. ` +
          "If the deal has traffic, check the campaign tag and brand id: rows of other deals on the account are skipped."
        : mixedBrandsNote(rows),
    durationMs: Date.now() - started,
  };
}

/**
 * One offer is one brand: rows of several brands mean the setup reads the whole account, and a sync
 * would book the other brands' revenue on this offer. Said before saving, as the settings allow it.
 */
function mixedBrandsNote(rows: CanonicalRow[]): string | null {
  const brands = [...new Set(rows.map((r) => r.brandNameRaw ?? r.brandExtId).filter((b): b is string => !!b))].sort();
  if (brands.length < 2) return null;
  return (
    `These rows are of ${brands.length} brands (${brands.join(", ")}): a sync would import all of them into this one offer. ` +
    "Set the campaign tag or the brand id so only this deal's rows are imported."
  );
}

const money = (m: number | null) => (m === null ? null : formatMicros(m));

/** Per tag value found in the preview: its rows, totals and where they would go (click id → route → unassigned). */
function tagSummaries(
  rows: CanonicalRow[],
  attribution: Attribution,
  clickSites: Map<string, RouteTarget>,
  siteNames: Map<string, string>,
  secrets: string[],
): TagSummary[] {
  const out = new Map<string, TagSummary & { micros: Map<string, number> }>();
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
  for (const r of rows) {
    const p = placeRow(r, r.clickId ? clickSites.get(r.clickId) : undefined, attribution);
    const key = JSON.stringify([p.tagValue, p.siteId, p.placement]);
    const t = out.get(key) ?? {
      dimension: p.tagDimension,
      value: p.tagValue === null ? null : redact(p.tagValue, secrets),
      rows: 0,
      clicks: null,
      registrations: null,
      ftds: null,
      commission: [],
      siteId: p.siteId,
      siteName: p.siteId ? (siteNames.get(p.siteId) ?? null) : null,
      placement: p.placement,
      micros: new Map<string, number>(),
    };
    t.rows++;
    t.clicks = add(t.clicks, r.clicks);
    t.registrations = add(t.registrations, r.registrations);
    t.ftds = add(t.ftds, r.ftdCount);
    if (r.commissionTotalMicros !== null) t.micros.set(r.currency, (t.micros.get(r.currency) ?? 0) + r.commissionTotalMicros);
    out.set(key, t);
  }
  return [...out.values()]
    .map(({ micros, ...t }) => ({ ...t, commission: [...micros].map(([currency, m]) => ({ amount: formatMicros(m), currency })) }))
    .sort((a, b) => (a.value ?? "").localeCompare(b.value ?? ""));
}

function previewRow(r: CanonicalRow, secrets: string[]): PreviewRow {
  const clean = (s: string | null) => (s === null ? null : redact(s, secrets));
  return {
    reportDate: r.reportDate,
    brand: clean(r.brandNameRaw ?? r.brandExtId),
    campaign: clean(r.campaignNameRaw ? `${r.campaignNameRaw}${r.campaignExtId ? ` (${r.campaignExtId})` : ""}` : r.campaignExtId),
    clickId: clean(r.clickId),
    country: r.country,
    clicks: r.clicks,
    registrations: r.registrations,
    ftds: r.ftdCount,
    qualified: r.qftdCount,
    depositingPlayers: r.depositingPlayers,
    deposits: money(r.depositsMicros),
    ftdAmount: money(r.ftdAmountMicros),
    ngr: money(r.ngrMicros),
    commission: money(r.commissionTotalMicros),
    commissionCpa: money(r.commissionCpaMicros),
    commissionRevshare: money(r.commissionRevshareMicros),
    currency: r.currency,
  };
}

const TITLES: Record<TestConnectionErrorKind, { title: string; hint: string }> = {
  auth: {
    title: "The platform refused the credentials",
    hint: "Copy the URL or key again from the platform (a newly generated key invalidates the old one) and save it.",
  },
  ip_not_allowed: {
    title: "The platform does not accept requests from our IP address",
    hint: "Ask the program (or use its API page) to whitelist CasinoFlux's egress IPs, then test again.",
  },
  rate_limited: {
    title: "The platform asked us to slow down",
    hint: "Wait a minute and test again; scheduled syncs back off automatically.",
  },
  server: {
    title: "The platform had an error",
    hint: "This is on the platform's side. Scheduled syncs retry with backoff; test again later.",
  },
  timeout: {
    title: "The platform did not answer in time",
    hint: "The platform may be slow right now. Test again later, or raise the request timeout under Advanced.",
  },
  malformed: {
    title: "The platform answered with something we could not read",
    hint: "Check that the URL is the report export (JSON/CSV) link, not a page of the affiliate dashboard.",
  },
  missing_columns: {
    title: "The report is missing columns we need",
    hint: "Select every column listed in the setup help when building the report, then copy the URL again.",
  },
  no_date_params: {
    title: "The URL has no date parameters",
    hint: "Set a custom date range on the platform before copying the link, so the dates can be replaced on each pull.",
  },
  config: {
    title: "The API Setup is not usable",
    hint: "Check the API Setup values against the help text for this platform.",
  },
  platform_error: {
    title: "The platform reported an error",
    hint: "Read the platform's message below; it usually names the setting to fix.",
  },
  no_connector: { title: "No connector for this platform yet", hint: "" },
  setup_incomplete: { title: "The API Setup is incomplete", hint: "Fill in the fields marked required." },
};

/** ConnectorError → what the user sees. Kinds the connectors may add later fall back on the message. */
export function describeError(err: unknown, secrets: string[]): TestConnectionError {
  if (!(err instanceof ConnectorError)) {
    return {
      kind: "malformed",
      ...TITLES.malformed,
      message: redact(String((err as Error)?.message ?? err), secrets),
      httpStatus: null,
      retryAfterSeconds: null,
      raw: null,
    };
  }
  const raw = err.raw ? redact(err.raw, secrets).slice(0, RAW_EXCERPT) : null;
  const kind = classify(err.kind, raw ?? "");
  return {
    kind,
    ...TITLES[kind],
    message: redact(err.message, secrets),
    httpStatus: err.httpStatus,
    retryAfterSeconds: err.retryAfterSeconds,
    raw,
  };
}

/**
 * Connectors name the cases a user can fix (IP allowlist, missing columns, no date range) with their
 * own kinds. An unknown or generic platform may still say "IP not whitelisted" only in its answer's
 * text: that is recognised here so the user gets the same advice.
 */
function classify(connectorKind: ConnectorErrorKind, raw: string): TestConnectionErrorKind {
  const ipRefusal = /\bIP\b.*(not (allowed|authenticated|whitelisted)|whitelist|allowlist)|whitelist/i;
  if ((connectorKind === "auth" || connectorKind === "platform_error") && ipRefusal.test(raw)) return "ip_not_allowed";
  return connectorKind;
}
