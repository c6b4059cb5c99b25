import { and, count, eq, gte, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { CLICK_FLAG_LABELS, CLICK_FLAGS, type ClickFlag, type ClickFlagCounts, isClickFlag } from "../../shared/click-flags";
import type { DB } from "../db/client";
import { clicks, sites } from "../db/schema";
import { notFound } from "../lib/errors";

/**
 * Whether a stored click counts: no flag, or a flag the site counts anyway. Decided when read, so
 * turning a rule on or off changes every report at once, past days included (docs/decisions.md,
 * "Flagged clicks are stored, counting decides when read").
 */
export function countedClick(countedFlags: readonly ClickFlag[]): SQL {
  const valid = countedFlags.filter(isClickFlag);
  return (valid.length ? or(isNull(clicks.flag), inArray(clicks.flag, valid)) : isNull(clicks.flag)) as SQL;
}

/**
 * The same rule for any set of rows, sites mixed: SQL true when a row with click flag `flag` ("" =
 * clean) counts under the counted flags of its site `site`. Reports (raw rows and rollups, one site
 * or all) and drill-down share it, so drilled clicks add up to the figure.
 */
export function countedForSite(site: SQL, flag: SQL): SQL {
  return sql`(${flag} = '' OR ${flag} IN (SELECT cf.value FROM ${sites} AS cs, json_each(cs.counted_flags) AS cf WHERE cs.id = ${site}))`;
}

/** Stored clicks of one site per flag reason in [from, to] (site-local days). */
export async function clickFlagCounts(db: DB, workspaceId: string, siteId: string, from: string, to: string): Promise<ClickFlagCounts> {
  const site = (
    await db
      .select({ countedFlags: sites.countedFlags })
      .from(sites)
      .where(and(eq(sites.id, siteId), eq(sites.workspaceId, workspaceId)))
  )[0];
  if (!site) throw notFound("site");
  const rows = await db
    .select({ flag: clicks.flag, n: count() })
    .from(clicks)
    .where(and(eq(clicks.workspaceId, workspaceId), eq(clicks.siteId, siteId), gte(clicks.day, from), lte(clicks.day, to)))
    .groupBy(clicks.flag)
    .orderBy(sql`${clicks.flag}`);
  const counted = site.countedFlags.filter(isClickFlag);
  const clean = rows.find((r) => r.flag === null)?.n ?? 0;
  // Every known reason is listed (0 when none), plus any older reason a click still carries.
  const reasons = [...CLICK_FLAGS, ...rows.map((r) => r.flag).filter((f): f is string => f !== null && !isClickFlag(f))].map((reason) => ({
    reason,
    label: isClickFlag(reason) ? CLICK_FLAG_LABELS[reason] : reason,
    clicks: rows.find((r) => r.flag === reason)?.n ?? 0,
    counted: isClickFlag(reason) && counted.includes(reason),
  }));
  return {
    siteId,
    from,
    to,
    clean,
    reasons,
    countedFlags: counted,
    countedClicks: clean + reasons.filter((r) => r.counted).reduce((a, r) => a + r.clicks, 0),
  };
}
