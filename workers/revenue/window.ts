import { addDays, localDate } from "../../shared/time";

/** Days after month end during which the previous month is still re-pulled (restatements). */
export const PREVIOUS_MONTH_OPEN_DAYS = 10;
export const TRAILING_DAYS = 7;

/**
 * The trailing window re-pulled on every scheduled sync (platform timezone):
 * the last 7 days, month to date, and the previous month until it closes.
 */
export function trailingWindow(now: number, timeZone: string): { from: string; to: string } {
  const today = localDate(now, timeZone);
  const monthStart = `${today.slice(0, 8)}01`;
  let from = addDays(today, -TRAILING_DAYS);
  if (monthStart < from) from = monthStart;
  if (Number(today.slice(8, 10)) <= PREVIOUS_MONTH_OPEN_DAYS) {
    const prevMonthStart = `${addDays(monthStart, -1).slice(0, 8)}01`;
    if (prevMonthStart < from) from = prevMonthStart;
  }
  return { from, to: today };
}
