/**
 * Operator-layer rollups: revenue rows per platform day (never shifted into another timezone).
 * Revenue arrives as whole partitions (offer × window) that replace what was stored, and rows move
 * between sites when a tag route changes, so the rollup for the affected (offer, days) is rewritten
 * from the raw rows in the same batch, not adjusted by deltas: restatements and moves stay exact.
 */
import { and, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { revenueRows, rollupRevenue } from "../db/schema";

/** Delete + re-insert of the offer's rollup over [from, to] (all days when omitted); for a batch after the raw writes. */
export function revenueRollupRefresh(workspaceId: string, offerId: string | null, from?: string, to?: string): SQL[] {
  const r = revenueRows;
  const t = rollupRevenue;
  const del = sql`DELETE FROM ${t} WHERE ${and(
    eq(t.workspaceId, workspaceId),
    offerId === null ? undefined : eq(t.offerId, offerId),
    from === undefined ? undefined : gte(t.day, from),
    to === undefined ? undefined : lte(t.day, to),
  )}`;
  // sum()/count() of a column: count() skips nulls, so N = 0 keeps "not reported" apart from 0.
  const figure = (col: SQLiteColumn) => sql`coalesce(sum(${col}), 0), count(${col})`;
  const ins = sql`INSERT INTO ${t} (workspace_id, day, offer_id, site_id, campaign_id, market, currency, rows,
      registrations, registrations_n, ftds, ftds_n, qftds, qftds_n, deposits_micros, deposits_n, ngr_micros, ngr_n,
      commission_micros, commission_n, commission_reporting_micros, commission_reporting_n)
    SELECT ${r.workspaceId}, ${r.reportDate}, ${r.offerId}, coalesce(${r.siteId}, ''), coalesce(${r.campaignId}, ''),
      coalesce(${r.country}, ''), ${r.currency}, count(*),
      ${figure(r.registrations)}, ${figure(r.ftdCount)}, ${figure(r.qftdCount)}, ${figure(r.depositsMicros)},
      ${figure(r.ngrMicros)}, ${figure(r.commissionTotalMicros)}, ${figure(r.commissionReportingMicros)}
    FROM ${r}
    WHERE ${and(
      eq(r.workspaceId, workspaceId),
      offerId === null ? undefined : eq(r.offerId, offerId),
      eq(r.state, "active"),
      eq(r.granularity, "day"),
      from === undefined ? undefined : gte(r.reportDate, from),
      to === undefined ? undefined : lte(r.reportDate, to),
    )}
    GROUP BY 1, 2, 3, 4, 5, 6, 7`;
  return [del, ins];
}
