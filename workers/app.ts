import { Hono } from "hono";
import { analyticsRoutes } from "./api/analytics";
import { authRoutes } from "./api/auth";
import { campaignRoutes } from "./api/campaigns";
import { casinoEntryRoutes } from "./api/casino-entries";
import { linkRoutes } from "./api/links";
import { offerLifecycleRoutes } from "./api/offer-lifecycle";
import { offerRoutes } from "./api/offers";
import { onboardingRoutes } from "./api/onboarding";
import { postbackRoutes } from "./api/postbacks";
import { siteRoutes } from "./api/sites";
import { trafficSourceRoutes } from "./api/traffic-sources";
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
  // Archive / restore / clone (sessions checked per route, so offerRoutes' middleware is not run twice).
  .route("/api/offers", offerLifecycleRoutes)
  .route("/api/offers", offerRoutes)
  .route("/api/postbacks", postbackRoutes)
  .route("/api/links", linkRoutes)
  .route("/api/campaigns", campaignRoutes)
  .route("/api/traffic-sources", trafficSourceRoutes)
  .route("/api/casino-entries", casinoEntryRoutes)
  .route("/api/onboarding", onboardingRoutes)
  .route("/api/dev", devRoutes)
  .route("/api/dev", devBenchRoutes)
  .all("/api/*", () => {
    throw new AppError(404, "not_found", "No such API route");
  });

app.onError(onError);
