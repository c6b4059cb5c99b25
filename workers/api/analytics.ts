import type { Context } from "hono";
import { analyticsRangeSchema } from "../../shared/api-schemas";
import type { AnalyticsBreakdownResponse, AnalyticsDimension } from "../../shared/report-types";
import { getDb } from "../db/client";
import { hubStub } from "../edge/resolve";
import { notFound } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { analyticsSite, breakdown, DIMENSIONS, previousPeriod, siteAnalytics } from "../reports/site-analytics";
import { parseQuery } from "./input";

/**
 * Site Analytics API, mounted at /api/sites/:id/analytics (signed in; the site must belong to the
 * session's workspace):
 *   GET /                  totals, series, every breakdown, realtime (?from&to[&compare=1][&limit])
 *   GET /breakdown/:dim    one breakdown with more rows (?from&to[&compare=1][&limit≤500])
 *   GET /realtime          visitors in the last 5 minutes (from the site's hub)
 */
function parseRange(c: Context<AppEnv>, maxLimit: number) {
  const q = parseQuery(c, analyticsRangeSchema);
  return { from: q.from, to: q.to, compare: q.compare === "1" || q.compare === "true", limit: Math.min(q.limit ?? 20, maxLimit) };
}

const siteIdOf = (id: string | undefined) => {
  if (!id) throw notFound("site");
  return id;
};

export const analyticsRoutes = newRouter()
  .get("/", async (c) => {
    const workspaceId = c.get("session").workspaceId;
    const siteId = siteIdOf(c.req.param("id"));
    const range = parseRange(c, 50);
    const db = getDb(c.env.DB);
    const site = await analyticsSite(db, workspaceId, siteId);
    const realtime = await hubStub(c.env, site.id).realtime();
    return c.json(await siteAnalytics(db, { workspaceId, siteId: site.id, ...range }, realtime));
  })
  .get("/realtime", async (c) => {
    const site = await analyticsSite(getDb(c.env.DB), c.get("session").workspaceId, siteIdOf(c.req.param("id")));
    return c.json(await hubStub(c.env, site.id).realtime());
  })
  .get("/breakdown/:dim", async (c) => {
    const dim = c.req.param("dim") as AnalyticsDimension;
    if (!DIMENSIONS.includes(dim)) throw notFound(`dimension ${c.req.param("dim")}`, "dim");
    const workspaceId = c.get("session").workspaceId;
    const range = parseRange(c, 500);
    const db = getDb(c.env.DB);
    const site = await analyticsSite(db, workspaceId, siteIdOf(c.req.param("id")));
    const q = { workspaceId, siteId: site.id, ...range };
    const rows = await breakdown(db, q, site.timezone, dim, range, range.compare ? previousPeriod(range.from, range.to) : null);
    const out: AnalyticsBreakdownResponse = { dim, range: { from: range.from, to: range.to, timezone: site.timezone }, rows };
    return c.json(out);
  });
