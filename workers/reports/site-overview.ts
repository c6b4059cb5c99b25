import { and, count, countDistinct, eq, gte, inArray, isNull, lt, lte, ne, sql, sum } from "drizzle-orm";
import { leastFinal } from "../../shared/day-state";
import type { OverviewDay, SiteOverviewResponse } from "../../shared/report-types";
import { eachDay, localRangeToUtc } from "../../shared/time";
import type { DB } from "../db/client";
import { clicks, conversions, offers, revenueRows, siteOffers, sites, workspaces } from "../db/schema";
import { FxTable } from "../fx/rates";
import { notFound } from "../lib/errors";
import { countedClick } from "./click-flags";
import { offerDayContexts } from "./day-states";
import { offerFreshness } from "./freshness";

export interface OverviewQuery {
  workspaceId: string;
  siteId: string;
  from: string;
  to: string;
  campaignId?: string | undefined;
}

type DayRow = OverviewDay;

/**
 * Site Overview: merges the real-time layer (clicks, postback conversions; seconds old) with the
 * delayed revenue layer (commission from platform reports; complete through a date) for one site.
 * Each day carries its state (not yet reported / provisional / settled, shared/day-state.ts) for
 * the day and per figure family, instead of an unexplained drop or a number shown as final.
 */
export async function siteOverview(db: DB, q: OverviewQuery, now = Date.now()): Promise<SiteOverviewResponse> {
  const site = (
    await db
      .select()
      .from(sites)
      .where(and(eq(sites.id, q.siteId), eq(sites.workspaceId, q.workspaceId)))
  )[0];
  if (!site) throw notFound("site");
  const ws = (await db.select().from(workspaces).where(eq(workspaces.id, q.workspaceId)))[0];
  const reportingCurrency = ws?.reportingCurrency ?? "EUR";
  const [startMs, endMs] = localRangeToUtc(q.from, q.to, site.timezone);
  const campaignFilter = q.campaignId;

  const clickRows = await db
    .select({
      day: clicks.day,
      clicks: count(),
      unique: sum(sql`CASE WHEN ${clicks.isUnique} THEN 1 ELSE 0 END`).mapWith(Number),
    })
    .from(clicks)
    .where(
      and(
        eq(clicks.workspaceId, q.workspaceId),
        eq(clicks.siteId, q.siteId),
        gte(clicks.day, q.from),
        lte(clicks.day, q.to),
        countedClick(site.countedFlags),
        campaignFilter ? eq(clicks.campaignId, campaignFilter) : undefined,
      ),
    )
    .groupBy(clicks.day);

  const convRows = await db
    .select({
      day: conversions.day,
      eventType: conversions.eventType,
      currency: conversions.currency,
      n: count(),
      amount: sum(conversions.amountMicros).mapWith(Number),
    })
    .from(conversions)
    .where(
      and(
        eq(conversions.workspaceId, q.workspaceId),
        eq(conversions.siteId, q.siteId),
        gte(conversions.occurredAt, startMs),
        lt(conversions.occurredAt, endMs),
        ne(conversions.status, "rejected"),
        ne(conversions.status, "chargeback"),
        campaignFilter ? eq(conversions.campaignId, campaignFilter) : undefined,
      ),
    )
    .groupBy(conversions.day, conversions.eventType, conversions.currency);

  const revRows = await db
    .select({
      day: revenueRows.reportDate,
      offerId: revenueRows.offerId,
      currency: revenueRows.currency,
      commission: sum(revenueRows.commissionTotalMicros).mapWith(Number),
      registrations: sum(revenueRows.registrations).mapWith(Number),
      ftds: sum(revenueRows.ftdCount).mapWith(Number),
    })
    .from(revenueRows)
    .where(
      and(
        eq(revenueRows.workspaceId, q.workspaceId),
        eq(revenueRows.siteId, q.siteId),
        eq(revenueRows.state, "active"),
        eq(revenueRows.granularity, "day"),
        gte(revenueRows.reportDate, q.from),
        lte(revenueRows.reportDate, q.to),
        campaignFilter ? eq(revenueRows.campaignId, campaignFilter) : undefined,
      ),
    )
    .groupBy(revenueRows.reportDate, revenueRows.offerId, revenueRows.currency);

  const offerIds = (await db.select({ id: siteOffers.offerId }).from(siteOffers).where(eq(siteOffers.siteId, q.siteId))).map((r) => r.id);
  const freshness = await offerFreshness(db, q.workspaceId, offerIds, now);
  // Revenue of this site's offers that no tag route or click id placed on any site: shown, never dropped
  // and never put on this site (it may belong to another site or to players who came direct).
  const unassignedRows = offerIds.length
    ? await db
        .select({
          offerId: revenueRows.offerId,
          offerName: offers.name,
          currency: revenueRows.currency,
          commission: sum(revenueRows.commissionTotalMicros).mapWith(Number),
          tags: countDistinct(revenueRows.tagValue),
        })
        .from(revenueRows)
        .innerJoin(offers, eq(offers.id, revenueRows.offerId))
        .where(
          and(
            eq(revenueRows.workspaceId, q.workspaceId),
            inArray(revenueRows.offerId, offerIds),
            isNull(revenueRows.siteId),
            eq(revenueRows.state, "active"),
            gte(revenueRows.reportDate, q.from),
            lte(revenueRows.reportDate, q.to),
          ),
        )
        .groupBy(revenueRows.offerId, offers.name, revenueRows.currency)
    : [];
  const syncable = freshness.filter((f) => f.state !== "no_connector");
  const dayContexts = await offerDayContexts(
    db,
    q.workspaceId,
    syncable.map((f) => f.offerId),
    now,
  );
  // Complete through = the last day settled for every syncing offer of the site (null while any has none).
  const perOffer = syncable.map((f) => f.completeThrough);
  const completeThrough =
    perOffer.length && perOffer.every((d) => d !== null) ? (perOffer as string[]).reduce((a, b) => (a < b ? a : b)) : null;

  const days = new Map<string, DayRow>(
    eachDay(q.from, q.to).map((day) => {
      // A day is only as final as its least final offer; each figure follows its metric family.
      const statuses = syncable.flatMap((f) => {
        const st = dayContexts.get(f.offerId)?.status(day);
        return st ? [{ offer: f.offerName, st }] : [];
      });
      const state = statuses.length ? leastFinal(statuses.map((x) => x.st.state)) : "not_reported";
      const note = statuses.length
        ? statuses
            .filter((x) => x.st.reason)
            .map((x) => `${x.offer}: ${x.st.reason}`)
            .join("; ") || null
        : "no offer of this site syncs revenue";
      return [
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
          dayState: state,
          countsState: statuses.length ? leastFinal(statuses.map((x) => x.st.families.activity)) : "not_reported",
          earningsState: statuses.length ? leastFinal(statuses.map((x) => x.st.families.earnings)) : "not_reported",
          stateNote: note,
          revenueComplete: state === "settled",
        },
      ];
    }),
  );
  for (const r of clickRows) {
    const d = days.get(r.day);
    if (d) {
      d.clicks = r.clicks;
      d.uniqueClicks = r.unique ?? 0;
    }
  }
  const depositAmounts = new Map<string, number>();
  for (const r of convRows) {
    const d = days.get(r.day);
    if (!d) continue;
    if (r.eventType === "registration") d.registrations += r.n;
    else if (r.eventType === "ftd") d.ftds += r.n;
    else if (r.eventType === "qualified") d.qualified += r.n;
    else if (r.eventType === "deposit") {
      d.deposits += r.n;
      if (r.currency && r.amount) depositAmounts.set(r.currency, (depositAmounts.get(r.currency) ?? 0) + r.amount);
    }
  }

  const fx = new FxTable(db);
  const revenueByCurrency = new Map<string, number>();
  const missingFx: { day: string; currency: string }[] = [];
  for (const r of revRows) {
    const d = days.get(r.day);
    if (!d) continue;
    d.platformRegistrations = plus(d.platformRegistrations, r.registrations);
    d.platformFtds = plus(d.platformFtds, r.ftds);
    // A row whose report has no commission says nothing about revenue: it is not a zero.
    if (r.commission === null) continue;
    const micros = r.commission;
    revenueByCurrency.set(r.currency, (revenueByCurrency.get(r.currency) ?? 0) + micros);
    const rate = await fx.rate(r.day, r.currency, reportingCurrency);
    if (!rate.rate) {
      missingFx.push({ day: r.day, currency: r.currency });
      continue;
    }
    d.revenueMicros = (d.revenueMicros ?? 0) + FxTable.convert(micros, rate.rate);
  }

  const series = [...days.values()];
  const totalClicks = series.reduce((a, d) => a + d.clicks, 0);
  const revenueMicros = series.reduce((a, d) => a + (d.revenueMicros ?? 0), 0);
  const lastSyncAt = syncable
    .map((f) => f.lastSuccessAt)
    .reduce<number | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
  return {
    site: { id: site.id, name: site.name, timezone: site.timezone, market: site.market },
    range: { from: q.from, to: q.to, timezone: site.timezone },
    reportingCurrency,
    totals: {
      clicks: totalClicks,
      uniqueClicks: series.reduce((a, d) => a + d.uniqueClicks, 0),
      registrations: series.reduce((a, d) => a + d.registrations, 0),
      ftds: series.reduce((a, d) => a + d.ftds, 0),
      qualified: series.reduce((a, d) => a + d.qualified, 0),
      deposits: {
        count: series.reduce((a, d) => a + d.deposits, 0),
        amounts: [...depositAmounts].map(([currency, micros]) => ({ currency, micros })),
      },
      revenue: {
        micros: revenueMicros,
        currency: reportingCurrency,
        byCurrency: [...revenueByCurrency].map(([currency, micros]) => ({ currency, micros })),
        missingFx,
      },
      /** Earnings per click = revenue / clicks (reporting currency micros); null without clicks. */
      epcMicros: totalClicks > 0 ? Math.round(revenueMicros / totalClicks) : null,
      platformRegistrations: series.reduce<number | null>((a, d) => plus(a, d.platformRegistrations), null),
      platformFtds: series.reduce<number | null>((a, d) => plus(a, d.platformFtds), null),
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
        unassigned: unassignedRows.map((u) => ({
          offerId: u.offerId,
          offerName: u.offerName,
          tags: u.tags,
          commission: u.commission === null ? null : { micros: u.commission, currency: u.currency },
        })),
      },
    },
  };
}

/** Sum where null means "not reported": null + null stays null, never 0. */
function plus(a: number | null, b: number | null | undefined): number | null {
  if (b === null || b === undefined) return a;
  return (a ?? 0) + b;
}
