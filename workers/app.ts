import { Hono } from "hono";
import { analyticsRoutes } from "./api/analytics";
import { apiKeyRoutes } from "./api/api-keys";
import { authRoutes } from "./api/auth";
import { authorize } from "./api/authz";
import { apiBodyCap } from "./api/body-cap";
import { campaignRoutes } from "./api/campaigns";
import { casinoEntryRoutes } from "./api/casino-entries";
import { clickFlagRoutes } from "./api/click-flags";
import { discrepancyRoutes, drillRoutes } from "./api/discrepancies";
import { campaignKeyRoutes, offerKeyRoutes } from "./api/key-rotation";
import { linkRoutes } from "./api/links";
import { auditRoutes, invitationRoutes, memberRoutes } from "./api/members";
import { offerDayRoutes } from "./api/offer-days";
import { offerEventRoutes } from "./api/offer-events";
import { offerLifecycleRoutes } from "./api/offer-lifecycle";
import { offerRoutes } from "./api/offers";
import { onboardingRoutes } from "./api/onboarding";
import { openApiRoutes } from "./api/openapi";
import { outboxRoutes } from "./api/outbox";
import { postbackRoutes } from "./api/postbacks";
import { reportRoutes } from "./api/reports";
import { requireSession } from "./api/session";
import { siteRoutes } from "./api/sites";
import { tagRouteApi } from "./api/tag-routes";
import { trafficSourceRoutes } from "./api/traffic-sources";
import { myWorkspaceRoutes, workspaceRoutes } from "./api/workspaces";
import { devBenchRoutes, devRoutes } from "./dev/routes";
import { ingest } from "./edge/ingest";
import { AppError, onError } from "./lib/errors";
import { hideFinancials } from "./lib/financials";
import type { AppEnv } from "./lib/hono";
import { sameOrigin, securityHeaders } from "./lib/web-security";

/**
 * Routes: the ingest paths (edge/ingest.ts; also reachable here, so the whole app answers every path),
 * then /api: public account routes, then every workspace route behind one chain — session → role
 * (authz.ts) → hide-financials.
 */
export const app = new Hono<AppEnv>()
  .route("/", ingest)
  .use("/api/*", async (c, next) => {
    await next();
    if (c.res.status !== 101) c.res = securityHeaders(c.res, c.req.url);
  })
  .use("/api/*", sameOrigin)
  .use("/api/*", apiBodyCap)
  .route("/api/auth", authRoutes)
  .route("/api", openApiRoutes)
  .route("/api", myWorkspaceRoutes)
  .route("/api/outbox", outboxRoutes)
  .route("/api/dev", devRoutes)
  .route("/api/dev", devBenchRoutes)
  .use("/api/*", requireSession, authorize, hideFinancials)
  .route("/api/workspace", workspaceRoutes)
  .route("/api/members", memberRoutes)
  .route("/api/invitations", invitationRoutes)
  .route("/api/audit", auditRoutes)
  .route("/api/api-keys", apiKeyRoutes)
  .route("/api/sites/:id/analytics", analyticsRoutes)
  .route("/api/sites/:id/click-flags", clickFlagRoutes)
  .route("/api/sites", siteRoutes)
  .route("/api/offers/:id/days", offerDayRoutes)
  .route("/api/offers/:id/events", offerEventRoutes)
  // Archive / restore / clone of offers.
  .route("/api/offers", offerLifecycleRoutes)
  .route("/api/offers", offerKeyRoutes)
  .route("/api/offers/:id/tags", tagRouteApi)
  .route("/api/offers", offerRoutes)
  .route("/api/postbacks", postbackRoutes)
  .route("/api/reports", reportRoutes)
  .route("/api/links", linkRoutes)
  .route("/api/campaigns", campaignKeyRoutes)
  .route("/api/campaigns", campaignRoutes)
  .route("/api/traffic-sources", trafficSourceRoutes)
  .route("/api/casino-entries", casinoEntryRoutes)
  .route("/api/onboarding", onboardingRoutes)
  .route("/api/reports", discrepancyRoutes)
  .route("/api/drill", drillRoutes)
  .all("/api/*", () => {
    throw new AppError(404, "not_found", "No such API route", { field: "path" });
  });

app.onError(onError);
/** The app type for the dashboard's typed client (hono/client hc<AppType>). */
export type AppType = typeof app;
