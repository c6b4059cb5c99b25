/**
 * Day bucketing of raw rows in SQL (rebuilds, raw reports) must equal the flush's JS bucketing
 * (localDate) at every instant, across the EU and US DST switches and in half-hour zones.
 */
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { localDate } from "../../shared/time";
import { getDb } from "../db/client";
import { localDayExpr, zoneSegments } from "./zones";

const SWITCHES = [
  { tz: "Europe/London", at: "2026-03-29T01:00:00Z" },
  { tz: "Europe/Berlin", at: "2026-03-29T01:00:00Z" },
  { tz: "Europe/Berlin", at: "2026-10-25T01:00:00Z" },
  { tz: "America/New_York", at: "2026-03-08T07:00:00Z" },
  { tz: "America/New_York", at: "2026-11-01T06:00:00Z" },
  { tz: "America/Los_Angeles", at: "2026-03-08T10:00:00Z" },
  { tz: "Asia/Kolkata", at: "2026-03-29T18:30:00Z" },
  { tz: "Australia/Lord_Howe", at: "2026-04-04T15:00:00Z" },
];

describe.each(SWITCHES)("local days in $tz around $at", ({ tz, at }) => {
  it("SQL bucketing equals localDate for every 15 minutes over two days", async () => {
    const mid = Date.parse(at);
    const from = mid - 26 * 3_600_000;
    const to = mid + 26 * 3_600_000;
    const segs = zoneSegments(tz, from - 86_400_000, to + 86_400_000);
    const instants: number[] = [];
    for (let t = from; t < to; t += 15 * 60_000) instants.push(t, t + 59_999, t - 1);
    const rows = await getDb(env.DB).all<{ t: number; d: string }>(
      sql`SELECT value AS t, ${localDayExpr(sql`value`, segs)} AS d FROM json_each(${JSON.stringify(instants)})`,
    );
    expect(rows).toHaveLength(instants.length);
    for (const r of rows) expect(r.d, `${new Date(r.t).toISOString()} in ${tz}`).toBe(localDate(r.t, tz));
  });
});
