import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db/client";
import { users, workspaces } from "../db/schema";
import { AppError, fromZod } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { verifyPassword } from "../lib/password";
import { endSession, requireSession, startSession } from "./session";

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  password: z.string().min(1).max(200),
});

export const authRoutes = newRouter()
  .post("/login", async (c) => {
    const body = loginSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw fromZod(body.error, "login");
    const db = getDb(c.env.DB);
    const user = (await db.select().from(users).where(eq(users.email, body.data.email)))[0];
    if (!user || !(await verifyPassword(body.data.password, user.passwordHash))) {
      throw new AppError(401, "bad_credentials", "Email or password is wrong");
    }
    await startSession(c, user.id, user.workspaceId);
    return c.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role } });
  })
  .post("/logout", async (c) => {
    await endSession(c);
    return c.json({ ok: true });
  })
  .get("/me", requireSession, async (c) => {
    const s = c.get("session");
    const ws = (await getDb(c.env.DB).select().from(workspaces).where(eq(workspaces.id, s.workspaceId)))[0];
    return c.json({
      user: { id: s.userId, email: s.email, name: s.name, role: s.role },
      workspace: ws ? { id: ws.id, name: ws.name, reportingCurrency: ws.reportingCurrency, reportingTimezone: ws.reportingTimezone } : null,
    });
  });
