/** Discrepancies report (JSON and CSV) and drill-down: read-only, over the member's reporting timezone unless `tz` is given. */
import { discrepanciesQuerySchema, drillQuerySchema } from "../../shared/discrepancies";
import { getDb } from "../db/client";
import { fromZod } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { discrepancies } from "../reports/discrepancies";
import { discrepanciesCsv } from "../reports/discrepancies-csv";
import { drill } from "../reports/drill";

export const discrepancyRoutes = newRouter()
  .get("/discrepancies", async (c) => {
    const q = discrepanciesQuerySchema.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, "query");
    const s = c.get("session");
    return c.json(await discrepancies(getDb(c.env.DB), input(q.data, s.workspaceId, s.timezone)));
  })
  .get("/discrepancies.csv", async (c) => {
    const q = discrepanciesQuerySchema.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, "query");
    const s = c.get("session");
    const out = await discrepancies(getDb(c.env.DB), input(q.data, s.workspaceId, s.timezone));
    return c.body(discrepanciesCsv(out), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="discrepancies-${q.data.from}-${q.data.to}.csv"`,
    });
  });

export const drillRoutes = newRouter().get("/", async (c) => {
  const q = drillQuerySchema.safeParse(c.req.query());
  if (!q.success) throw fromZod(q.error, "query");
  const s = c.get("session");
  return c.json(await drill(getDb(c.env.DB), { ...q.data, workspaceId: s.workspaceId, memberTz: s.timezone }));
});

function input(q: import("../../shared/discrepancies").DiscrepanciesQuery, workspaceId: string, memberTz: string) {
  return { workspaceId, from: q.from, to: q.to, timezone: q.tz ?? memberTz, threshold: q.threshold, siteId: q.site, offerId: q.offer };
}
