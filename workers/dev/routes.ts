import { and, count, eq, like } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { calendarDate } from "../../shared/time";
import { getDb } from "../db/client";
import { conversions, offers, sites } from "../db/schema";
import { hubStub } from "../edge/resolve";
import { AppError, fromZod } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { randomToken, ulid } from "../lib/ids";
import { encryptSecrets } from "../lib/secrets";
import { runOfferSync } from "../revenue/sync";
import { rollupRowCount, seedBenchYear } from "./bench-year";
import { DEMO_WORKSPACE, seedDemo, seedHistory } from "./seed";

/**
 * Local-only helpers (ENVIRONMENT=development): seed the demo workspace, drain hubs to D1.
 * In production these answer 404, as if they did not exist.
 */
/** Dev-only routes answer 404 outside ENVIRONMENT=development, as if they did not exist. */
const devOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.env.ENVIRONMENT !== "development") throw new AppError(404, "not_found", "not found", { field: "path" });
  await next();
};

export const devRoutes = newRouter()
  .use(devOnly)
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

/** Benchmark helpers (development only): stored-postback count, and a timed bulk revenue sync. */
export const devBenchRoutes = newRouter()
  .use(devOnly)
  .get("/count-conversions", async (c) => {
    const prefix = z
      .object({
        txid_prefix: z
          .string()
          .min(3)
          .max(64)
          .regex(/^[\w-]+$/),
      })
      .safeParse(c.req.query());
    if (!prefix.success) throw fromZod(prefix.error, "query");
    const rows = await getDb(c.env.DB)
      .select({ n: count() })
      .from(conversions)
      .where(and(eq(conversions.workspaceId, DEMO_WORKSPACE), like(conversions.txid, `${prefix.data.txid_prefix}%`)));
    return c.json({ count: rows[0]?.n ?? 0 });
  })
  .post("/bench-year", async (c) => c.json(await seedBenchYear(getDb(c.env.DB), DEMO_WORKSPACE)))
  .get("/rollup-rows", async (c) => c.json({ rows: await rollupRowCount(getDb(c.env.DB), DEMO_WORKSPACE) }))
  .post("/bulk-sync", async (c) => {
    const body = z
      .object({
        sandboxUrl: z.string().url(),
        from: calendarDate,
        to: calendarDate,
        offerId: z.string().optional(),
        rowsPerDay: z.number().int().min(1).max(5000),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw fromZod(body.error, "bulk sync");
    const db = getDb(c.env.DB);
    const offerId = body.data.offerId ?? `of_bulk_${ulid()}`;
    if (!body.data.offerId) {
      await db.insert(offers).values({
        id: offerId,
        workspaceId: DEMO_WORKSPACE,
        name: "Benchmark bulk offer",
        platform: "affilka",
        brand: "Spinia",
        trackingUrl: "https://go.spinia.example/visit/",
        postbackEvents: [],
        postbackKey: randomToken(16),
        apiConfig: { brandId: "12" },
        apiSecretEnc: await encryptSecrets(c.env, {
          reportUrl: `${body.data.sandboxUrl}/affilka/api/customer/v1/partner/report?token=bulk${body.data.rowsPerDay}-${offerId}`,
        }),
        syncEnabled: false,
      });
    }
    const started = Date.now();
    const out = await runOfferSync(c.env, {
      offerId,
      workspaceId: DEMO_WORKSPACE,
      trigger: "test",
      from: body.data.from,
      to: body.data.to,
    });
    if (out.error) throw new AppError(502, "sync_failed", out.error.message);
    return c.json({ offerId, ...out.counts, ms: Date.now() - started });
  });
