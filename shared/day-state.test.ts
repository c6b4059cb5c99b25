import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completeThrough, DAY_STATES, type DayStateInput, dayStatus, leastFinal } from "./day-state";
import { effectiveSettle, PLATFORM_SETTLE_DEFAULTS, type SettleSettings } from "./settle";
import { addDays } from "./time";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const SETTINGS: SettleSettings = {
  publishDelayHours: 6,
  horizons: { activity: { kind: "days", days: 7 }, earnings: { kind: "month_close", graceDays: 10 } },
};
const input = (now: string, pulls: Record<string, string>, over: Partial<DayStateInput> = {}): DayStateInput => ({
  timeZone: "UTC",
  now: at(now),
  settings: SETTINGS,
  lastPulledAt: new Map(Object.entries(pulls).map(([d, t]) => [d, at(t)])),
  ...over,
});

describe("day state", () => {
  it("a day not over yet, or over but not yet published, is not reported even right after a pull", () => {
    const today = dayStatus("2026-11-20", input("2026-11-20T18:00:00Z", { "2026-11-20": "2026-11-20T17:59:00Z" }));
    expect(today.state).toBe("not_reported");
    expect(today.reason).toMatch(/not published/);
    // What that pull saw is shown, so the reason says it is partial; without a pull it says only "not published".
    expect(today.reason).toMatch(/partial/);
    expect(dayStatus("2026-11-20", input("2026-11-20T18:00:00Z", {})).reason).toBe("the platform has not published this day yet");
    // Ended at midnight UTC, published 6 h later: a pull at 05:00 saw an unpublished day.
    const early = dayStatus("2026-11-19", input("2026-11-20T05:30:00Z", { "2026-11-19": "2026-11-20T05:00:00Z" }));
    expect(early.state).toBe("not_reported");
    const stale = dayStatus("2026-11-19", input("2026-11-20T08:00:00Z", { "2026-11-19": "2026-11-20T05:00:00Z" }));
    expect(stale).toMatchObject({ state: "not_reported", reason: "not pulled since the platform published it" });
  });

  it("a past day whose window was never pulled is not reported", () => {
    const s = dayStatus("2026-11-01", input("2026-11-20T12:00:00Z", { "2026-11-02": "2026-11-20T11:00:00Z" }));
    expect(s).toMatchObject({ state: "not_reported", lastPulledAt: null, reason: "no successful pull has covered this day" });
  });

  it("a successful pull after publication makes the day provisional, never final", () => {
    const s = dayStatus("2026-11-19", input("2026-11-20T07:00:00Z", { "2026-11-19": "2026-11-20T06:30:00Z" }));
    expect(s.state).toBe("provisional");
    expect(s.families).toEqual({ activity: "provisional", earnings: "provisional" });
    expect(s.reason).toBe("daily activity may still be restated; earnings may still be restated");
  });

  it("daily activity settles once a pull has seen the day after its horizon; earnings wait for month close", () => {
    const day = "2026-11-05";
    // Horizon 7 days: open through 2026-11-12, settles at the start of 2026-11-13.
    const before = dayStatus(day, input("2026-11-20T00:00:00Z", { [day]: "2026-11-12T23:00:00Z" }));
    expect(before.families.activity).toBe("provisional");
    expect(before.reason).toBe("daily activity settles at the next successful pull; earnings may still be restated");
    const after = dayStatus(day, input("2026-11-20T00:00:00Z", { [day]: "2026-11-13T01:00:00Z" }));
    expect(after.families).toEqual({ activity: "settled", earnings: "provisional" });
    expect(after.state).toBe("provisional");
    expect(after.settlesAt.earnings).toBe(at("2026-12-11T00:00:00Z"));
  });

  it("rev-share and NGR stay provisional across the month boundary until the month closes", () => {
    const day = "2026-10-31";
    const open = dayStatus(day, input("2026-11-10T23:00:00Z", { [day]: "2026-11-10T22:00:00Z" }));
    expect(open.families).toEqual({ activity: "settled", earnings: "provisional" });
    const closed = dayStatus(day, input("2026-11-11T02:00:00Z", { [day]: "2026-11-11T01:00:00Z" }));
    expect(closed.families).toEqual({ activity: "settled", earnings: "settled" });
    expect(closed).toMatchObject({ state: "settled", reason: null });
    // The next month's first day is still open on the same pull.
    const next = dayStatus("2026-11-01", input("2026-11-11T02:00:00Z", { "2026-11-01": "2026-11-11T01:00:00Z" }));
    expect(next.families).toEqual({ activity: "settled", earnings: "provisional" });
  });

  it("days end in the platform's timezone", () => {
    // Europe/Malta is UTC+1 in November: 2026-11-19 ends at 23:00 UTC, published at 05:00 UTC.
    const malta = (now: string, pull: string) => dayStatus("2026-11-19", input(now, { "2026-11-19": pull }, { timeZone: "Europe/Malta" }));
    expect(malta("2026-11-20T05:30:00Z", "2026-11-20T05:10:00Z").state).toBe("provisional");
    expect(malta("2026-11-20T05:30:00Z", "2026-11-20T04:50:00Z").state).toBe("not_reported");
  });

  it("a horizon of 0 days settles the day at the first pull after publication", () => {
    const s = effectiveSettle("cellxpert", {
      publishDelayHours: 0,
      horizons: { activity: { kind: "days", days: 0 }, earnings: { kind: "month_close", graceDays: 0 } },
    });
    const st = dayStatus("2026-10-31", input("2026-11-01T00:10:00Z", { "2026-10-31": "2026-11-01T00:05:00Z" }, { settings: s }));
    expect(st.state).toBe("settled");
  });

  it("complete through is the end of the settled run from the first pulled day; a gap ends it", () => {
    const pulls: Record<string, string> = {};
    for (let d = "2026-10-01"; d <= "2026-11-19"; d = addDays(d, 1)) pulls[d] = "2026-11-20T07:00:00Z";
    const activityOnly: SettleSettings = { ...SETTINGS, horizons: { ...SETTINGS.horizons, earnings: { kind: "days", days: 7 } } };
    const inp = input("2026-11-20T08:00:00Z", pulls, { settings: activityOnly });
    // 2026-11-12 settles at the start of 2026-11-20 and was pulled after it; 2026-11-13 is still open.
    expect(completeThrough(inp, "2026-10-01", "2026-11-20")).toBe("2026-11-12");
    delete pulls["2026-10-10"];
    const gap = input("2026-11-20T08:00:00Z", pulls, { settings: activityOnly });
    expect(completeThrough(gap, "2026-10-01", "2026-11-20")).toBe("2026-10-09");
    // With the default month-close earnings, October settles only after 2026-11-10.
    expect(completeThrough(input("2026-11-20T08:00:00Z", pulls), "2026-10-11", "2026-11-20")).toBe("2026-10-31");
    expect(completeThrough(input("2026-11-20T08:00:00Z", {}), "2026-11-01", "2026-11-20")).toBeNull();
  });

  it("the least final state wins", () => {
    expect(leastFinal(["settled", "provisional"])).toBe("provisional");
    expect(leastFinal(["settled", "not_reported", "provisional"])).toBe("not_reported");
    expect(leastFinal(["settled"])).toBe("settled");
  });

  it("a later pull never makes a day less final, and time alone never settles it", () => {
    const rank = (s: string) => DAY_STATES.indexOf(s as (typeof DAY_STATES)[number]);
    const base = at("2026-09-01T00:00:00Z");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 150 * 24 }),
        fc.integer({ min: 0, max: 150 * 24 }),
        fc.integer({ min: 0, max: 150 * 24 }),
        fc.constantFrom(...(Object.keys(PLATFORM_SETTLE_DEFAULTS) as (keyof typeof PLATFORM_SETTLE_DEFAULTS)[])),
        (dayOffset, p1, p2, extra, platform) => {
          const day = addDays("2026-09-01", dayOffset);
          const [early, late] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const now = base + (late + extra) * H;
          const settings = PLATFORM_SETTLE_DEFAULTS[platform];
          const s = (pull: number, n = now) =>
            dayStatus(day, { timeZone: "Europe/Malta", now: n, settings, lastPulledAt: new Map([[day, base + pull * H]]) }).state;
          expect(rank(s(late))).toBeGreaterThanOrEqual(rank(s(early)));
          // Same pull, read later: the state does not move.
          expect(s(late, now + 90 * 24 * H)).toBe(s(late));
        },
      ),
      { numRuns: 300 },
    );
  });
});
