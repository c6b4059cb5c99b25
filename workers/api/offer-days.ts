import { dateRangeSchema } from "../../shared/api-schemas";
import { getDb } from "../db/client";
import { fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { offerDays } from "../reports/offer-days";

/** GET /api/offers/:id/days?from&to: the offer's platform days with their state (shared/day-state.ts). */
export const offerDayRoutes = newRouter().get("/", async (c) => {
  const q = dateRangeSchema.safeParse(c.req.query());
  if (!q.success) throw fromZod(q.error, "query");
  const id = c.req.param("id");
  if (!id) throw notFound("offer");
  return c.json(await offerDays(getDb(c.env.DB), c.get("session").workspaceId, id, q.data.from, q.data.to));
});
