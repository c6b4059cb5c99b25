import { AppError } from "../lib/errors";

/**
 * Rate limits on the public paths, through Cloudflare's Rate Limiting binding (wrangler.toml
 * `[[ratelimits]]`, where each limit is set): a counter per key in the Cloudflare location that
 * serves the request, no storage round trip, so the hot paths can afford it on every request.
 * Every period is 60 s, hence Retry-After 60.
 */
export const RETRY_AFTER_S = 60;

/**
 * The client's address as a limiter key: IPv6 counts as its /64 (one household or phone gets a
 * whole /64, so per-address counting would be trivially bypassed). null when the request carries
 * none, which only happens off Cloudflare (local runs, tests without an address): then the per-IP
 * limits do not apply, rather than every such request sharing one counter.
 */
export function ipKey(ip: string | null | undefined): string | null {
  if (!ip) return null;
  if (!ip.includes(":")) return ip;
  const v6 = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail = ""] = v6.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = v6.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  // Written forms differ (leading zeros, "::"): the key is the canonical first four groups.
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}

/** True when `key` is over `limiter`'s budget. A limiter that fails open never blocks: a visitor's path and a sender's postback matter more. */
async function over(limiter: RateLimit, key: string | null): Promise<boolean> {
  if (key === null) return false;
  try {
    return !(await limiter.limit({ key })).success;
  } catch (err) {
    console.error("rate limiter unavailable", String(err));
    return false;
  }
}

/** Whether the client's address is over `limiter`'s budget (this request counted). */
export function ipOverLimit(limiter: RateLimit, ip: string | null | undefined): Promise<boolean> {
  return over(limiter, ipKey(ip));
}

/** Whether the site (or any other key) is over `limiter`'s budget (this request counted). */
export function keyOverLimit(limiter: RateLimit, key: string): Promise<boolean> {
  return over(limiter, key);
}

/** Whether the client's IP or the site is over its budget (both counted, in parallel). */
export async function overLimits(
  ipLimiter: RateLimit,
  ip: string | null | undefined,
  siteLimiter: RateLimit,
  site: string,
): Promise<boolean> {
  const [a, b] = await Promise.all([ipOverLimit(ipLimiter, ip), keyOverLimit(siteLimiter, site)]);
  return a || b;
}

export function tooManyRequests(what: string): AppError {
  return new AppError(429, "rate_limited", `Too many ${what}; try again in ${RETRY_AFTER_S} s`, { retryAfter: RETRY_AFTER_S });
}

/** Sign-up, sign-in and password reset: per client IP, on top of the per-account throttle in D1 (auth/throttle.ts). */
export async function assertAuthWithinLimit(env: Env, ip: string | null | undefined): Promise<void> {
  if (await over(env.AUTH_IP_LIMIT, ipKey(ip))) throw tooManyRequests("sign-in, sign-up or reset attempts from this address");
}
