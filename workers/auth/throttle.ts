import { inArray, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { authThrottle } from "../db/schema";
import { AppError } from "../lib/errors";

/**
 * Login throttling in fixed 15-minute windows: failed sign-ins per account (known or not: the same
 * answer either way) and per IP. Kept in D1 so every isolate sees the same count.
 */
const WINDOW_MS = 15 * 60_000;
export const LIMITS = { account: 8, ip: 40 } as const;

const keys = (email: string, ip: string) => ({ account: `acct:${email.trim().toLowerCase()}`, ip: `ip:${ip}` });

export async function assertNotThrottled(env: Env, email: string, ip: string, now = Date.now()): Promise<void> {
  const k = keys(email, ip);
  const rows = await getDb(env.DB)
    .select()
    .from(authThrottle)
    .where(inArray(authThrottle.key, [k.account, k.ip]));
  for (const r of rows) {
    if (r.windowStart + WINDOW_MS <= now) continue;
    const limit = r.key === k.account ? LIMITS.account : LIMITS.ip;
    if (r.failures >= limit) {
      const retryAfter = Math.ceil((r.windowStart + WINDOW_MS - now) / 1000);
      throw new AppError(429, "too_many_attempts", `Too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} min`, {
        retryAfter,
      });
    }
  }
}

export async function recordFailure(env: Env, email: string, ip: string, now = Date.now()): Promise<void> {
  const k = keys(email, ip);
  const db = getDb(env.DB);
  const expired = now - WINDOW_MS;
  const bump = (key: string) =>
    db
      .insert(authThrottle)
      .values({ key, windowStart: now, failures: 1 })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          failures: sql`CASE WHEN ${authThrottle.windowStart} <= ${expired} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
          windowStart: sql`CASE WHEN ${authThrottle.windowStart} <= ${expired} THEN ${now} ELSE ${authThrottle.windowStart} END`,
        },
      });
  await db.batch([bump(k.account), bump(k.ip)]);
}

export async function clearAccount(env: Env, email: string): Promise<void> {
  await getDb(env.DB)
    .delete(authThrottle)
    .where(inArray(authThrottle.key, [keys(email, "-").account]));
}
