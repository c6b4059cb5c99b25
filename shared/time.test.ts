import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDate } from "./time";

/** The slow, obviously right answer: the zone's calendar date straight from Intl. */
function reference(ms: number, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

const ZONES = ["UTC", "Europe/London", "Europe/Malta", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"];

describe("localDate", () => {
  it("agrees with Intl for any instant, in any order of calls (the per-zone day cache never answers for the wrong day)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...ZONES)), {
          minLength: 1,
          maxLength: 40,
        }),
        (calls) => {
          for (const [ms, tz] of calls) expect(localDate(ms, tz)).toBe(reference(ms, tz));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("switches day exactly at local midnight, including on DST change days", () => {
    // Europe/London: clocks go forward at 01:00 UTC on 2026-03-29, back at 01:00 UTC on 2026-10-25.
    const zone = "Europe/London";
    for (const midnightUtc of [Date.UTC(2026, 2, 28, 0), Date.UTC(2026, 2, 29, 23), Date.UTC(2026, 9, 25, 23), Date.UTC(2026, 9, 25, 0)]) {
      expect(localDate(midnightUtc - 1, zone)).toBe(reference(midnightUtc - 1, zone));
      expect(localDate(midnightUtc, zone)).toBe(reference(midnightUtc, zone));
      expect(localDate(midnightUtc + 1, zone)).toBe(reference(midnightUtc + 1, zone));
    }
  });
});
