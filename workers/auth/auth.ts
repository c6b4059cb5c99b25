import { createHmac } from "node:crypto";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { betterAuth } from "better-auth/minimal";
import { getDb } from "../db/client";
import { accounts, sessions, users, verifications } from "../db/schema";
import { mailerFor } from "./mailer";
import { hashPassword, verifyPassword } from "./password";

/**
 * better-auth for accounts, passwords, sessions and password reset (docs/decisions.md says why and
 * what was measured). Workspaces, members, invitations and roles are our own routes under the one
 * authorization middleware; the session carries the active workspace.
 */
function build(env: Env, origin: string) {
  return betterAuth({
    appName: "CasinoFlux",
    baseURL: origin,
    basePath: "/api/auth",
    // One secret to manage: the session-signing key is derived from SECRETS_KEY.
    secret: createHmac("sha256", env.SECRETS_KEY).update("better-auth session key").digest("hex"),
    database: drizzleAdapter(getDb(env.DB), {
      provider: "sqlite",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    trustedOrigins: [origin, ...extraOrigins(env)],
    telemetry: { enabled: false },
    // Throttling is ours (per account and per IP, in D1: workers/auth/throttle.ts); better-auth's is per isolate here.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: "cf",
      ipAddress: { ipAddressHeaders: ["cf-connecting-ip"] },
      database: { generateId: () => crypto.randomUUID() },
    },
    user: { additionalFields: { timezone: { type: "string", required: false, input: false } } },
    session: {
      expiresIn: 14 * 86_400,
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 200,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      password: { hash: hashPassword, verify: verifyPassword },
      resetPasswordTokenExpiresIn: 3600,
      async sendResetPassword({ user, token }) {
        await mailerFor(env).send({
          to: user.email,
          subject: "Reset your CasinoFlux password",
          text: `Someone asked to reset the password of ${user.email}.\n\nSet a new one here (valid for 1 hour):\n${origin}/reset-password?token=${encodeURIComponent(token)}\n\nIf it was not you, ignore this message.`,
        });
      },
    },
  });
}

export type Auth = ReturnType<typeof build>;

export function extraOrigins(env: Env): string[] {
  return (env.DASHBOARD_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const cache = new WeakMap<Env, Map<string, Auth>>();

/** The auth instance for this deployment and origin (built once per isolate). */
export function authFor(env: Env, origin: string): Auth {
  const byOrigin = cache.get(env) ?? new Map<string, Auth>();
  cache.set(env, byOrigin);
  const auth = byOrigin.get(origin) ?? build(env, origin);
  byOrigin.set(origin, auth);
  return auth;
}
