import { Hono } from "hono";
import { analyticsRoutes } from "./api/analytics";
import { authRoutes } from "./api/auth";
import { campaignRoutes, linkRoutes } from "./api/links";
import { offerRoutes } from "./api/offers";
import { postbackRoutes } from "./api/postbacks";
import { siteRoutes } from "./api/sites";
import { tagRouteApi } from "./api/tag-routes";
import { devBenchRoutes, devRoutes } from "./dev/routes";
import { handleBeacon } from "./edge/beacon";
import { handleClick } from "./edge/click";
import { handlePostback } from "./edge/postback";
import { handleSnippet } from "./edge/snippet";
import { AppError, onError } from "./lib/errors";
import type { AppEnv } from "./lib/hono";

/** Routes. Ingest paths first (hot), dashboard API under /api, everything else is the SPA (static assets). */
export const app = new Hono<AppEnv>()
  .get("/healthz", (c) => c.body(null, 204))
  .on(["GET", "HEAD"], "/go/:slug", handleClick)
  .on(["GET", "POST"], "/pb/:key", handlePostback)
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
  .route("/api/auth", authRoutes)
  // Before /api/sites so the site routes' session middleware does not run a second time.
  .route("/api/sites/:id/analytics", analyticsRoutes)
  .route("/api/sites", siteRoutes)
  .route("/api/offers/:id/tags", tagRouteApi)
  .route("/api/offers", offerRoutes)
  .route("/api/postbacks", postbackRoutes)
  .route("/api/links", linkRoutes)
  .route("/api/campaigns", campaignRoutes)
  .route("/api/dev", devRoutes)
  .route("/api/dev", devBenchRoutes)
  .all("/api/*", () => {
    throw new AppError(404, "not_found", "No such API route");
  });

app.onError(onError);
