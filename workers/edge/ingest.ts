import { Hono } from "hono";
import { AppError, onError } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { handleBeacon } from "./beacon";
import { handleClick } from "./click";
import { handlePostback } from "./postback";
import { handleSnippet } from "./snippet";

/**
 * The ingest paths (hot, no session) and the health check, in a router of their own: the Worker's
 * entry (index.ts) sends these paths straight to it, because matching them in the whole app's
 * router (hundreds of /api routes, which Hono serves with its trie router) was a large share of a
 * click's CPU in the V8 profile (docs/performance.md).
 */
export const ingest = new Hono<AppEnv>()
  .get("/healthz", (c) => c.body(null, 204))
  .on(["GET", "HEAD"], "/go/:slug", handleClick)
  .on(["GET", "HEAD"], ["/go", "/go/"], () => {
    throw new AppError(404, "unknown_link", "The link needs its slug: /go/<slug>", { field: "slug" });
  })
  .on(["GET", "POST"], "/pb/:key", handlePostback)
  .on(["GET", "POST"], ["/pb", "/pb/"], () => {
    throw new AppError(404, "unknown_postback_key", "The postback URL needs its key: /pb/<key>", { field: "key" });
  })
  .post("/e", handleBeacon)
  .options("/e", (c) =>
    c.body(null, 204, {
      "Access-Control-Allow-Origin": c.req.header("origin") ?? "*",
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "86400",
    }),
  )
  .get("/s.js", handleSnippet)
  .all("/s.js", (c) => {
    c.header("Allow", "GET, HEAD");
    throw new AppError(405, "method_not_allowed", `${c.req.method} is not allowed on /s.js (use GET)`, {
      field: "method",
      allow: ["GET", "HEAD"],
    });
  });
ingest.onError(onError);

/** Paths `ingest` serves; the Worker's entry checks them before any router runs. */
export const INGEST_PATH = /^\/(?:go\/|pb(?:\/|$)|e$|s\.js$|healthz$)/;
