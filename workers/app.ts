import { Hono } from "hono";
import { analyticsRoutes } from "./api/analytics";
import { authRoutes } from "./api/auth";
import { authorize } from "./api/authz";
import { campaignRoutes } from "./api/campaigns";
import { casinoEntryRoutes } from "./api/casino-entries";
import { linkRoutes } from "./api/links";
import { auditRoutes, invitationRoutes, memberRoutes } from "./api/members";
import { offerDayRoutes } from "./api/offer-days";
import { offerEventRoutes } from "./api/offer-events";
import { offerLifecycleRoutes } from "./api/offer-lifecycle";
import { offerRoutes } from "./api/offers";
import { onboardingRoutes } from "./api/onboarding";
import { outboxRoutes } from "./api/outbox";
import { postbackRoutes } from "./api/postbacks";
import { reportRoutes } from "./api/reports";
import { requireSession } from "./api/session";
import { siteRoutes } from "./api/sites";
import { tagRouteApi } from "./api/tag-routes";
import { trafficSourceRoutes } from "./api/traffic-sources";
import { myWorkspaceRoutes, workspaceRoutes } from "./api/workspaces";
import { devBenchRoutes, devRoutes } from "./dev/routes";
import { handleBeacon } from "./edge/beacon";
import { handleClick } from "./edge/click";
import { handlePostback } from "./edge/postback";
import { handleSnippet } from "./edge/snippet";
import { AppError, onError } from "./lib/errors";
import { hideFinancials } from "./lib/financials";
import type { AppEnv } from "./lib/hono";
import { sameOrigin, securityHeaders } from "./lib/web-security";

/**
 * Routes. Ingest paths first (hot, no session), then /api: public account routes, then every
 * workspace route behind one chain — session → role (authz.ts) → hide-financials.
 */
export const app = new Hono<AppEnv>()
  .get("/healthz", (c) => c.body(null, 204))
  .on(["GET", "HEAD"], "/go/:slug", handleClick)
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
  .use("/api/*", async (c, next) => {
    await next();
    if (c.res.status !== 101) c.res = securityHeaders(c.res, c.req.url);
  })
  .use("/api/*", sameOrigin)
  .route("/api/auth", authRoutes)
  .route("/api", myWorkspaceRoutes)
  .route("/api/outbox", outboxRoutes)
  .route("/api/dev", devRoutes)
  .route("/api/dev", devBenchRoutes)
  .use("/api/*", requireSession, authorize, hideFinancials)
  .route("/api/workspace", workspaceRoutes)
  .route("/api/members", memberRoutes)
  .route("/api/invitations", invitationRoutes)
  .route("/api/audit", auditRoutes)
  .route("/api/sites/:id/analytics", analyticsRoutes)
  .route("/api/sites", siteRoutes)
  .route("/api/offers/:id/days", offerDayRoutes)
  .route("/api/offers/:id/events", offerEventRoutes)
  // Archive / restore / clone of offers.
  .route("/api/offers", offerLifecycleRoutes)
  .route("/api/offers/:id/tags", tagRouteApi)
  .route("/api/offers", offerRoutes)
  .route("/api/postbacks", postbackRoutes)
  .route("/api/reports", reportRoutes)
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
