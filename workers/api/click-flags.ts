import { and, eq } from "drizzle-orm";
import { dateRangeSchema } from "../../shared/api-schemas";
import { clickFlagRulesSchema } from "../../shared/click-flags";
import { getDb } from "../db/client";
import { sites } from "../db/schema";
import { auditRow } from "../lib/audit";
import { fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { clickFlagCounts } from "../reports/click-flags";
import { parseBody } from "./input";

/**
 * Flagged clicks of a site, mounted at /api/sites/:id/click-flags:
 *   GET ?from&to   stored clicks per reason (bot, preview, HEAD, rate limit, …) and which are counted
 *   PUT            { countedFlags } — the reasons this site counts anyway; reports follow at once
 */
export const clickFlagRoutes = newRouter()
  .get("/", async (c) => {
    const q = dateRangeSchema.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, "query");
    const ws = c.get("session").workspaceId;
    return c.json(await clickFlagCounts(getDb(c.env.DB), ws, c.req.param("id") ?? "", q.data.from, q.data.to));
  })
  .put("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const id = c.req.param("id") ?? "";
    const db = getDb(c.env.DB);
    const site = (
      await db
        .select({ id: sites.id, name: sites.name, countedFlags: sites.countedFlags })
        .from(sites)
        .where(and(eq(sites.id, id), eq(sites.workspaceId, ws)))
    )[0];
    if (!site) throw notFound("site");
    const next = [...new Set((await parseBody(c, clickFlagRulesSchema, "click flag rules")).countedFlags)].sort();
    if (next.join() !== [...site.countedFlags].sort().join()) {
      await db.batch([
        db
          .update(sites)
          .set({ countedFlags: next })
          .where(and(eq(sites.id, id), eq(sites.workspaceId, ws))),
        auditRow(c, {
          action: "site.click_flags",
          entityType: "site",
          entityId: id,
          summary: `Counted click flags of site ${site.name}: ${next.length ? next.join(", ") : "none"}`,
          diff: { countedFlags: [site.countedFlags, next] },
        }),
      ]);
    }
    return c.json({ siteId: id, countedFlags: next });
  });
