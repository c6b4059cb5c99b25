import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db/client";
import { sites } from "../db/schema";
import { hubStub } from "../edge/resolve";
import { AppError, fromZod } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { DEMO_WORKSPACE, seedDemo, seedHistory } from "./seed";

/**
 * Local-only helpers (ENVIRONMENT=development): seed the demo workspace, drain hubs to D1.
 * In production these answer 404, as if they did not exist.
 */
export const devRoutes = newRouter()
  .use(async (c, next) => {
    if (c.env.ENVIRONMENT !== "development") throw new AppError(404, "not_found", "not found");
    await next();
  })
  .post("/seed", async (c) => {
    const body = z
      .object({ sandboxUrl: z.string().url(), password: z.string().min(8).max(100), history: z.boolean().optional() })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw fromZod(body.error, "seed");
    const out = await seedDemo(c.env, getDb(c.env.DB), body.data);
    if (body.data.history) await seedHistory(getDb(c.env.DB));
    return c.json(out);
  })
  .post("/drain", async (c) => {
    const rows = await getDb(c.env.DB).select({ id: sites.id }).from(sites).where(eq(sites.workspaceId, DEMO_WORKSPACE));
    const names = [...rows.map((r) => r.id), `ws:${DEMO_WORKSPACE}`];
    const out: Record<string, unknown> = {};
    for (const n of names) out[n] = await hubStub(c.env, n).flushAll();
    return c.json(out);
  });
