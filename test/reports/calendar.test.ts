/** shared/time.ts's calendar arithmetic against the platform's own Date (the reference it replaced on hot report paths). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, eachDay } from "../../shared/time";

const viaDate = (date: string, days: number) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};
// Any real day of years 1600–2999, as YYYY-MM-DD.
const day = fc
  .integer({ min: Date.UTC(1600, 0, 1), max: Date.UTC(2999, 11, 31) })
  .map((ms) => new Date(ms - (ms % 86_400_000)).toISOString().slice(0, 10));

describe("calendar days", () => {
  it("addDays equals Date's answer for any day and offset", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -200_000, max: 200_000 }), (d, n) => {
        expect(addDays(d, n)).toBe(viaDate(d, n));
      }),
      { numRuns: 20_000 },
    );
  });

  it("crosses leap days, month ends and years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29");
    expect(addDays("2100-02-28", 1)).toBe("2100-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-03-31", 0)).toBe("2026-03-31");
    expect(eachDay("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });
});
