/**
 * Inputs of the day-state machine (shared/day-state.ts) per offer: its platform timezone, its
 * settle settings (platform defaults + the offer's override) and when each platform day was last
 * pulled successfully (revenue_day_pulls). Every report and the sync's late-restatement check read
 * day states through here, so they cannot disagree.
 */

import { and, eq } from "drizzle-orm";
import { completeThrough, type DayStateInput, type DayStatus, dayStatus } from "../../shared/day-state";
import { effectiveSettle, type MetricFamily, type SettleSettings } from "../../shared/settle";
import { localDate } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { offers, revenueDayPulls } from "../db/schema";

export interface OfferDayContext {
  offerId: string;
  input: DayStateInput;
  settings: SettleSettings;
  /** First platform day any successful pull covered (null: never pulled). */
  firstPulledDay: string | null;
  /** Last day of the settled run from the first pulled day through today (platform timezone). */
  completeThrough: string | null;
  status(day: string): DayStatus;
}

export async function offerDayContexts(
  db: DB,
  workspaceId: string,
  offerIds: string[],
  now = Date.now(),
): Promise<Map<string, OfferDayContext>> {
  const out = new Map<string, OfferDayContext>();
  if (offerIds.length === 0) return out;
  const [offerRows, pulls] = await Promise.all([
    db
      .select({ id: offers.id, platform: offers.platform, timeZone: offers.platformTimezone, override: offers.settleHorizons })
      .from(offers)
      .where(and(eq(offers.workspaceId, workspaceId), inList(offers.id, offerIds))),
    db
      .select({ offerId: revenueDayPulls.offerId, day: revenueDayPulls.day, at: revenueDayPulls.lastPulledAt })
      .from(revenueDayPulls)
      .where(and(eq(revenueDayPulls.workspaceId, workspaceId), inList(revenueDayPulls.offerId, offerIds))),
  ]);
  const byOffer = new Map<string, Map<string, number>>();
  for (const p of pulls) {
    const m = byOffer.get(p.offerId) ?? new Map<string, number>();
    m.set(p.day, p.at);
    byOffer.set(p.offerId, m);
  }
  for (const o of offerRows) {
    const lastPulledAt = byOffer.get(o.id) ?? new Map<string, number>();
    const settings = effectiveSettle(o.platform, o.override);
    const input: DayStateInput = { timeZone: o.timeZone, now, settings, lastPulledAt };
    const firstPulledDay = [...lastPulledAt.keys()].reduce<string | null>((a, d) => (a === null || d < a ? d : a), null);
    // Each day's status once per request: "complete through" and a report's days ask for the same days.
    const statuses = new Map<string, DayStatus>();
    const status = (day: string) => {
      let s = statuses.get(day);
      if (!s) {
        s = dayStatus(day, input);
        statuses.set(day, s);
      }
      return s;
    };
    out.set(o.id, {
      offerId: o.id,
      input,
      settings,
      firstPulledDay,
      completeThrough: firstPulledDay ? completeThrough(input, firstPulledDay, localDate(now, o.timeZone), status) : null,
      status,
    });
  }
  return out;
}

/** Families already settled for each day, as a pull starting at `now` finds them (for late restatements). */
export function settledFamilies(ctx: OfferDayContext | undefined): (day: string) => ReadonlySet<MetricFamily> {
  return (day) => {
    if (!ctx) return new Set();
    const s = ctx.status(day);
    return new Set((Object.keys(s.families) as MetricFamily[]).filter((f) => s.families[f] === "settled"));
  };
}
