import { APIError } from "better-auth/api";
import { and, asc, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  changePasswordSchema,
  forgotPasswordSchema,
  loginSchema,
  resetPasswordSchema,
  signupSchema,
  updateMeSchema,
} from "../../shared/account";
import { authFor } from "../auth/auth";
import { assertNotThrottled, clearAccount, recordFailure } from "../auth/throttle";
import { getDb } from "../db/client";
import { members, users, workspaces } from "../db/schema";
import { assertAuthWithinLimit } from "../edge/rate-limit";
import { AppError } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { parseBody } from "./input";
import { originOf, requireUser } from "./session";
import { acceptableInvitation, createWorkspace } from "./workspace-ops";

/**
 * Accounts: sign-up, sign-in, sign-out (here or everywhere), password change and reset. better-auth
 * does the work through its server API; these routes give them our validation, error shape and
 * throttling. better-auth's own HTTP endpoints are not exposed.
 */
/** How one better-auth error code is answered: the input field it is about, and our own status, code and message where its own are unhelpful. */
type Known = string | { field: string; status: ContentfulStatusCode; code: string; message: string };

/**
 * Runs a better-auth call, turning its errors into ours. `known` names the input field a better-auth
 * error code is about (e.g. INVALID_PASSWORD → currentPassword), so a 4xx names it like every other.
 */
async function run<T>(fn: () => Promise<T>, known: Record<string, Known> = {}): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof APIError) {
      const b = err.body as { code?: string; message?: string } | undefined;
      const k = b?.code ? known[b.code] : undefined;
      if (typeof k === "object") throw new AppError(k.status, k.code, k.message, { field: k.field });
      const status = (err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 400) as 400;
      throw new AppError(status, (b?.code ?? "auth_error").toLowerCase(), b?.message ?? err.message, k ? { field: k } : undefined);
    }
    throw err;
  }
}

/** Copies better-auth's Set-Cookie headers onto our response. */
function passCookies(c: Context<AppEnv>, headers: Headers) {
  for (const v of headers.getSetCookie()) c.header("set-cookie", v, { append: true });
}

const ipOf = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "0.0.0.0";
const auth = (c: Context<AppEnv>) => authFor(c.env, originOf(c));

export const authRoutes = newRouter()
  .post("/signup", async (c) => {
    await assertAuthWithinLimit(c.env, c.req.header("cf-connecting-ip"));
    const input = await parseBody(c, signupSchema, "sign-up");
    // Checked before the account exists, so a bad link does not leave an account without a workspace.
    if (input.invitationToken)
      await acceptableInvitation(getDb(c.env.DB), input.invitationToken, input.email, {
        field: "invitationToken",
        emailField: "email",
        verb: "sign up",
      });
    const out = await run(
      () =>
        auth(c).api.signUpEmail({
          body: { name: input.name, email: input.email, password: input.password },
          headers: c.req.raw.headers,
          returnHeaders: true,
        }),
      {
        USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: {
          field: "email",
          status: 409,
          code: "email_taken",
          message: "An account with this email exists: sign in, or reset its password",
        },
      },
    );
    passCookies(c, out.headers);
    const user = out.response.user;
    let workspaceId: string | null = null;
    if (input.workspaceName) {
      const token = out.response.token;
      workspaceId = await createWorkspace(
        c.env,
        { userId: user.id, email: user.email, sessionToken: token ?? undefined },
        { name: input.workspaceName },
      );
    }
    return c.json({ user: { id: user.id, email: user.email, name: user.name }, workspaceId }, 201);
  })
  .post("/login", async (c) => {
    await assertAuthWithinLimit(c.env, c.req.header("cf-connecting-ip"));
    const input = await parseBody(c, loginSchema, "login");
    const ip = ipOf(c);
    await assertNotThrottled(c.env, input.email, ip);
    try {
      const out = await run(() =>
        auth(c).api.signInEmail({
          body: { email: input.email, password: input.password },
          headers: c.req.raw.headers,
          returnHeaders: true,
        }),
      );
      passCookies(c, out.headers);
      await clearAccount(c.env, input.email);
      const u = out.response.user;
      return c.json({ user: { id: u.id, email: u.email, name: u.name } });
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        await recordFailure(c.env, input.email, ip);
        // One answer for an unknown email and a wrong password (better-auth hashes either way, so the timing matches too).
        throw new AppError(401, "bad_credentials", "Email or password is wrong");
      }
      throw err;
    }
  })
  .post("/logout", async (c) => {
    const out = await run(() => auth(c).api.signOut({ headers: c.req.raw.headers, returnHeaders: true }));
    passCookies(c, out.headers);
    return c.json({ ok: true });
  })
  .post("/logout-everywhere", requireUser, async (c) => {
    await run(() => auth(c).api.revokeSessions({ headers: c.req.raw.headers }));
    // The session is gone already; this only clears the cookies.
    const out = await auth(c)
      .api.signOut({ headers: c.req.raw.headers, returnHeaders: true })
      .catch(() => null);
    if (out) passCookies(c, out.headers);
    return c.json({ ok: true });
  })
  .post("/password", requireUser, async (c) => {
    const input = await parseBody(c, changePasswordSchema, "password change");
    const out = await run(() => auth(c).api.changePassword({ body: input, headers: c.req.raw.headers, returnHeaders: true }), {
      INVALID_PASSWORD: "currentPassword",
      PASSWORD_TOO_SHORT: "newPassword",
      PASSWORD_TOO_LONG: "newPassword",
    });
    passCookies(c, out.headers);
    return c.json({ ok: true });
  })
  .post("/password/forgot", async (c) => {
    await assertAuthWithinLimit(c.env, c.req.header("cf-connecting-ip"));
    const input = await parseBody(c, forgotPasswordSchema, "password reset");
    await assertNotThrottled(c.env, input.email, ipOf(c));
    // Counts as an attempt on the account and IP, so the reset form cannot be used to flood a mailbox.
    await recordFailure(c.env, input.email, ipOf(c));
    await run(() =>
      auth(c).api.requestPasswordReset({ body: { email: input.email, redirectTo: "/reset-password" }, headers: c.req.raw.headers }),
    );
    // The same answer whether or not the email has an account.
    return c.json({ ok: true, message: "If that email has an account, a reset link is on its way." });
  })
  .post("/password/reset", async (c) => {
    await assertAuthWithinLimit(c.env, c.req.header("cf-connecting-ip"));
    const input = await parseBody(c, resetPasswordSchema, "password reset");
    await run(() => auth(c).api.resetPassword({ body: input, headers: c.req.raw.headers }), {
      INVALID_TOKEN: "token",
      PASSWORD_TOO_SHORT: "newPassword",
      PASSWORD_TOO_LONG: "newPassword",
    });
    return c.json({ ok: true });
  })
  .get("/me", requireUser, async (c) => {
    const u = c.get("user");
    const db = getDb(c.env.DB);
    const rows = await db
      .select({ m: members, ws: workspaces })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
      .where(eq(members.userId, u.userId))
      .orderBy(asc(workspaces.name));
    const current = rows.find((r) => r.ws.id === u.activeWorkspaceId) ?? rows[0] ?? null;
    return c.json({
      user: { id: u.userId, email: u.email, name: u.name, timezone: u.timezone },
      workspaces: rows.map((r) => ({ id: r.ws.id, name: r.ws.name, role: r.m.role })),
      workspace: current
        ? {
            id: current.ws.id,
            name: current.ws.name,
            reportingCurrency: current.ws.reportingCurrency,
            reportingTimezone: current.ws.reportingTimezone,
          }
        : null,
      membership: current ? { role: current.m.role, hideFinancials: current.m.hideFinancials } : null,
      /** The timezone reports use for this member: their override, else the workspace's. */
      timezone: u.timezone ?? current?.ws.reportingTimezone ?? "UTC",
    });
  })
  .patch("/me", requireUser, async (c) => {
    const input = await parseBody(c, updateMeSchema, "profile");
    const u = c.get("user");
    await getDb(c.env.DB)
      .update(users)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, u.userId)));
    return c.json({ ok: true });
  })
  .all("*", () => {
    throw new AppError(404, "not_found", "No such API route", { field: "path" });
  });
