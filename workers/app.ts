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
import { handleBeacon } from "./edge/beacon";
import { handleClick } from "./edge/click";
import { handlePostback } from "./edge/postback";
import { handleSnippet } from "./edge/snippet";
import { AppError, onError } from "./lib/errors";
import { hideFinancials } from "./lib/financials";
import type { AppEnv } from "./lib/hono";
import { sameOrigin, securityHeaders } from "./lib/web-security";

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

/**
 * Routes: the ingest paths (also reachable here, for in-process calls like the campaign round trip),
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
