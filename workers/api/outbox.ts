import { desc } from "drizzle-orm";
import { getDb } from "../db/client";
import { devOutbox } from "../db/schema";
import { AppError } from "../lib/errors";
import { newRouter } from "../lib/hono";

/** The dev outbox: mail "sent" while no mail provider is configured (local runs). 404 in production. */
export const outboxRoutes = newRouter().get("/", async (c) => {
  if (c.env.ENVIRONMENT === "production" || c.env.MAIL_API_KEY)
    throw new AppError(404, "not_found", "No such API route", { field: "path" });
  const rows = await getDb(c.env.DB).select().from(devOutbox).orderBy(desc(devOutbox.sentAt)).limit(50);
  return c.json({ mail: rows });
});
