import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayStatus } from "../../shared/day-state";
import type { SettleHorizon, SettleSettings } from "../../shared/settle";
import { addDays, localDate, startOfLocalDay } from "../../shared/time";
import { trailingWindow } from "./window";

const at = (iso: string) => Date.parse(iso);

describe("trailing window", () => {
  it("with the defaults: 7 days and a day more, month to date, the previous month through its close day", () => {
    expect(trailingWindow(at("2026-11-29T09:00:00Z"), "UTC")).toEqual({ from: "2026-11-01", to: "2026-11-29" });
    expect(trailingWindow(at("2026-11-11T09:00:00Z"), "UTC")).toEqual({ from: "2026-10-01", to: "2026-11-11" });
    expect(trailingWindow(at("2026-11-12T09:00:00Z"), "UTC")).toEqual({ from: "2026-11-01", to: "2026-11-12" });
    expect(
      trailingWindow(at("2026-11-03T09:00:00Z"), "UTC", {
        publishDelayHours: 0,
        horizons: { activity: { kind: "days", days: 30 }, earnings: { kind: "days", days: 1 } },
      }),
    ).toEqual({ from: "2026-10-03", to: "2026-11-03" });
  });

  it("always holds a day on the day it can settle, so scheduled pulls do settle it", () => {
    const horizon = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((days): SettleHorizon => ({ kind: "days", days })),
      fc.integer({ min: 0, max: 27 }).map((graceDays): SettleHorizon => ({ kind: "month_close", graceDays })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        horizon,
        horizon,
        fc.integer({ min: 0, max: 72 }),
        fc.constantFrom("UTC", "Europe/Malta", "America/New_York", "Asia/Kolkata"),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (offset, activity, earnings, publishDelayHours, timeZone, within) => {
          const day = addDays("2025-06-01", offset);
          const settings: SettleSettings = { publishDelayHours, horizons: { activity, earnings } };
          const s = dayStatus(day, { timeZone, now: 0, settings, lastPulledAt: new Map() });
          const settles = Math.max(s.settlesAt.activity, s.settlesAt.earnings);
          // A pull any time on the local day the last family settles, at or after that moment, covers the day.
          const endOfDay = startOfLocalDay(addDays(localDate(settles, timeZone), 1), timeZone) - 1;
          const pull = settles + Math.floor(within * (endOfDay - settles));
          const w = trailingWindow(pull, timeZone, settings);
          expect(day >= w.from && day <= w.to).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
