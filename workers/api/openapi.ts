/** The OpenAPI document (GET /api/openapi.json) and its browsable reference (GET /api/docs, Scalar); both public. */
import { Scalar } from "@scalar/hono-api-reference";
import type { Context } from "hono";
import { newRouter } from "../lib/hono";
import { openApiDocument } from "../openapi/document";

const SCALAR_CDN = "https://cdn.jsdelivr.net";

export const openApiRoutes = newRouter()
  .get("/openapi.json", (c) => c.json(openApiDocument()))
  .get("/docs", async (c, next) => {
    // Scalar's page is a bundle from its CDN plus one inline config script: allow exactly those.
    const nonce = crypto.randomUUID().replace(/-/g, "");
    c.header(
      "content-security-policy",
      [
        "default-src 'self'",
        `script-src 'nonce-${nonce}' ${SCALAR_CDN}`,
        `style-src 'self' 'unsafe-inline' ${SCALAR_CDN} https://fonts.scalar.com`,
        "font-src 'self' data: https:",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
      ].join("; "),
    );
    // Its middleware is typed for a bare Hono env; it reads nothing of ours.
    return Scalar({ url: "/api/openapi.json", pageTitle: "CasinoFlux API", nonce })(c as unknown as Context, next);
  });
