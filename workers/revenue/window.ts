import type { SettleSettings } from "../../shared/settle";
import { addDays, localDate } from "../../shared/time";

/** Days after month end during which the previous month is still re-pulled with the default settings. */
export const PREVIOUS_MONTH_OPEN_DAYS = 10;
export const TRAILING_DAYS = 7;

const DEFAULT_SETTLE: SettleSettings = {
  publishDelayHours: 0,
  horizons: { activity: { kind: "days", days: TRAILING_DAYS }, earnings: { kind: "month_close", graceDays: PREVIOUS_MONTH_OPEN_DAYS } },
};

/**
 * The trailing window re-pulled on every scheduled sync (platform timezone): at least the last 7
 * days and month to date, and every day that is not settled yet plus the day its horizon ends, so
 * that a pull sees each day after its horizon (which is what settles it, shared/day-state.ts):
 * N + 1 days back for a horizon of N days, and a month until its close day for month-close horizons.
 */
export function trailingWindow(now: number, timeZone: string, settle: SettleSettings = DEFAULT_SETTLE): { from: string; to: string } {
  const today = localDate(now, timeZone);
  // A publishing delay of a day or more pushes each settle moment past the day it would fall on.
  const late = Math.ceil(settle.publishDelayHours / 24);
  let from = addDays(today, -TRAILING_DAYS);
  const monthStart = `${today.slice(0, 8)}01`;
  if (monthStart < from) from = monthStart;
  for (const h of Object.values(settle.horizons)) {
    let start: string;
    if (h.kind === "days") start = addDays(today, -(h.days + 1 + late));
    else {
      // Month M is re-pulled while today <= its close day (first of M+1, + grace, + delay): the
      // earliest such month is the one holding the day before (today - grace - delay).
      const x = addDays(today, -(h.graceDays + late + 1));
      start = `${x.slice(0, 8)}01`;
    }
    if (start < from) from = start;
  }
  return { from, to: today };
}
