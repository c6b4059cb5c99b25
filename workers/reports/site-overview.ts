import { and, eq } from "drizzle-orm";
import { leastFinal } from "../../shared/day-state";
import type { OverviewCompareTotals, OverviewDay, OverviewTopItem, SiteOverviewResponse } from "../../shared/report-types";
import { type CompareMode, compareRange, NONE_VALUE, type ReportDimension } from "../../shared/site-report";
import { eachDay } from "../../shared/time";
import type { DB } from "../db/client";
import { campaigns, offers, siteOffers, sites, trafficSources, workspaces } from "../db/schema";
import { notFound } from "../lib/errors";
import { offerDayContexts } from "./day-states";
import { offerFreshness, scopeFreshness } from "./freshness";
import { RateBook } from "./rate-book";
import {
  type ConversionFact,
  conversionFacts,
  countOf,
  type FactQuery,
  type FactSource,
  type RevenueFactOf,
  revenueFacts,
  type TrackedFact,
  trackedFacts,
} from "./report-facts";
import { unassignedByOffer, unassignedPart } from "./unassigned-revenue";

export interface OverviewQuery {
  workspaceId: string;
  /** null = every site of the workspace. */
  siteId: string | null;
  /** The member's reporting timezone: tracked figures are bucketed in it. */
  tz: string;
  from: string;
  to: string;
  campaignId?: string | undefined;
  compare?: CompareMode | undefined;
  source: FactSource;
}

/**
 * Site Overview: the real-time layer (clicks, postback conversions; seconds old, on the member's
 * days) beside the delayed revenue layer (platform reports, on each platform's own day) for one site
 * or all. Per-source queries (report-facts.ts, reading rollups) and one merge here. Each day carries
 * its state (not yet reported / provisional / settled) instead of an unexplained drop.
 */
export async function siteOverview(db: DB, q: OverviewQuery, now = Date.now()): Promise<SiteOverviewResponse> {
  const fq = (from: string, to: string, dims: ReportDimension[]): FactQuery => ({
    workspaceId: q.workspaceId,
    tz: q.tz,
    from,
    to,
    dims,
    subIdKey: "sub1",
    // All sites = every revenue row, the unassigned ones included (and stated as a part); one site = its own rows.
    filters: { siteId: q.siteId, placement: q.siteId === null ? "all" : "placed", campaignId: q.campaignId ? [q.campaignId] : undefined },
    source: q.source,
  });
  // Every independent read at once (D1 round trips overlap). The facts need no scope, so they do
  // not wait for it (an unknown site is refused once all are in); day contexts are loaded once and
  // shared with freshness ("complete through") instead of twice.
  const scopeP = scope(db, q);
  const dayContextsP = scopeP.then((ctx) => offerDayContexts(db, q.workspaceId, ctx.offerIds, now));
  const [ctx, facts, dayContexts, freshness, unassignedRows, unassignedTotal] = await Promise.all([
    scopeP,
    overviewFacts(db, fq(q.from, q.to, ["day", "campaign", "offer"])),
    dayContextsP,
    Promise.all([scopeP, dayContextsP]).then(([ctx, dc]) => offerFreshness(db, q.workspaceId, ctx.offerIds, now, dc)),
    scopeP.then((ctx) => unassignedByOffer(db, q.workspaceId, ctx.offerIds, q.siteId === null, q.from, q.to, ctx.names.offer)),
    scopeP.then((ctx) =>
      unassignedPart(db, fq(q.from, q.to, []), ctx.currency, q.siteId === null, q.siteId === null ? null : ctx.offerIds),
    ),
  ]);
  // The series and the top lists regroup the same day × campaign × offer facts (one read per table).
  const conv = keepNonZero(facts.conv, (c) => c.k1);
  const rev = revenueByDay(facts.rev);
  const series = mergeDays(q, facts.tracked, conv);
  const deposits = depositAmounts(conv);
  const tops: TopFacts = {
    tracked: facts.tracked,
    conv: keepNonZero(facts.conv, (c) => `${c.k2}\u0000${c.k3}`),
    // In the order a campaign × offer query returns them (an item's missing currencies are listed in it).
    rev: sortedBy(facts.rev, (r) => [r.k2, r.k3, r.day, r.currency]),
  };
  // One rate query for the range: the top lists convert the same (day, currency) pairs.
  const rates = await ratesFor(db, ctx.currency, rev);
  const revenue = mergeRevenue(rates, series, rev);

  const { syncable, lastSyncAt, completeThrough } = scopeFreshness(freshness);
  for (const d of series) {
    // A day is only as final as its least final offer; each figure follows its metric family.
    const statuses = syncable.flatMap((f) => {
      const st = dayContexts.get(f.offerId)?.status(d.day);
      return st ? [{ offer: f.offerName, st }] : [];
    });
    d.dayState = statuses.length ? leastFinal(statuses.map((x) => x.st.state)) : "not_reported";
    d.countsState = statuses.length ? leastFinal(statuses.map((x) => x.st.families.activity)) : "not_reported";
    d.earningsState = statuses.length ? leastFinal(statuses.map((x) => x.st.families.earnings)) : "not_reported";
    d.stateNote = statuses.length
      ? statuses
          .filter((x) => x.st.reason)
          .map((x) => `${x.offer}: ${x.st.reason}`)
          .join("; ") || null
      : "no offer of this site syncs revenue";
    d.revenueComplete = d.dayState === "settled";
  }

  const totals = totalsOf(series);
  // The unassigned commission counted in an all-sites total (null: unknown for a missing rate).
  const unplaced = !unassignedTotal.inTotal ? 0 : unassignedTotal.missingFx.length ? null : (unassignedTotal.commissionMicros ?? 0);
  const cmp = q.compare && q.compare !== "none" ? compareRange(q.compare, q.from, q.to) : null;
  return {
    site: ctx.site,
    scope: { allSites: q.siteId === null, sites: ctx.sites },
    range: { from: q.from, to: q.to, timezone: q.tz },
    compare:
      cmp && q.compare && q.compare !== "none"
        ? {
            mode: q.compare,
            ...cmp,
            totals: await compareTotals(db, ctx.currency, fq(cmp.from, cmp.to, ["day"]), cmp).then((t) =>
              // Its unassigned part is not read: an all-sites EPC is left empty rather than overstated.
              q.siteId === null ? { ...t, epcMicros: null } : t,
            ),
          }
        : null,
    dayBasis: {
      tracked: `days in ${q.tz}`,
      operator: "each offer's platform day (revenue is never shifted into another timezone)",
      // Both bases only when some revenue is shown and an offer of the scope dates it in another timezone.
      mixed:
        series.some((d) => d.revenueMicros !== null || d.platformFtds !== null || d.platformRegistrations !== null) &&
        [...dayContexts.values()].some((o) => o.input.timeZone !== q.tz),
    },
    top: {
      offers: top(rates, tops, (_campaign, offer) => offer, ctx.names.offer),
      campaigns: top(rates, tops, (campaign) => campaign, ctx.names.campaign),
      // A campaign's traffic source, as report-facts.ts's "source" dimension reads it.
      sources: top(
        rates,
        tops,
        (campaign) => (campaign === NONE_VALUE ? campaign : ctx.campaignSource.get(campaign) || NONE_VALUE),
        ctx.names.source,
      ),
    },
    reportingCurrency: ctx.currency,
    totals: {
      clicks: totals.clicks,
      uniqueClicks: totals.uniqueClicks,
      registrations: totals.registrations,
      ftds: totals.ftds,
      qualified: totals.qualified,
      deposits: { count: totals.deposits, amounts: deposits },
      // No revenue row with a commission on any day of the scope is "not reported", not EUR 0.00 (as compareTotals).
      revenue: {
        // Without a rate for every amount the total would be partial: null, with the amounts per currency (as the Site Report).
        micros: revenue.reported && !revenue.missingFx.length ? revenue.micros : null,
        currency: ctx.currency,
        byCurrency: revenue.byCurrency,
        missingFx: revenue.missingFx,
        unassigned: unassignedTotal,
      },
      /**
       * Earnings per click = revenue / clicks (reporting currency micros); null without clicks or without revenue.
       * The unassigned part of an all-sites total is left out: no click of the sites earned it.
       */
      epcMicros:
        totals.clicks > 0 && revenue.reported && !revenue.missingFx.length && unplaced !== null
          ? Math.round((revenue.micros - unplaced) / totals.clicks)
          : null,
      platformRegistrations: totals.platformRegistrations,
      platformFtds: totals.platformFtds,
      // A total is only as final as its least final day.
      countsState: leastFinal(series.map((d) => d.countsState)),
      earningsState: leastFinal(series.map((d) => d.earningsState)),
    },
    series,
    freshness: {
      realtime: { asOf: now, note: "clicks and postbacks reach reports within seconds" },
      revenue: {
        completeThrough,
        lastSyncAt,
        incompleteDays: series.filter((d) => d.dayState !== "settled").map((d) => d.day),
        notReportedDays: series.filter((d) => d.dayState === "not_reported").map((d) => d.day),
        provisionalDays: series.filter((d) => d.dayState === "provisional").map((d) => d.day),
        offers: freshness,
        unassigned: unassignedRows,
      },
    },
  };
}

interface Scope {
  site: SiteOverviewResponse["site"];
  sites: { id: string; name: string }[];
  offerIds: string[];
  currency: string;
  names: { offer: Map<string, string>; campaign: Map<string, string>; source: Map<string, string> };
  /** Campaign id → its traffic source id (null: none). */
  campaignSource: Map<string, string | null>;
}

async function scope(db: DB, q: OverviewQuery): Promise<Scope> {
  // One round of concurrent reads; an unknown site is refused once they are in.
  const [siteRows, ws, links, offerRows, campaignRows, sourceRows] = await Promise.all([
    db
      .select({ id: sites.id, name: sites.name, timezone: sites.timezone, market: sites.market, archivedAt: sites.archivedAt })
      .from(sites)
      .where(eq(sites.workspaceId, q.workspaceId)),
    db.select({ currency: workspaces.reportingCurrency }).from(workspaces).where(eq(workspaces.id, q.workspaceId)),
    db
      .select({ offerId: siteOffers.offerId })
      .from(siteOffers)
      .innerJoin(sites, eq(sites.id, siteOffers.siteId))
      .where(and(eq(sites.workspaceId, q.workspaceId), q.siteId ? eq(siteOffers.siteId, q.siteId) : undefined)),
    db.select({ id: offers.id, name: offers.name }).from(offers).where(eq(offers.workspaceId, q.workspaceId)),
    db
      .select({ id: campaigns.id, name: campaigns.name, sourceId: campaigns.trafficSourceId })
      .from(campaigns)
      .where(eq(campaigns.workspaceId, q.workspaceId)),
    db
      .select({ id: trafficSources.id, name: trafficSources.name })
      .from(trafficSources)
      .where(eq(trafficSources.workspaceId, q.workspaceId)),
  ]);
  const site = q.siteId ? siteRows.find((s) => s.id === q.siteId) : null;
  if (q.siteId && !site) throw notFound("site");
  return {
    site: site ? { id: site.id, name: site.name, timezone: site.timezone, market: site.market } : null,
    sites: (site ? [site] : siteRows.filter((s) => s.archivedAt === null)).map((s) => ({ id: s.id, name: s.name })),
    offerIds: [...new Set(links.map((l) => l.offerId))],
    currency: ws[0]?.currency ?? "EUR",
    names: {
      offer: new Map(offerRows.map((o) => [o.id, o.name])),
      campaign: new Map(campaignRows.map((o) => [o.id, o.name])),
      source: new Map(sourceRows.map((o) => [o.id, o.name])),
    },
    campaignSource: new Map(campaignRows.map((c) => [c.id, c.sourceId])),
  };
}

function mergeDays(q: OverviewQuery, tracked: TrackedFact[], conv: ConversionFact[]): OverviewDay[] {
  const days = new Map<string, OverviewDay>(
    eachDay(q.from, q.to).map((day) => [
      day,
      {
        day,
        clicks: 0,
        uniqueClicks: 0,
        registrations: 0,
        ftds: 0,
        qualified: 0,
        deposits: 0,
        revenueMicros: null,
        platformRegistrations: null,
        platformFtds: null,
        dayState: "not_reported",
        countsState: "not_reported",
        earningsState: "not_reported",
        stateNote: null,
        revenueComplete: false,
      },
    ]),
  );
  for (const t of tracked) {
    const d = days.get(t.k1);
    if (!d) continue;
    d.clicks += t.clicks;
    d.uniqueClicks += t.uniqueClicks;
  }
  for (const c of conv) {
    const d = days.get(c.k1);
    if (!d) continue;
    if (c.eventType === "registration") d.registrations += c.n;
    else if (c.eventType === "ftd") d.ftds += c.n;
    else if (c.eventType === "qualified") d.qualified += c.n;
    else if (c.eventType === "deposit") d.deposits += c.n;
  }
  return [...days.values()];
}

function depositAmounts(conv: ConversionFact[]) {
  const out = new Map<string, number>();
  for (const c of conv)
    if (c.eventType === "deposit" && c.currency && c.amountMicros) out.set(c.currency, (out.get(c.currency) ?? 0) + c.amountMicros);
  return [...out].map(([currency, micros]) => ({ currency, micros }));
}

const ratesFor = (db: DB, currency: string, rev: OverviewRevenue[]) =>
  RateBook.load(
    db,
    currency,
    rev.map((r) => ({ day: r.day, currency: r.currency })),
  );

/** Revenue on its platform day, converted at that day's rate; a missing rate is listed, never 0. */
function mergeRevenue(rates: RateBook, series: OverviewDay[], rev: OverviewRevenue[]) {
  const byDay = new Map(series.map((d) => [d.day, d]));
  const byCurrency = new Map<string, number>();
  const missingFx: { day: string; currency: string }[] = [];
  let micros = 0;
  /** Any converted commission at all: without one the total is "not reported", never 0. */
  let reported = false;
  for (const r of rev) {
    const d = byDay.get(r.day);
    if (!d) continue;
    if (r.registrationsN > 0) d.platformRegistrations = (d.platformRegistrations ?? 0) + r.registrations;
    if (r.ftdsN > 0) d.platformFtds = (d.platformFtds ?? 0) + r.ftds;
    // A row whose report has no commission says nothing about revenue: it is not a zero.
    if (r.commissionN === 0) continue;
    byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + r.commissionMicros);
    const v = rates.convert(r.commissionMicros, r.day, r.currency);
    if (v === null) {
      missingFx.push({ day: r.day, currency: r.currency });
      continue;
    }
    d.revenueMicros = (d.revenueMicros ?? 0) + v;
    micros += v;
    reported = true;
  }
  // A day with an amount that has no rate has no revenue figure, not a partial one.
  for (const m of missingFx) {
    const d = byDay.get(m.day);
    if (d) d.revenueMicros = null;
  }
  return { micros, reported, byCurrency: [...byCurrency].map(([c, m]) => ({ currency: c, micros: m })), missingFx };
}

function totalsOf(series: OverviewDay[]) {
  const sumOf = (k: "clicks" | "uniqueClicks" | "registrations" | "ftds" | "qualified" | "deposits") =>
    series.reduce((a, d) => a + d[k], 0);
  return {
    clicks: sumOf("clicks"),
    uniqueClicks: sumOf("uniqueClicks"),
    registrations: sumOf("registrations"),
    ftds: sumOf("ftds"),
    qualified: sumOf("qualified"),
    deposits: sumOf("deposits"),
    platformRegistrations: series.reduce<number | null>((a, d) => plus(a, d.platformRegistrations), null),
    platformFtds: series.reduce<number | null>((a, d) => plus(a, d.platformFtds), null),
  };
}

async function compareTotals(db: DB, currency: string, fq: FactQuery, range: { from: string; to: string }): Promise<OverviewCompareTotals> {
  const [tracked, conv, rev] = await Promise.all([trackedFacts(db, fq), conversionFacts(db, fq), revenueFacts(db, fq, OVERVIEW_METRICS)]);
  const series = mergeDays({ from: range.from, to: range.to } as OverviewQuery, tracked, conv);
  const revenue = mergeRevenue(await ratesFor(db, currency, rev), series, rev);
  const t = totalsOf(series);
  return {
    ...t,
    revenueMicros: revenue.missingFx.length || !revenue.reported ? null : revenue.micros,
    epcMicros: t.clicks > 0 && revenue.reported && !revenue.missingFx.length ? Math.round(revenue.micros / t.clicks) : null,
  };
}

/**
 * The overview's facts by day × campaign × offer (k1, k2, k3), one query per table. Conversion
 * groups that net to zero are kept: each regrouping drops its own (keepNonZero), as the SQL's
 * HAVING did for each grouping before.
 */
async function overviewFacts(db: DB, fq: FactQuery) {
  const [tracked, conv, rev] = await Promise.all([
    trackedFacts(db, fq),
    conversionFacts(db, { ...fq, keepZero: true }),
    revenueFacts(db, fq, OVERVIEW_METRICS),
  ]);
  return { tracked, conv, rev };
}

/** Conversions summed per key × event × currency; a group that nets to zero makes no fact (as SQL HAVING). */
function keepNonZero(conv: ConversionFact[], keyOf: (c: ConversionFact) => string): ConversionFact[] {
  const out = new Map<string, ConversionFact>();
  for (const c of conv) {
    const key = `${keyOf(c)}\u0000${c.eventType}\u0000${c.currency}`;
    const e = out.get(key);
    if (e) {
      e.n += c.n;
      e.amountMicros += c.amountMicros;
    } else out.set(key, { ...c });
  }
  // In the order the SQL grouping returned them (currency lists follow it).
  return sortedBy(
    [...out.values()].filter((c) => c.n !== 0),
    (c) => [keyOf(c), c.eventType, c.currency],
  );
}

/** Revenue facts summed per platform day and currency (what a by-day query returns). */
function revenueByDay(rev: OverviewRevenue[]): OverviewRevenue[] {
  const out = new Map<string, OverviewRevenue>();
  for (const r of rev) {
    const key = `${r.day}\u0000${r.currency}`;
    const e = out.get(key);
    if (!e) {
      out.set(key, { ...r, k1: r.day, k2: "", k3: "" });
      continue;
    }
    for (const f of REVENUE_SUMS) e[f] += r[f];
  }
  return sortedBy([...out.values()], (r) => [r.day, r.currency]);
}

/** A sorted copy, by code unit order of the keys (SQLite's BINARY order for these ASCII keys). */
function sortedBy<T>(xs: T[], keysOf: (x: T) => string[]): T[] {
  return xs
    .map((x) => ({ x, k: keysOf(x) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const p = a.k[i] as string;
        const q = b.k[i] as string;
        if (p !== q) return p < q ? -1 : 1;
      }
      return 0;
    })
    .map((e) => e.x);
}

/** The operator metrics Site Overview shows (its counts beside the tracked ones, and commission): fewer columns read. */
const OVERVIEW_METRICS = ["registrations", "ftds", "commissionMicros"] as const;
type OverviewRevenue = RevenueFactOf<(typeof OVERVIEW_METRICS)[number]>;
const REVENUE_SUMS = [...OVERVIEW_METRICS, ...OVERVIEW_METRICS.map(countOf)];

/** Facts of the top lists: k2 = campaign, k3 = offer (a source is its campaign's). */
interface TopFacts {
  tracked: TrackedFact[];
  conv: ConversionFact[];
  rev: OverviewRevenue[];
}

/** Top 10 by commission (reporting currency), then FTDs, then clicks. */
function top(
  rates: RateBook,
  facts: TopFacts,
  keyOf: (campaign: string, offer: string) => string,
  names: Map<string, string>,
): OverviewTopItem[] {
  const { tracked, conv, rev } = facts;
  const items = new Map<string, OverviewTopItem>();
  const get = (id: string) => {
    let it = items.get(id);
    if (!it) {
      it = { id, name: names.get(id) ?? id, clicks: 0, ftds: 0, platformFtds: null, commissionMicros: null, missingFx: [] };
      items.set(id, it);
    }
    return it;
  };
  for (const t of tracked) get(keyOf(t.k2, t.k3)).clicks += t.clicks;
  // Summed per list key and currency first: a group that nets to zero makes no item (as the SQL's HAVING).
  const ftds = new Map<string, { id: string; n: number }>();
  for (const c of conv)
    if (c.eventType === "ftd") {
      const id = keyOf(c.k2, c.k3);
      const e = ftds.get(`${id}\u0000${c.currency}`) ?? { id, n: 0 };
      e.n += c.n;
      ftds.set(`${id}\u0000${c.currency}`, e);
    }
  for (const { id, n } of ftds.values()) if (n !== 0) get(id).ftds += n;
  const poisoned = new Set<string>();
  for (const r of rev) {
    const id = keyOf(r.k2, r.k3);
    const it = get(id);
    if (r.ftdsN > 0) it.platformFtds = (it.platformFtds ?? 0) + r.ftds;
    if (r.commissionN === 0) continue;
    const v = rates.convert(r.commissionMicros, r.day, r.currency);
    if (v === null) {
      poisoned.add(id);
      if (!it.missingFx.includes(r.currency)) it.missingFx.push(r.currency);
    } else it.commissionMicros = (it.commissionMicros ?? 0) + v;
  }
  for (const id of poisoned) get(id).commissionMicros = null;
  return [...items.values()]
    .sort(
      (a, b) =>
        (b.commissionMicros ?? -Infinity) - (a.commissionMicros ?? -Infinity) ||
        b.ftds - a.ftds ||
        b.clicks - a.clicks ||
        a.name.localeCompare(b.name) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, 10);
}

/** Sum where null means "not reported": null + null stays null, never 0. */
function plus(a: number | null, b: number | null | undefined): number | null {
  if (b === null || b === undefined) return a;
  return (a ?? 0) + b;
}
