import type { MiddlewareHandler } from "hono";
import { extraOrigins } from "../auth/auth";
import { AppError } from "./errors";
import type { AppEnv } from "./hono";

/**
 * CSRF: a cookie-authenticated write must come from the dashboard's own origin (or one listed in
 * DASHBOARD_ORIGINS). Browsers always send Origin on cross-site POST/PUT/PATCH/DELETE and on WebSocket
 * upgrades, so a missing Origin means a non-browser client, which carries no ambient cookie risk.
 */
export const sameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  // A Bearer request carries its own credential, which no browser adds cross-site without CORS
  // (which we do not grant); it is no ambient-cookie risk, so scripts may call from anywhere.
  if (c.req.header("authorization")?.startsWith("Bearer ")) return next();
  const method = c.req.method;
  const upgrade = c.req.header("upgrade") === "websocket";
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") checkOrigin(c.req.header("origin"), c.req.url, c.env);
  else if (upgrade) checkOrigin(c.req.header("origin"), c.req.url, c.env);
  await next();
};

function checkOrigin(origin: string | undefined, url: string, env: Env): void {
  if (origin === undefined) return;
  const self = new URL(url).origin;
  if (origin === self || extraOrigins(env).includes(origin)) return;
  throw new AppError(403, "cross_origin", "Requests that change data must come from the CasinoFlux dashboard");
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

/** Security headers for the dashboard and the API (ingest paths keep theirs minimal and fast). */
export function securityHeaders(res: Response, url: string): Response {
  const h = res.headers;
  // Static asset responses can be immutable; copy before changing headers.
  const out = h.has("content-security-policy") ? res : new Response(res.body, res);
  const oh = out.headers;
  // A response with its own policy keeps it.
  if (!h.has("content-security-policy")) oh.set("content-security-policy", CSP);
  oh.set("x-frame-options", "DENY");
  oh.set("referrer-policy", "strict-origin-when-cross-origin");
  oh.set("x-content-type-options", "nosniff");
  oh.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
  if (url.startsWith("https:")) oh.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  // API answers are per user and per moment: never reuse one from a cache (Back included).
  if (!oh.has("cache-control")) oh.set("cache-control", "no-store");
  return out;
}
