/**
 * Site Report read model: one or two dimensions over a range, both layers per row, each row's day
 * state, compare, sort and pagination. The figures come from report-facts.ts (rollups, or raw rows
 * where rollups cannot answer); this file merges the three fact kinds into rows.
 */

import { and, eq } from "drizzle-orm";
import { type DayState, leastFinal } from "../../shared/day-state";
import type { OfferFreshness } from "../../shared/report-types";
import {
  type CompareMode,
  compareRange,
  isTimeDimension,
  NONE_VALUE,
  REPORT_METRIC_KEYS,
  REPORT_METRICS,
  type ReportDimension,
  type ReportDimValue,
  type ReportMetricValues,
  type ReportRowState,
  type SiteReportQuery,
  type SiteReportResponse,
  type SiteReportRow,
} from "../../shared/site-report";
import { addDays, eachDay } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { campaigns, casinoEntries, offers, siteOffers, sites, trafficSources, workspaces } from "../db/schema";
import { notFound } from "../lib/errors";
import { offerDayContexts } from "./day-states";
import { offerFreshness, scopeFreshness } from "./freshness";
import { RateBook } from "./rate-book";
import { conversionFacts, type FactFilters, type FactQuery, type FactSource, revenueFacts, trackedFacts } from "./report-facts";
import { unassignedPart, unassignedSplit } from "./unassigned-revenue";

export interface SiteReportInput {
  workspaceId: string;
  tz: string;
  from: string;
  to: string;
  /** Any page size: the CSV asks for every row on one page. */
  query: Omit<SiteReportQuery, "pageSize"> & { pageSize: number };
  source: FactSource;
}

/** Figures of one row before derivation, with the (offer, platform day) pairs its operator figures cover. */
interface Acc {
  k1: string;
  k2: string;
  clicks: number;
  uniqueClicks: number;
  conv: Record<string, number>;
  op: Record<"registrations" | "ftds" | "qftds", number | null>;
  money: Record<"depositsMicros" | "ngrMicros" | "commissionMicros", number | null>;
  missingFx: Set<string>;
  hasOperator: boolean;
}

const emptyAcc = (k1: string, k2: string): Acc => ({
  k1,
  k2,
  clicks: 0,
  uniqueClicks: 0,
  conv: {},
  op: { registrations: null, ftds: null, qftds: null },
  money: { depositsMicros: null, ngrMicros: null, commissionMicros: null },
  missingFx: new Set(),
  hasOperator: false,
});

const plus = (a: number | null, b: number) => (a ?? 0) + b;

/** Reads the facts of one range into accumulators keyed by k1|k2. */
async function accumulate(db: DB, fq: FactQuery, currency: string): Promise<Map<string, Acc>> {
  const [tracked, conv, rev] = await Promise.all([trackedFacts(db, fq), conversionFacts(db, fq), revenueFacts(db, fq)]);
  const out = new Map<string, Acc>();
  const get = (k1: string, k2: string) => {
    const key = `${k1}\u0000${k2}`;
    let a = out.get(key);
    if (!a) {
      a = emptyAcc(k1, k2);
      out.set(key, a);
    }
    return a;
  };
  for (const t of tracked) {
    const a = get(t.k1, t.k2);
    a.clicks += t.clicks;
    a.uniqueClicks += t.uniqueClicks;
  }
  for (const c of conv) {
    const a = get(c.k1, c.k2);
    a.conv[c.eventType] = (a.conv[c.eventType] ?? 0) + c.n;
  }
  const rates = await RateBook.load(
    db,
    currency,
    rev.filter((r) => r.currency !== currency).map((r) => ({ day: r.day, currency: r.currency })),
  );
  // Money figures that could not be converted make the row's figure null ("missingFx"), never a partial sum.
  const poisoned = new Map<Acc, Set<string>>();
  for (const r of rev) {
    const a = get(r.k1, r.k2);
    a.hasOperator = true;
    if (r.registrationsN > 0) a.op.registrations = plus(a.op.registrations, r.registrations);
    if (r.ftdsN > 0) a.op.ftds = plus(a.op.ftds, r.ftds);
    if (r.qftdsN > 0) a.op.qftds = plus(a.op.qftds, r.qftds);
    const bad = poisoned.get(a) ?? new Set<string>();
    // Converted at the platform day's rate when read (as Site Overview always did), so a rate that
    // arrives after the pull counts from then on.
    for (const [key, sum, n] of [
      ["depositsMicros", r.depositsMicros, r.depositsN],
      ["ngrMicros", r.ngrMicros, r.ngrN],
      ["commissionMicros", r.commissionMicros, r.commissionN],
    ] as const) {
      if (n === 0) continue;
      const v = rates.convert(sum, r.day, r.currency);
      if (v === null) {
        bad.add(key);
        a.missingFx.add(r.currency);
      } else a.money[key] = plus(a.money[key], v);
    }
    poisoned.set(a, bad);
  }
  for (const [a, bad] of poisoned) for (const k of bad) a.money[k as keyof Acc["money"]] = null;
  return out;
}

/**
 * `unplaced`: the part of the row's commission no click or tag route placed on a site (all-sites reports count it
 * in the commission; null = unknown for a missing rate). EPC leaves it out: no click of the sites earned it.
 */
function metricsOf(a: Acc, unplaced: number | null = 0): ReportMetricValues {
  const commission = a.money.commissionMicros;
  const earned = commission === null || unplaced === null ? null : commission - unplaced;
  return {
    clicks: a.clicks,
    uniqueClicks: a.uniqueClicks,
    registrations: a.conv.registration ?? 0,
    operatorRegistrations: a.op.registrations,
    ftds: a.conv.ftd ?? 0,
    operatorFtds: a.op.ftds,
    qualified: a.conv.qualified ?? 0,
    operatorQftds: a.op.qftds,
    deposits: a.conv.deposit ?? 0,
    depositsMicros: a.money.depositsMicros,
    ngrMicros: a.money.ngrMicros,
    commissionMicros: commission,
    cr: a.clicks > 0 ? (a.conv.ftd ?? 0) / a.clicks : null,
    epcMicros: a.clicks > 0 && earned !== null ? Math.round(earned / a.clicks) : null,
  };
}

/** Adds b into a (for totals); a null figure stays null only if both are. */
function addAcc(a: Acc, b: Acc): void {
  a.clicks += b.clicks;
  a.uniqueClicks += b.uniqueClicks;
  for (const [k, v] of Object.entries(b.conv)) a.conv[k] = (a.conv[k] ?? 0) + v;
  for (const k of ["registrations", "ftds", "qftds"] as const) if (b.op[k] !== null) a.op[k] = plus(a.op[k], b.op[k] as number);
  for (const k of ["depositsMicros", "ngrMicros", "commissionMicros"] as const)
    if (b.money[k] !== null) a.money[k] = plus(a.money[k], b.money[k] as number);
  for (const c of b.missingFx) a.missingFx.add(c);
  a.hasOperator ||= b.hasOperator;
}

function totalOf(accs: Iterable<Acc>): Acc {
  const t = emptyAcc("", "");
  const bad = new Set<string>();
  for (const a of accs) {
    addAcc(t, a);
    // A row whose money could not be converted makes the total's figure unknown too.
    for (const k of ["depositsMicros", "ngrMicros", "commissionMicros"] as const)
      if (a.missingFx.size && a.money[k] === null && a.hasOperator) bad.add(k);
  }
  for (const k of bad) t.money[k as keyof Acc["money"]] = null;
  return t;
}

/** How fresh each layer is, as Site Overview says it: tracked figures as of now; operator figures as of the last successful pull. */
function freshnessOf(offers: OfferFreshness[], now: number): SiteReportResponse["freshness"] {
  const { syncable, lastSyncAt, completeThrough } = scopeFreshness(offers);
  return { asOf: now, lastSyncAt, completeThrough, syncingOffers: syncable.length };
}

/** Bucket of a day for a time dimension (the same expressions as report-facts.ts, in JS). */
function bucketOf(d: "day" | "week" | "month", day: string): string {
  if (d === "day") return day;
  if (d === "month") return day.slice(0, 7);
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

export async function siteReport(db: DB, input: SiteReportInput, now = Date.now()): Promise<SiteReportResponse> {
  const { workspaceId, query: q } = input;
  const siteId = q.siteId && q.siteId !== "all" ? q.siteId : null;
  const [ws, siteRows, campaignRows, offerRows, sourceRows, entryRows] = await Promise.all([
    db.select({ currency: workspaces.reportingCurrency }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.workspaceId, workspaceId)),
    db.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(eq(campaigns.workspaceId, workspaceId)),
    db
      .select({ id: offers.id, name: offers.name, platformTimezone: offers.platformTimezone })
      .from(offers)
      .where(eq(offers.workspaceId, workspaceId)),
    db.select({ id: trafficSources.id, name: trafficSources.name }).from(trafficSources).where(eq(trafficSources.workspaceId, workspaceId)),
    db
      .select({ id: casinoEntries.id, name: casinoEntries.name, offerId: casinoEntries.offerId })
      .from(casinoEntries)
      .where(eq(casinoEntries.workspaceId, workspaceId)),
  ]);
  if (siteId && !siteRows.some((s) => s.id === siteId)) throw notFound("site", "siteId");
  const currency = ws[0]?.currency ?? "EUR";
  const dims = [q.dimension1, ...(q.dimension2 ? [q.dimension2] : [])] as ReportDimension[];
  const filters: FactFilters = {
    siteId,
    placement: siteId === null ? "all" : "placed",
    campaignId: q.campaignId,
    offerId: q.offerId,
    sourceId: q.sourceId,
    casinoEntryId: q.casinoEntryId,
    market: q.market,
    subId: q.subId ? { key: q.subId.slice(0, q.subId.indexOf("=")), value: q.subId.slice(q.subId.indexOf("=") + 1) } : undefined,
  };
  const base = { workspaceId, tz: input.tz, dims, subIdKey: q.subIdKey, filters, source: input.source };
  const cmpRange = compareRange(q.compare as CompareMode, input.from, input.to);
  // The facts, the compare facts and the day-state inputs do not depend on each other: read them at once.
  const siteOfferMapP = siteOfferIds(db, workspaceId);
  const [main, cmp, [{ contexts: ctx, freshness: offerFresh }, siteOfferMap], unassigned] = await Promise.all([
    accumulate(db, { ...base, from: input.from, to: input.to }, currency),
    cmpRange ? accumulate(db, { ...base, ...cmpRange }, currency) : null,
    Promise.all([
      scopeOfferIds(db, workspaceId, siteId, q.offerId).then(async (ids) => {
        const contexts = await offerDayContexts(db, workspaceId, ids, now);
        return { contexts, freshness: await offerFreshness(db, workspaceId, ids, now, contexts) };
      }),
      siteOfferMapP,
    ]),
    // As Site Overview states it: part of an all-sites total, split by row for EPC; beside a one-site total (its offers' rows).
    siteId === null
      ? unassignedSplit(db, { ...base, from: input.from, to: input.to }, currency, true, null)
      : siteOfferMapP.then(async (m) => ({
          part: await unassignedPart(db, { ...base, from: input.from, to: input.to }, currency, false, [...(m.get(siteId) ?? [])]),
          byRow: new Map<string, number | null>(),
        })),
  ]);
  const unplaced = (a: Acc): number | null => unassigned.byRow.get(`${a.k1}\u0000${a.k2}`) ?? 0;
  // The compare range's unplaced commission is not read: an all-sites compare EPC is left empty rather than overstated.
  const compareMetrics = (a: Acc): ReportMetricValues => {
    const m = metricsOf(a);
    return siteId === null ? { ...m, epcMicros: null } : m;
  };
  let unplacedTotal: number | null = 0;
  for (const v of unassigned.byRow.values()) unplacedTotal = unplacedTotal === null || v === null ? null : unplacedTotal + v;

  // Time buckets of the compare range map to the main range's by position.
  const position = (d: "day" | "week" | "month", from: string, to: string) => [...new Set(eachDay(from, to).map((x) => bucketOf(d, x)))];
  const mapCompareKey = (k: string, i: number): string => {
    const d = dims[i];
    if (!d || !cmpRange || !isTimeDimension(d)) return k;
    const idx = position(d, cmpRange.from, cmpRange.to).indexOf(k);
    return position(d, input.from, input.to)[idx] ?? `compare:${k}`;
  };
  const cmpByKey = new Map<string, Acc>();
  if (cmp) for (const a of cmp.values()) cmpByKey.set(`${mapCompareKey(a.k1, 0)}\u0000${mapCompareKey(a.k2, 1)}`, a);

  // Day states: the syncing offers a row covers × the platform days it covers. Each (offer, day)
  // state is computed once, and each row reads the days of its bucket, not the whole range again.
  const syncing = [...ctx.keys()];
  const entryOffer = new Map(entryRows.map((e) => [e.id, e.offerId]));
  const allDays = eachDay(input.from, input.to);
  const states = new Map<string, { counts: DayState[]; earnings: DayState[] }>();
  for (const o of syncing) {
    const c = ctx.get(o);
    const counts: DayState[] = [];
    const earnings: DayState[] = [];
    for (const day of allDays) {
      const st = c?.status(day);
      counts.push(st ? st.families.activity : "not_reported");
      earnings.push(st ? st.families.earnings : "not_reported");
    }
    states.set(o, { counts, earnings });
  }
  // Day indexes per bucket of each time dimension in the query.
  const bucketDays = new Map<string, Map<string, number[]>>();
  for (const d of dims)
    if (isTimeDimension(d) && !bucketDays.has(d)) {
      const m = new Map<string, number[]>();
      allDays.forEach((day, i) => {
        const b = bucketOf(d, day);
        const list = m.get(b);
        if (list) list.push(i);
        else m.set(b, [i]);
      });
      bucketDays.set(d, m);
    }
  const stateOver = (offerIds: string[], dayIdx: number[]): ReportRowState | null => {
    if (offerIds.length === 0 || dayIdx.length === 0) return null;
    const counts: DayState[] = [];
    const earnings: DayState[] = [];
    const open = new Set<number>();
    for (const o of offerIds) {
      const s = states.get(o);
      for (const i of dayIdx) {
        const c = s?.counts[i] ?? "not_reported";
        const e = s?.earnings[i] ?? "not_reported";
        counts.push(c);
        earnings.push(e);
        if (c !== "settled" || e !== "settled") open.add(i);
      }
    }
    const openDays = [...open].sort((a, b) => a - b).map((i) => allDays[i] as string);
    return {
      counts: leastFinal(counts),
      earnings: leastFinal(earnings),
      openDays: openDays.slice(0, 31),
      more: Math.max(0, openDays.length - 31),
    };
  };
  const allIdx = allDays.map((_, i) => i);
  const rowState = (k: [string, string]): ReportRowState | null => {
    let dayIdx = allIdx;
    let offerIds = syncing;
    dims.forEach((d, i) => {
      const v = k[i] as string;
      if (isTimeDimension(d)) {
        const mine = new Set(bucketDays.get(d)?.get(v) ?? []);
        dayIdx = dayIdx.filter((x) => mine.has(x));
      } else if (d === "offer") offerIds = offerIds.filter((o) => o === v);
      else if (d === "casinoEntry") offerIds = offerIds.filter((o) => o === entryOffer.get(v));
      else if (d === "site") offerIds = offerIds.filter((o) => siteOfferMap.get(v)?.has(o));
    });
    return stateOver(offerIds, dayIdx);
  };

  // A time row mixes day bases only when an offer its operator figures may come from keeps its days in
  // another timezone than the report's. Narrowed by the offer and casino-entry dimensions and filters;
  // otherwise every offer of the workspace counts (a false "mixed" is safer than a missing one).
  const zoneOf = new Map(offerRows.map((o) => [o.id, o.platformTimezone]));
  const otherBasis = (k: [string, string]): boolean => {
    let ids = [...zoneOf.keys()];
    if (q.offerId?.length) ids = ids.filter((o) => q.offerId?.includes(o));
    if (q.casinoEntryId?.length) {
      const held = new Set(q.casinoEntryId.map((e) => entryOffer.get(e)));
      ids = ids.filter((o) => held.has(o));
    }
    dims.forEach((d, i) => {
      if (d === "offer") ids = ids.filter((o) => o === k[i]);
      else if (d === "casinoEntry") ids = ids.filter((o) => o === entryOffer.get(k[i] as string));
    });
    return ids.some((o) => zoneOf.get(o) !== input.tz);
  };

  const names: Partial<Record<ReportDimension, Map<string, string>>> = {
    site: new Map(siteRows.map((s) => [s.id, s.name])),
    campaign: new Map(campaignRows.map((s) => [s.id, s.name])),
    offer: new Map(offerRows.map((s) => [s.id, s.name])),
    source: new Map(sourceRows.map((s) => [s.id, s.name])),
    casinoEntry: new Map(entryRows.map((s) => [s.id, s.name])),
  };
  const label = (d: ReportDimension, v: string): ReportDimValue => {
    if (v === NONE_VALUE) return { value: v, label: d === "site" ? "(not on a site)" : "(none)" };
    if (d === "week") return { value: v, label: `Week of ${v}` };
    return { value: v, label: names[d]?.get(v) ?? v };
  };

  const rows: SiteReportRow[] = [...main.values()].map((a) => {
    const c = cmpByKey.get(`${a.k1}\u0000${a.k2}`);
    return {
      dimension1: label(q.dimension1, a.k1),
      dimension2: q.dimension2 ? label(q.dimension2, a.k2) : null,
      metrics: metricsOf(a, unplaced(a)),
      compare: cmp ? (c ? compareMetrics(c) : null) : null,
      state: rowState([a.k1, a.k2]),
      mixedBases: dims.some(isTimeDimension) && a.hasOperator && otherBasis([a.k1, a.k2]),
      missingFx: [...a.missingFx].sort(),
    };
  });
  sortRows(rows, q.sort, q.dir, dims);
  const total = totalOf(main.values());
  const totalRows = rows.length;
  const totalPages = Math.max(1, Math.ceil(totalRows / q.pageSize));
  return {
    query: {
      from: input.from,
      to: input.to,
      preset: q.preset ?? null,
      siteId,
      dimension1: q.dimension1,
      dimension2: q.dimension2 ?? null,
      subIdKey: q.subIdKey,
      sort: q.sort,
      dir: q.dir,
      compare: q.compare,
    },
    timezone: input.tz,
    currency,
    compareRange: cmpRange,
    dayBasis: {
      tracked: `days in ${input.tz}`,
      operator: "each offer's platform day (revenue is never shifted into another timezone)",
    },
    columns: REPORT_METRIC_KEYS.map((key) => ({
      metric: key,
      label: REPORT_METRICS[key].label,
      layer: REPORT_METRICS[key].layer,
      kind: REPORT_METRICS[key].kind,
    })),
    rows: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
    totals: {
      metrics: metricsOf(total, unplacedTotal),
      compare: cmp ? compareMetrics(totalOf(cmp.values())) : null,
      state: totalState(),
      missingFx: [...total.missingFx].sort(),
      unassigned: unassigned.part,
    },
    pagination: { page: q.page, pageSize: q.pageSize, totalRows, totalPages },
    source: input.source,
    freshness: freshnessOf(offerFresh, now),
  };

  function totalState(): ReportRowState | null {
    if (syncing.length === 0) return null;
    return stateOver(syncing, allIdx);
  }
}

/** Sorts in place: dimension columns by value (time) or label; metrics with nulls last in either direction. */
function sortRows(rows: SiteReportRow[], sort: SiteReportQuery["sort"], dir: "asc" | "desc", dims: ReportDimension[]): void {
  const sign = dir === "asc" ? 1 : -1;
  const dimKey = (r: SiteReportRow, i: 0 | 1) => {
    const v = i === 0 ? r.dimension1 : r.dimension2;
    const d = dims[i];
    if (!v || !d) return "";
    return isTimeDimension(d) ? v.value : v.label.toLowerCase();
  };
  const tie = (a: SiteReportRow, b: SiteReportRow) => {
    const x = dimKey(a, 0).localeCompare(dimKey(b, 0)) || dimKey(a, 1).localeCompare(dimKey(b, 1));
    return (
      x || a.dimension1.value.localeCompare(b.dimension1.value) || (a.dimension2?.value ?? "").localeCompare(b.dimension2?.value ?? "")
    );
  };
  rows.sort((a, b) => {
    if (sort === "dimension1" || sort === "dimension2") {
      const i = sort === "dimension1" ? 0 : 1;
      const primary = dimKey(a, i).localeCompare(dimKey(b, i));
      return primary ? sign * primary : sign * tie(a, b);
    }
    const x = a.metrics[sort];
    const y = b.metrics[sort];
    if (x === null && y === null) return tie(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return x !== y ? sign * (x - y) : tie(a, b);
  });
}

/** Offers whose day states matter: of the site (or all sites), narrowed by the offer filter. */
async function scopeOfferIds(db: DB, workspaceId: string, siteId: string | null, offerFilter: string[] | undefined): Promise<string[]> {
  const rows = await db
    .select({ offerId: siteOffers.offerId })
    .from(siteOffers)
    .innerJoin(sites, eq(sites.id, siteOffers.siteId))
    .where(and(eq(sites.workspaceId, workspaceId), siteId ? eq(siteOffers.siteId, siteId) : undefined));
  let ids = [...new Set(rows.map((r) => r.offerId))];
  if (offerFilter?.length) ids = ids.filter((i) => offerFilter.includes(i));
  if (ids.length === 0) return [];
  // Only offers that sync revenue have day states (no connector / no setup = nothing to be final about).
  const syncingRows = await db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.workspaceId, workspaceId), inList(offers.id, ids), eq(offers.syncEnabled, true)));
  return syncingRows.map((r) => r.id);
}

async function siteOfferIds(db: DB, workspaceId: string): Promise<Map<string, Set<string>>> {
  const rows = await db
    .select({ siteId: siteOffers.siteId, offerId: siteOffers.offerId })
    .from(siteOffers)
    .innerJoin(sites, eq(sites.id, siteOffers.siteId))
    .where(eq(sites.workspaceId, workspaceId));
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = out.get(r.siteId) ?? new Set<string>();
    s.add(r.offerId);
    out.set(r.siteId, s);
  }
  return out;
}
