/**
 * Discrepancies: per offer and platform day, what the operator reported (registrations, FTDs,
 * QFTDs) against what postbacks tracked, with each gap split over reasons the data shows. What
 * the data cannot account for stays `unexplained`: a reason is only named with its evidence.
 */

import { and, count, eq, gte, isNotNull, lt, lte, ne, sql } from "drizzle-orm";
import type { DayState } from "../../shared/day-state";
import {
  DISCREPANCY_METRICS,
  type DiscrepanciesResponse,
  type DiscrepancyMetric,
  type DiscrepancyOfferSummary,
  type DiscrepancyReason,
  type DiscrepancyRow,
  type MetricComparison,
  type ReasonShare,
  type UncountedPostbackKind,
  type VanishedFtds,
} from "../../shared/discrepancies";
import { addDays, eachDay, localDate, localRangeToUtc } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { clicks, conversions, offers, postbacks, revenueChanges, revenueRows, siteOffers } from "../db/schema";
import { offerDayContexts } from "./day-states";
import { offerFreshness } from "./freshness";
import { type FactFilters, type FactQuery, revenueFacts } from "./report-facts";

export interface DiscrepanciesInput {
  workspaceId: string;
  from: string;
  to: string;
  timezone: string;
  threshold: number;
  siteId?: string | undefined;
  offerId?: string | undefined;
}

/** Postback event type → compared metric. */
const EVENT_METRIC: Record<string, DiscrepancyMetric> = { registration: "registrations", ftd: "ftds", qualified: "qftds" };
/** Revenue row column (and change-log field) → compared metric. */
const ROW_FIELD: Record<DiscrepancyMetric, "registrations" | "ftdCount" | "qftdCount"> = {
  registrations: "registrations",
  ftds: "ftdCount",
  qftds: "qftdCount",
};

type Counter = Map<string, number>;
const k = (offerId: string, day: string, metric: string) => `${offerId}|${day}|${metric}`;
const bump = (m: Counter, key: string, n = 1) => m.set(key, (m.get(key) ?? 0) + n);

/** Which kind of uncounted postback a log line is (its outcome, and the reason our own ingest wrote). */
function uncountedKind(outcome: string, reason: string | null): UncountedPostbackKind | null {
  if (outcome === "rejected") return "rejected";
  if (outcome === "unmapped") return "unmapped";
  if (outcome !== "unattributed") return null;
  const r = reason ?? "";
  if (r.includes("unreplaced macro")) return "unreplaced_macro";
  if (r.includes("click flagged")) return "bot_click";
  if (r.includes("junk click id")) return "junk_click";
  return "unknown_click";
}

export async function discrepancies(db: DB, q: DiscrepanciesInput, now = Date.now()): Promise<DiscrepanciesResponse> {
  const { workspaceId, timezone } = q;
  // Offers in scope: one offer, a site's offers, or every offer of the workspace.
  const siteOfferIds = q.siteId
    ? (
        await db
          .select({ id: siteOffers.offerId })
          .from(siteOffers)
          .where(and(eq(siteOffers.workspaceId, workspaceId), eq(siteOffers.siteId, q.siteId)))
      ).map((r) => r.id)
    : null;
  const offerRows = (
    await db
      .select({ id: offers.id, name: offers.name, platform: offers.platform, tz: offers.platformTimezone, archivedAt: offers.archivedAt })
      .from(offers)
      .where(and(eq(offers.workspaceId, workspaceId), q.offerId ? eq(offers.id, q.offerId) : undefined))
      .orderBy(offers.name)
  ).filter((o) => (siteOfferIds ? siteOfferIds.includes(o.id) : o.archivedAt === null || o.id === q.offerId));
  const offerIds = offerRows.map((o) => o.id);
  const empty: DiscrepanciesResponse = {
    range: { from: q.from, to: q.to, timezone },
    threshold: q.threshold,
    siteId: q.siteId ?? null,
    offers: [],
    rows: [],
    reasonCounts: {},
    vanished: [],
  };
  if (offerIds.length === 0) return empty;

  // Events are read three days wide on each side: the platform's timezone (up to 26 h from the
  // reporting one) may put them on a range day, and a timezone shift is checked on the neighbouring days.
  const [startMs, endMs] = localRangeToUtc(addDays(q.from, -3), addDays(q.to, 3), "UTC");
  const siteFilter = q.siteId;
  // Raw revenue rows by offer (k1) and platform day: the reports' fact query, not a copy of it.
  const facts = (filters: FactFilters, from = q.from, to = q.to): FactQuery => ({
    workspaceId,
    tz: timezone,
    from,
    to,
    dims: ["offer"],
    subIdKey: "",
    filters,
    source: "raw",
  });

  const [opRows, directRows, unplacedRows, convRows, pbRows, everPb, changeRows, [dayCtx, fresh]] = await Promise.all([
    // The operator's figures per offer and platform day, from the report read model's revenue facts;
    // neighbouring days too: a timezone shift is only named when the gap reappears there.
    revenueFacts(db, facts({ siteId: siteFilter ?? null, placement: "all", offerId: offerIds }, addDays(q.from, -2), addDays(q.to, 2))),
    // Players the operator reports with no click and no tag that places them: they came direct.
    siteFilter ? Promise.resolve([]) : revenueFacts(db, facts({ siteId: null, placement: "direct", offerId: offerIds })),
    // Every row no click or tag route placed on a site; less the direct ones, rows of a tag no route places.
    siteFilter ? Promise.resolve([]) : revenueFacts(db, facts({ siteId: null, placement: "unassigned", offerId: offerIds })),
    db
      .select({
        offerId: conversions.offerId,
        siteId: conversions.siteId,
        eventType: conversions.eventType,
        at: conversions.occurredAt,
        clickId: conversions.clickId,
      })
      .from(conversions)
      .where(
        and(
          eq(conversions.workspaceId, workspaceId),
          inList(conversions.offerId, offerIds),
          inList(conversions.eventType, ["registration", "ftd", "qualified"]),
          ne(conversions.status, "rejected"),
          ne(conversions.status, "chargeback"),
          gte(conversions.occurredAt, startMs),
          lt(conversions.occurredAt, endMs),
          siteFilter ? eq(conversions.siteId, siteFilter) : undefined,
        ),
      ),
    uncountedPostbacks(db, workspaceId, offerIds, startMs, endMs, siteFilter),
    db
      .select({ offerId: postbacks.offerId, n: count() })
      .from(postbacks)
      .where(and(eq(postbacks.workspaceId, workspaceId), inList(postbacks.offerId, offerIds), isNotNull(postbacks.offerId)))
      .groupBy(postbacks.offerId),
    db
      .select({
        offerId: revenueChanges.offerId,
        day: revenueChanges.reportDate,
        naturalKey: revenueChanges.naturalKey,
        kind: revenueChanges.kind,
        diff: revenueChanges.diff,
        at: revenueChanges.createdAt,
      })
      .from(revenueChanges)
      .where(
        and(
          eq(revenueChanges.workspaceId, workspaceId),
          inList(revenueChanges.offerId, offerIds),
          inList(revenueChanges.kind, ["changed", "removed"]),
          gte(revenueChanges.reportDate, q.from),
          lte(revenueChanges.reportDate, q.to),
        ),
      )
      .orderBy(revenueChanges.createdAt),
    // The day contexts, and from them each offer's last successful pull (how fresh its operator figures are).
    offerDayContexts(db, workspaceId, offerIds, now).then(
      async (ctx) => [ctx, await offerFreshness(db, workspaceId, offerIds, now, ctx)] as const,
    ),
  ]);
  const lastSyncOf = new Map(fresh.map((f) => [f.offerId, f.lastSuccessAt]));

  const tzOf = new Map(offerRows.map((o) => [o.id, o.tz]));
  const operator = new Map<string, number | null>();
  for (const r of opRows) {
    for (const m of DISCREPANCY_METRICS) {
      const key = k(r.k1, r.day, m);
      // Rows without the figure leave it "not reported" unless another row reports it.
      if (r[`${m}N`] === 0) {
        if (!operator.has(key)) operator.set(key, null);
      } else operator.set(key, (operator.get(key) ?? 0) + r[m]);
    }
  }
  const direct: Counter = new Map();
  for (const r of directRows) for (const m of DISCREPANCY_METRICS) if (r[m]) bump(direct, k(r.k1, r.day, m), r[m]);
  const unplaced: Counter = new Map();
  for (const r of unplacedRows) for (const m of DISCREPANCY_METRICS) if (r[m]) bump(unplaced, k(r.k1, r.day, m), r[m]);
  // Tracked = attributed conversions (those placed on a site through their click); unattributed ones are a reason.
  const tracked: Counter = new Map();
  const trackedPlat: Counter = new Map();
  // Events whose platform day differs from their reporting day: "offer|reporting day|metric" → platform day → n.
  const movedOut = new Map<string, Counter>();
  // The same events the other way round: "offer|platform day|metric" → reporting day → n.
  const movedIn = new Map<string, Counter>();
  const trackedFtdClicks = new Map<string, Set<string>>();
  for (const c of convRows) {
    const metric = EVENT_METRIC[c.eventType];
    if (!metric || !c.offerId) continue;
    const day = localDate(c.at, timezone);
    // Unattributed conversions (no site) are counted as a reason, from their postback log line.
    if (c.siteId === null) continue;
    bump(tracked, k(c.offerId, day, metric));
    const pday = localDate(c.at, tzOf.get(c.offerId) ?? "UTC");
    bump(trackedPlat, k(c.offerId, pday, metric));
    if (pday !== day) {
      const out = movedOut.get(k(c.offerId, day, metric)) ?? new Map<string, number>();
      bump(out, pday);
      movedOut.set(k(c.offerId, day, metric), out);
      const inn = movedIn.get(k(c.offerId, pday, metric)) ?? new Map<string, number>();
      bump(inn, day);
      movedIn.set(k(c.offerId, pday, metric), inn);
    }
    if (metric === "ftds" && c.clickId) {
      const set = trackedFtdClicks.get(c.offerId) ?? new Set<string>();
      set.add(c.clickId);
      trackedFtdClicks.set(c.offerId, set);
    }
  }
  const duplicates: Counter = new Map();
  const uncounted = new Map<string, Partial<Record<UncountedPostbackKind, number>>>();
  for (const p of pbRows) {
    if (!p.offerId) continue;
    const day = localDate(p.at, timezone);
    // A postback kept aside before its event was known could have been any of the figures.
    const metrics = p.eventType ? (EVENT_METRIC[p.eventType] ? [EVENT_METRIC[p.eventType] as DiscrepancyMetric] : []) : DISCREPANCY_METRICS;
    for (const m of metrics) {
      // Only a duplicate that may be another player explains the operator having more (not a sender's retry).
      if (p.outcome === "duplicate" && !p.sameClick) bump(duplicates, k(p.offerId, day, m));
      const kind = uncountedKind(p.outcome, p.reason);
      if (kind) {
        const d = uncounted.get(k(p.offerId, day, m)) ?? {};
        d[kind] = (d[kind] ?? 0) + 1;
        uncounted.set(k(p.offerId, day, m), d);
      }
    }
  }
  // An offer whose conversions exist (however they arrived) has postbacks set up, log or not.
  const postbackCount = new Map(everPb.map((r) => [r.offerId ?? "", r.n]));
  for (const c of convRows) if (c.offerId) postbackCount.set(c.offerId, (postbackCount.get(c.offerId) ?? 0) + 1);
  const withoutEvidence = offerIds.filter((id) => !postbackCount.get(id));
  if (withoutEvidence.length) {
    const any = await db
      .selectDistinct({ offerId: conversions.offerId })
      .from(conversions)
      .where(and(eq(conversions.workspaceId, workspaceId), inList(conversions.offerId, withoutEvidence)));
    for (const r of any) if (r.offerId) postbackCount.set(r.offerId, 1);
  }

  // Restatements: how much each figure dropped on re-pulls (rows changed down, or gone), per offer and day.
  const dropped: Counter = new Map();
  const ftdHistory = new Map<string, { before: number; after: number; keys: Set<string> }>();
  for (const c of changeRows) {
    for (const m of DISCREPANCY_METRICS) {
      const pair = c.diff[ROW_FIELD[m]];
      if (!pair) continue;
      const [a, b] = pair;
      const before = typeof a === "number" ? a : 0;
      const after = typeof b === "number" ? b : 0;
      if (after < before) {
        bump(dropped, k(c.offerId, c.day, m), before - after);
        if (m === "ftds") {
          const h = ftdHistory.get(`${c.offerId}|${c.day}`) ?? { before: 0, after: 0, keys: new Set<string>() };
          h.before += before;
          h.after += after;
          h.keys.add(c.naturalKey);
          ftdHistory.set(`${c.offerId}|${c.day}`, h);
        }
      }
    }
  }

  const rows: DiscrepancyRow[] = [];
  const reasonCounts: Partial<Record<DiscrepancyReason, number>> = {};
  const days = eachDay(q.from, q.to);
  for (const o of offerRows) {
    const ctx = dayCtx.get(o.id);
    const setUp = (postbackCount.get(o.id) ?? 0) > 0;
    for (const day of days) {
      const status = ctx?.status(day);
      const dayState: DayState = status ? status.families.activity : "not_reported";
      const metrics = {} as Record<DiscrepancyMetric, MetricComparison>;
      let any = false;
      for (const m of DISCREPANCY_METRICS) {
        const key = k(o.id, day, m);
        const op = operator.get(key) ?? null;
        const tr = tracked.get(key) ?? 0;
        const trP = trackedPlat.get(key) ?? 0;
        const gap = op === null ? null : op - tr;
        // A timezone shift needs the gap to reappear, reversed, on the day the events move to (or come
        // from) in the platform's timezone, and that day to be reported: otherwise it is only a guess.
        let shift = 0;
        if (gap !== null && gap < 0) {
          for (const [other, n] of movedOut.get(key) ?? []) {
            const opN = operator.get(k(o.id, other, m));
            if (opN === null || opN === undefined) continue;
            shift += Math.min(n, Math.max(0, opN - (tracked.get(k(o.id, other, m)) ?? 0)));
          }
        } else if (gap !== null && gap > 0) {
          for (const [other, n] of movedIn.get(key) ?? []) {
            const opN = operator.get(k(o.id, other, m));
            if (opN === null || opN === undefined) continue;
            shift += Math.min(n, Math.max(0, (tracked.get(k(o.id, other, m)) ?? 0) - opN));
          }
        }
        const gapPct = op === null || op === 0 ? null : Math.round(((gap ?? 0) / op) * 1000) / 10;
        const reasons = explain({
          gap,
          dayState,
          setUp,
          direct: direct.get(key) ?? 0,
          notPlaced: Math.max(0, (unplaced.get(key) ?? 0) - (direct.get(key) ?? 0)),
          duplicates: duplicates.get(key) ?? 0,
          uncounted: uncounted.get(key) ?? {},
          dropped: dropped.get(key) ?? 0,
          shift,
          qualification:
            m !== "qftds"
              ? 0
              : gap !== null && gap > 0
                ? Math.max(0, (tracked.get(k(o.id, day, "ftds")) ?? 0) - tr)
                : Math.max(0, (operator.get(k(o.id, day, "ftds")) ?? 0) - (op ?? 0)),
        });
        for (const r of reasons) reasonCounts[r.code] = (reasonCounts[r.code] ?? 0) + 1;
        const flagged = gap !== null && gap !== 0 && (gapPct === null ? true : Math.abs(gapPct) >= q.threshold);
        metrics[m] = {
          operator: op,
          tracked: tr,
          trackedPlatformTz: trP,
          gap,
          gapPlatformTz: op === null ? null : op - trP,
          gapPct,
          flagged,
          reasons,
        };
        if (op !== null || tr > 0 || trP > 0) any = true;
      }
      // Days with nothing on either side are left out: they hold no gap to explain.
      if (any || dayState !== "not_reported") rows.push({ offerId: o.id, offerName: o.name, day, dayState, metrics });
    }
  }

  const offersOut: DiscrepancyOfferSummary[] = offerRows.map((o) => {
    const mine = rows.filter((r) => r.offerId === o.id);
    const totals = {} as DiscrepancyOfferSummary["totals"];
    for (const m of DISCREPANCY_METRICS) {
      const op = mine.reduce<number | null>(
        (a, r) => (r.metrics[m].operator === null ? a : (a ?? 0) + (r.metrics[m].operator as number)),
        null,
      );
      const tr = mine.reduce((a, r) => a + r.metrics[m].tracked, 0);
      const gap = op === null ? null : op - tr;
      totals[m] = { operator: op, tracked: tr, gap, gapPct: op === null || op === 0 ? null : Math.round(((gap ?? 0) / op) * 1000) / 10 };
    }
    const flagged = DISCREPANCY_METRICS.some((m) => {
      const t = totals[m];
      return t.gap !== null && t.gap !== 0 && (t.gapPct === null || Math.abs(t.gapPct) >= q.threshold);
    });
    return {
      offerId: o.id,
      offerName: o.name,
      platform: o.platform,
      platformTimezone: o.tz,
      totals,
      flagged,
      postbacksSetUp: (postbackCount.get(o.id) ?? 0) > 0,
      lastSyncAt: lastSyncOf.get(o.id) ?? null,
    };
  });

  // Rows whose FTDs dropped: their click id (row-level reports) says which tracked FTDs vanished.
  const droppedKeys = [...new Set([...ftdHistory.values()].flatMap((h) => [...h.keys]))];
  const droppedRows = droppedKeys.length
    ? await db
        .select({ offerId: revenueRows.offerId, naturalKey: revenueRows.naturalKey, clickId: revenueRows.clickId })
        .from(revenueRows)
        .where(
          and(eq(revenueRows.workspaceId, workspaceId), inList(revenueRows.offerId, offerIds), inList(revenueRows.naturalKey, droppedKeys)),
        )
    : [];
  const vanished: VanishedFtds[] = [];
  for (const [key, h] of ftdHistory) {
    const [offerId = "", day = ""] = key.split("|");
    const o = offerRows.find((x) => x.id === offerId);
    if (!o) continue;
    const rows = droppedRows.filter((r) => r.offerId === offerId && h.keys.has(r.naturalKey));
    const rowLevel = rows.length > 0 && rows.every((r) => r.clickId !== null);
    const tracked = trackedFtdClicks.get(offerId) ?? new Set<string>();
    const clickIds = rowLevel ? rows.map((r) => r.clickId as string).filter((c) => tracked.has(c)) : null;
    vanished.push({
      offerId,
      offerName: o.name,
      day,
      before: h.before,
      after: h.after,
      dropped: h.before - h.after,
      clickIds,
      trackedFtds: trackedPlat.get(k(offerId, day, "ftds")) ?? 0,
      note: rowLevel
        ? `${h.before - h.after} FTD(s) no longer in the operator's report after a restatement; ${clickIds?.length ?? 0} of them tracked by postback`
        : `the operator's FTD count dropped from ${h.before} to ${h.after} after a restatement (the platform reports daily counts only)`,
    });
  }
  vanished.sort((a, b) => (a.day === b.day ? a.offerName.localeCompare(b.offerName) : a.day < b.day ? 1 : -1));

  return { ...empty, offers: offersOut, rows, reasonCounts, vanished };
}

interface Evidence {
  gap: number | null;
  dayState: DayState;
  setUp: boolean;
  direct: number;
  /** Operator events in rows of a tag no route places on a site (not direct players): no click of the sites made them. */
  notPlaced: number;
  duplicates: number;
  uncounted: Partial<Record<UncountedPostbackKind, number>>;
  dropped: number;
  /**
   * Events of this day that fall on a neighbouring day in the platform's timezone (or come from one),
   * counted only as far as that day's gap shows them, reversed: the operator reported them there.
   */
  shift: number;
  qualification: number;
}

/**
 * Splits a gap over the reasons the data shows, in a fixed order; each reason takes at most what
 * its evidence counts and what is left. The rest is `unexplained`.
 */
export function explain(e: Evidence): ReasonShare[] {
  // No operator figure: not published yet, or rows that were reported have vanished since.
  if (e.gap === null) {
    if (e.dayState === "not_reported") return [{ code: "not_yet_reported", count: null, explains: 0 }];
    return e.dropped > 0 ? [{ code: "restated_or_vanished", count: e.dropped, explains: 0 }] : [];
  }
  if (e.gap === 0) return [];
  const out: ReasonShare[] = [];
  let left = Math.abs(e.gap);
  const take = (code: DiscrepancyReason, evidence: number | null, extra?: Partial<ReasonShare>) => {
    if (left <= 0) return;
    const n = evidence === null ? left : Math.min(left, evidence);
    if (n <= 0) return;
    out.push({ code, count: evidence, explains: n, ...extra });
    left -= n;
  };
  if (e.gap > 0) {
    // The operator has more than postbacks told us.
    if (!e.setUp) take("postbacks_not_set_up", null);
    take("direct_players", e.direct);
    take("not_placed_on_a_site", e.notPlaced);
    take("qualification", e.qualification);
    take("duplicates_filtered", e.duplicates);
    const detail = { ...e.uncounted };
    const uncounted = Object.values(detail).reduce((a, b) => a + b, 0);
    take("postbacks_rejected_or_unattributed", uncounted, { detail });
    take("timezone_shift", e.shift);
  } else {
    // Postbacks told us more than the operator reports (yet).
    take("restated_or_vanished", e.dropped);
    take("qualification", e.qualification);
    if (e.dayState === "not_reported") take("not_yet_reported", null);
    else if (e.dayState === "provisional") take("provisional", null);
    take("timezone_shift", e.shift);
  }
  if (left > 0) out.push({ code: "unexplained", count: null, explains: left });
  return out;
}

/**
 * Postbacks received but not counted (duplicates, kept aside, rejected), as evidence of a gap. For one
 * site only those whose click is that site's: the others (no click, an unknown click id) cannot be
 * placed on a site — their log line's site is merely the hub that took them — so they are no site's evidence.
 */
function uncountedPostbacks(db: DB, workspaceId: string, offerIds: string[], startMs: number, endMs: number, siteId: string | undefined) {
  const cols = {
    offerId: postbacks.offerId,
    eventType: postbacks.eventType,
    outcome: postbacks.outcome,
    reason: postbacks.reason,
    at: postbacks.receivedAt,
    // A duplicate names the conversion it matched: the same click's retry (1) is that conversion again,
    // while another click under a reused transaction id (0) may be a player the operator counts apart.
    sameClick: sql<number>`(${conversions.clickId} IS ${postbacks.clickId})`,
  };
  const where = and(
    eq(postbacks.workspaceId, workspaceId),
    inList(postbacks.offerId, offerIds),
    ne(postbacks.outcome, "accepted"),
    gte(postbacks.receivedAt, startMs),
    lt(postbacks.receivedAt, endMs),
  );
  const matched = eq(conversions.id, postbacks.conversionId);
  if (!siteId) return db.select(cols).from(postbacks).leftJoin(conversions, matched).where(where);
  return db
    .select(cols)
    .from(postbacks)
    .leftJoin(conversions, matched)
    .innerJoin(clicks, and(eq(clicks.id, postbacks.clickId), eq(clicks.workspaceId, workspaceId), eq(clicks.siteId, siteId)))
    .where(where);
}
