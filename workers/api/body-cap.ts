import type { MiddlewareHandler } from "hono";
import { readBodyCapped } from "../edge/read-body";
import type { AppEnv } from "../lib/hono";

/**
 * The one body cap for /api/*: the largest legitimate body (an API Setup with a pasted report URL
 * and a column mapping) is a few KB, so 64 KB leaves room without letting a 20 MB body be parsed.
 */
export const API_MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses an oversized body (413) before it is read whole — by Content-Length, else while streaming —
 * and hands the handlers the capped bytes, so `c.req.json()` can never read past the cap.
 */
export const apiBodyCap: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS" || !c.req.raw.body) return next();
  const body = await readBodyCapped(c.req.raw, API_MAX_BODY_BYTES, "API request");
  c.req.raw = new Request(c.req.url, { method, headers: c.req.raw.headers, body });
  await next();
};
