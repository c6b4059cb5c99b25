import { and, eq } from "drizzle-orm";
import { dateRangeSchema } from "../../shared/api-schemas";
import { getDb } from "../db/client";
import { campaigns, sites } from "../db/schema";
import { hubStub } from "../edge/resolve";
import { fromZod, notFound } from "../lib/errors";
import { HIDE_FINANCIALS_HEADER } from "../lib/financials";
import { newRouter } from "../lib/hono";
import { siteOverview } from "../reports/site-overview";
import { siteOverviewCsv } from "../reports/site-overview-csv";
import { requireSession } from "./session";

export const siteRoutes = newRouter()
  .use(requireSession)
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const rows = await db.select().from(sites).where(eq(sites.workspaceId, ws)).orderBy(sites.name);
    const camps = await db
      .select({ id: campaigns.id, name: campaigns.name, siteId: campaigns.siteId })
      .from(campaigns)
      .where(eq(campaigns.workspaceId, ws));
    return c.json({
      sites: rows.map((s) => ({
        id: s.id,
        name: s.name,
        domains: s.domains,
        market: s.market,
        timezone: s.timezone,
        publicKey: s.publicKey,
        campaigns: camps.filter((x) => x.siteId === s.id).map((x) => ({ id: x.id, name: x.name })),
      })),
    });
  })
  .get("/:id/overview", async (c) => {
    const q = dateRangeSchema.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, "query");
    const out = await siteOverview(getDb(c.env.DB), {
      workspaceId: c.get("session").workspaceId,
      siteId: c.req.param("id"),
      from: q.data.from,
      to: q.data.to,
      campaignId: q.data.campaign,
    });
    return c.json(out);
  })
  .get("/:id/overview.csv", async (c) => {
    const q = dateRangeSchema.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, "query");
    const { workspaceId } = c.get("session");
    const query = { workspaceId, siteId: c.req.param("id"), from: q.data.from, to: q.data.to, campaignId: q.data.campaign };
    return c.body(siteOverviewCsv(await siteOverview(getDb(c.env.DB), query)), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="site-overview-${q.data.from}-${q.data.to}.csv"`,
    });
  })
  .get("/:id/live", async (c) => {
    const ws = c.get("session").workspaceId;
    const site = (
      await getDb(c.env.DB)
        .select({ id: sites.id })
        .from(sites)
        .where(and(eq(sites.id, c.req.param("id")), eq(sites.workspaceId, ws)))
    )[0];
    if (!site) throw notFound("site");
    const hub = hubStub(c.env, site.id);
    // WebSocket upgrade goes to the site's hub (hibernation API); plain GET returns a snapshot.
    if (c.req.header("upgrade") === "websocket") {
      const headers = new Headers(c.req.raw.headers);
      headers.set(HIDE_FINANCIALS_HEADER, c.get("session").hideFinancials ? "1" : "0");
      return hub.fetch(new Request(c.req.raw, { headers }));
    }
    return c.json(await hub.live());
  });
