/**
 * Merged reports across sites: the Site Report (JSON and CSV), the all-sites Site Overview, and the
 * on-demand rollup rebuild. Figures come from read models in workers/reports/; days are the
 * member's reporting timezone (session), revenue stays on its platform day.
 */

import type { Context } from "hono";
import { queryRange, siteOverviewQuerySchema, siteReportQuerySchema } from "../../shared/site-report";
import { localDate } from "../../shared/time";
import { getDb } from "../db/client";
import { audit } from "../lib/audit";
import { fromZod } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { newRouter } from "../lib/hono";
import type { FactSource } from "../reports/report-facts";
import { rollupZoneStates } from "../reports/rollup-zones";
import { siteOverview } from "../reports/site-overview";
import { siteOverviewCsv } from "../reports/site-overview-csv";
import { siteReport } from "../reports/site-report";
import { siteReportCsv } from "../reports/site-report-csv";
import { ensureZone, rebuildZone, zonesInUse } from "../rollups/rebuild";

const LOCAL_ENVS = new Set(["development", "test"]);

/**
 * Rollups when the member's zone is ready; raw rows while it builds (its rebuild is started here),
 * for sub-id breakdowns (rollups carry no sub-ids), and for the local-only `naive=1` (the benchmark's
 * raw-scan figure and the tests' reference; ignored in production).
 */
export async function factSource(c: Context<AppEnv>, needsRaw: boolean): Promise<FactSource> {
  if (LOCAL_ENVS.has(c.env.ENVIRONMENT) && c.req.query("naive") === "1") return "raw";
  const { workspaceId, timezone } = c.get("session");
  const db = getDb(c.env.DB);
  const zone = await ensureZone(db, workspaceId, timezone);
  if (zone.rebuild) c.executionCtx.waitUntil(rebuildZone(db, workspaceId, timezone));
  return zone.state === "ready" && !needsRaw ? "rollup" : "raw";
}

/** The report; `allRows` = every row on one page (the CSV). */
async function report(c: Context<AppEnv>, allRows = false) {
  const parsed = siteReportQuerySchema.safeParse(c.req.query());
  if (!parsed.success) throw fromZod(parsed.error, "query");
  const q = allRows ? { ...parsed.data, page: 1, pageSize: Number.MAX_SAFE_INTEGER } : parsed.data;
  const { workspaceId, timezone } = c.get("session");
  const range = queryRange(q, localDate(Date.now(), timezone));
  const source = await factSource(c, q.dimension1 === "subId" || q.dimension2 === "subId" || q.subId !== undefined);
  return siteReport(getDb(c.env.DB), { workspaceId, tz: timezone, ...range, query: q, source });
}

export async function overviewFor(c: Context<AppEnv>, siteId: string | null) {
  const parsed = siteOverviewQuerySchema.safeParse(c.req.query());
  if (!parsed.success) throw fromZod(parsed.error, "query");
  const q = parsed.data;
  const { workspaceId, timezone } = c.get("session");
  const range = queryRange(q, localDate(Date.now(), timezone));
  const source = await factSource(c, false);
  return siteOverview(getDb(c.env.DB), {
    workspaceId,
    siteId,
    tz: timezone,
    ...range,
    campaignId: q.campaign,
    compare: q.compare,
    source,
  });
}

export const reportRoutes = newRouter()
  .get("/site", async (c) => c.json(await report(c)))
  .get("/site.csv", async (c) => {
    // Every row (all pages) in the table's order.
    const r = await report(c, true);
    return c.body(siteReportCsv(r), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="site-report-${r.query.from}-${r.query.to}.csv"`,
    });
  })
  .get("/overview", async (c) => c.json(await overviewFor(c, null)))
  .get("/overview.csv", async (c) => {
    const o = await overviewFor(c, null);
    return c.body(siteOverviewCsv(o), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="overview-${o.range.from}-${o.range.to}.csv"`,
    });
  })
  .get("/rollups", async (c) => c.json(await rollupZoneStates(getDb(c.env.DB), c.get("session").workspaceId)))
  .post("/rollups/rebuild", async (c) => {
    const { workspaceId, timezone } = c.get("session");
    const db = getDb(c.env.DB);
    const zones = [...new Set([...(await zonesInUse(db, workspaceId)), timezone])].sort();
    for (const tz of zones) await rebuildZone(db, workspaceId, tz);
    await audit(c, {
      action: "reports.rollups_rebuild",
      entityType: "workspace",
      entityId: workspaceId,
      summary: `Report rollups rebuilt (${zones.join(", ")})`,
    });
    return c.json({ zones: zones.map((tz) => ({ tz, state: "ready" as const })) });
  });
