/**
 * Benchmark only (development): a year of data for the demo workspace, generated inside D1 by
 * recursive CTEs (no rows travel over the wire): 2M clicks over the demo links, 200k conversions on
 * one click in ten (spread over the links) (some reversed), 100k revenue rows, and 20M pageviews as hourly analytics rollups.
 * Report rollups are then built by the ordinary rebuild path (POST /api/reports/rollups/rebuild).
 */
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import {
  analyticsHourly,
  clicks,
  conversions,
  revenueRows,
  rollupClicks,
  rollupConversions,
  rollupRevenue,
  trackingLinks,
} from "../db/schema";

const DAY = 86_400_000;

export async function seedBenchYear(db: DB, workspaceId: string, now = Date.now()): Promise<Record<string, number>> {
  const start = Math.floor(now / DAY) * DAY - 365 * DAY;
  const clickStep = Math.floor((365 * DAY) / 2_000_000);
  const links = sql`links AS (SELECT row_number() OVER (ORDER BY ${trackingLinks.id}) - 1 AS k, ${trackingLinks.id} AS id, ${trackingLinks.siteId} AS site_id,
      ${trackingLinks.campaignId} AS campaign_id, ${trackingLinks.offerId} AS offer_id FROM ${trackingLinks} WHERE ${trackingLinks.workspaceId} = ${workspaceId}),
    nl AS (SELECT count(*) AS c FROM links)`;
  // 2M clicks in 10 statements of 200k.
  for (let part = 0; part < 10; part++) {
    const lo = part * 200_000;
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM n WHERE i < ${lo + 199_999}), ${links}
      INSERT INTO ${clicks} (id, workspace_id, site_id, link_id, campaign_id, offer_id, ts, day, visitor_hash, is_unique, flag, country, sub_ids, placement, referrer)
      SELECT 'bench' || printf('%027d', n.i), ${workspaceId}, l.site_id, l.id, l.campaign_id, l.offer_id, ${start} + n.i * ${clickStep},
        date((${start} + n.i * ${clickStep}) / 1000, 'unixepoch'), 'v' || (n.i % 50000), (n.i % 5) <> 0,
        CASE WHEN n.i % 40 = 0 THEN 'bot' END, substr('GBDEFICASENO', 1 + (n.i % 6) * 2, 2), '{"sub1":"s' || (n.i % 20) || '"}', NULL, NULL
      FROM n JOIN nl JOIN links AS l ON l.k = n.i % nl.c`);
  }
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999)
    INSERT INTO ${conversions} (id, workspace_id, site_id, offer_id, campaign_id, click_id, attributed, event_type, status, amount_micros, currency, player_id, txid, dedupe_key, occurred_at, day, updated_at)
    SELECT 'cvbench' || n.i, ${workspaceId}, c.site_id, c.offer_id, c.campaign_id, c.id, 1,
      CASE n.i % 4 WHEN 2 THEN 'ftd' WHEN 3 THEN 'deposit' ELSE 'registration' END,
      CASE WHEN n.i % 50 = 0 THEN 'chargeback' ELSE 'approved' END,
      CASE WHEN n.i % 4 >= 2 THEN 25000000 END, CASE WHEN n.i % 4 >= 2 THEN 'EUR' END, NULL, NULL,
      'bench:' || n.i, c.ts + 600000, c.day, c.ts + 600000
    FROM n JOIN ${clicks} AS c ON c.id = 'bench' || printf('%027d', n.i * 10 + n.i % 5)`);
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999), ${links}
    INSERT INTO ${revenueRows} (id, workspace_id, offer_id, site_id, campaign_id, platform, natural_key, report_date, report_tz, date_basis, granularity,
      sub_ids, placement, country, registrations, ftd_count, qftd_count, deposits_micros, ngr_micros, commission_total_micros, currency, currency_origin,
      row_hash, revision, state, sync_run_id, fetched_at)
    SELECT 'rvbench' || n.i, ${workspaceId}, l.offer_id, l.site_id, l.campaign_id, 'affilka', 'bench:' || n.i,
      date((${start} + (n.i % 365) * ${DAY}) / 1000, 'unixepoch'), 'UTC', 'activity', 'day', '{}', 'tag',
      substr('GBDEFICASENO', 1 + (n.i % 6) * 2, 2), n.i % 5, n.i % 3, n.i % 2, (n.i % 13) * 10000000, (n.i % 11) * 7000000,
      (n.i % 97) * 1000000, 'EUR', 'api_field', 'h' || n.i, 1, 'active', 'bench', ${now}
    FROM n JOIN nl JOIN links AS l ON l.k = (n.i / 365) % nl.c`);
  // 20M pageviews: per site and hour, a total row and five page rows (≈1,140 pageviews per site-hour).
  await db.run(sql`WITH RECURSIVE h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h WHERE i < ${365 * 24 - 1}),
      ${links}, s AS (SELECT DISTINCT site_id FROM links), p(v) AS (VALUES ('total'), ('/'), ('/casinos'), ('/bonus'), ('/reviews'), ('/news'))
    INSERT INTO ${analyticsHourly} (workspace_id, site_id, hour, dim, value, pageviews, visitors, visits, bounces, engaged_ms, offer_clicks, click_visits)
    SELECT ${workspaceId}, s.site_id, ${start} + h.i * 3600000, CASE WHEN p.v = 'total' THEN 'total' ELSE 'page' END, CASE WHEN p.v = 'total' THEN '' ELSE p.v END,
      CASE WHEN p.v = 'total' THEN 1141 ELSE 228 END, 400, 500, 200, 60000, 20, 15
    FROM h JOIN s JOIN p
    WHERE true ON CONFLICT DO NOTHING`);
  const countOf = async (t: typeof clicks | typeof conversions | typeof revenueRows | typeof analyticsHourly) =>
    (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${t} WHERE workspace_id = ${workspaceId}`))[0]?.n ?? 0;
  const pv =
    (
      await db.all<{ n: number }>(
        sql`SELECT sum(pageviews) AS n FROM ${analyticsHourly} WHERE workspace_id = ${workspaceId} AND dim = 'total'`,
      )
    )[0]?.n ?? 0;
  return {
    clicks: await countOf(clicks),
    conversions: await countOf(conversions),
    revenueRows: await countOf(revenueRows),
    analyticsRows: await countOf(analyticsHourly),
    pageviews: pv,
  };
}

export async function rollupRowCount(db: DB, workspaceId: string): Promise<number> {
  let n = 0;
  for (const t of [rollupClicks, rollupConversions, rollupRevenue])
    n += (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${t} WHERE workspace_id = ${workspaceId}`))[0]?.n ?? 0;
  return n;
}
