/**
 * The state of one (offer, platform day): not yet reported → provisional → settled. One pure
 * function used by the sync (late restatements) and every report; nothing else decides it.
 *
 * - not_reported: the platform has not published the day (it ends in the platform's timezone, plus
 *   the publishing delay), or no successful pull has covered the day since then. A past day whose
 *   window was never pulled is not reported: a pull that succeeded for other days says nothing of it.
 * - provisional: published and pulled, but the operator may still restate it (inside the family's
 *   settle horizon), or the horizon has passed and no pull has looked at the day since.
 * - settled: a successful pull covered the day after its horizon ended. A day never settles because
 *   time passed alone: the final value must have been seen.
 */
import { METRIC_FAMILIES, METRIC_FAMILY_LABELS, type MetricFamily, type SettleHorizon, type SettleSettings } from "./settle";
import { addDays, startOfLocalDay } from "./time";

export const DAY_STATES = ["not_reported", "provisional", "settled"] as const;
export type DayState = (typeof DAY_STATES)[number];

export const DAY_STATE_LABELS: Record<DayState, string> = {
  not_reported: "not yet reported",
  provisional: "provisional",
  settled: "settled",
};

export interface DayStateInput {
  /** The platform's report timezone (offers.platform_timezone). */
  timeZone: string;
  now: number;
  /** The offer's effective settings: effectiveSettle(platform, offer override). */
  settings: SettleSettings;
  /** Platform day → when the latest successful pull that covered it started fetching (epoch ms). */
  lastPulledAt: ReadonlyMap<string, number>;
}

export interface DayStatus {
  day: string;
  /** The least final of the families' states. */
  state: DayState;
  families: Record<MetricFamily, DayState>;
  /** When the platform is expected to have published the day. */
  publishedAt: number;
  /** When each family stops being restated. */
  settlesAt: Record<MetricFamily, number>;
  lastPulledAt: number | null;
  /** Why the day is not settled yet; null once settled. */
  reason: string | null;
}

const HOUR = 3_600_000;

/** Day starts per zone, memoised: "complete through" walks every pulled day (Intl is the cost). */
const starts = new Map<string, number>();
function dayStart(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let v = starts.get(key);
  if (v === undefined) {
    if (starts.size > 20_000) starts.clear();
    v = startOfLocalDay(date, timeZone);
    starts.set(key, v);
  }
  return v;
}

/** The instant a family of `day` stops being restated (never before the day is published). */
export function settlesAt(day: string, horizon: SettleHorizon, timeZone: string, publishedAt: number): number {
  let end: string;
  if (horizon.kind === "days") end = addDays(day, horizon.days + 1);
  else {
    const firstOfNextMonth = addDays(`${day.slice(0, 8)}01`, 32)
      .slice(0, 8)
      .concat("01");
    end = addDays(firstOfNextMonth, horizon.graceDays);
  }
  return Math.max(dayStart(end, timeZone), publishedAt);
}

export function dayStatus(day: string, input: DayStateInput): DayStatus {
  const { timeZone, now, settings } = input;
  const publishedAt = dayStart(addDays(day, 1), timeZone) + settings.publishDelayHours * HOUR;
  const pulled = input.lastPulledAt.get(day) ?? null;
  const settles = {} as Record<MetricFamily, number>;
  for (const f of METRIC_FAMILIES) settles[f] = settlesAt(day, settings.horizons[f], timeZone, publishedAt);

  let reason: string | null = null;
  const families = {} as Record<MetricFamily, DayState>;
  if (now < publishedAt || pulled === null || pulled < publishedAt) {
    for (const f of METRIC_FAMILIES) families[f] = "not_reported";
    reason =
      now < publishedAt
        ? pulled === null
          ? "the platform has not published this day yet"
          : // Some platforms report the day while it runs: shown, but only as far as it had got at the pull.
            "the platform has not published this day yet: its figures are partial, as far as the day had got at the last pull"
        : pulled === null
          ? "no successful pull has covered this day"
          : "not pulled since the platform published it";
  } else {
    const open: MetricFamily[] = [];
    for (const f of METRIC_FAMILIES) {
      families[f] = pulled >= settles[f] ? "settled" : "provisional";
      if (families[f] === "provisional") open.push(f);
    }
    if (open.length)
      reason = open
        .map((f) =>
          now < settles[f]
            ? `${METRIC_FAMILY_LABELS[f].label.toLowerCase()} may still be restated`
            : `${METRIC_FAMILY_LABELS[f].label.toLowerCase()} settles at the next successful pull`,
        )
        .join("; ");
  }
  return { day, state: leastFinal(Object.values(families)), families, publishedAt, settlesAt: settles, lastPulledAt: pulled, reason };
}

const RANK: Record<DayState, number> = { not_reported: 0, provisional: 1, settled: 2 };

/** The least final state of several (a total over days or offers is only as final as its weakest part). */
export function leastFinal(states: Iterable<DayState>): DayState {
  let out: DayState = "settled";
  for (const s of states) if (RANK[s] < RANK[out]) out = s;
  return out;
}

/**
 * "Complete through": the last day of the run of settled days that starts at `firstDay` (the first
 * day ever pulled for the offer), up to `lastDay`. A gap (a day never pulled, or one still open)
 * ends the run. Null when `firstDay` itself is not settled.
 */
export function completeThrough(
  input: DayStateInput,
  firstDay: string,
  lastDay: string,
  /** The day's status (a caller's memoised dayStatus over the same input). */
  statusOf: (day: string) => DayStatus = (day) => dayStatus(day, input),
): string | null {
  let last: string | null = null;
  for (let d = firstDay; d <= lastDay; d = addDays(d, 1)) {
    if (statusOf(d).state !== "settled") break;
    last = d;
  }
  return last;
}
