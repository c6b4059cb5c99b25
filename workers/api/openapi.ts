/** The OpenAPI document (GET /api/openapi.json) and its browsable reference (GET /api/docs, Swagger UI); both public. */
import { newRouter } from "../lib/hono";
import { openApiDocument } from "../openapi/document";

/** The reference page: Swagger UI's bundle and its start script, both static assets of this origin (web/vite.config.ts). */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CasinoFlux API</title>
<link rel="stylesheet" href="/api-docs/swagger-ui.css">
</head>
<body>
<main id="api-reference"><noscript>The reference needs JavaScript; the document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript></main>
<script src="/api-docs/swagger-ui-bundle.js"></script>
<script src="/api-docs/init.js"></script>
</body>
</html>
`;

export const openApiRoutes = newRouter()
  .get("/openapi.json", (c) => c.json(openApiDocument()))
  // The app's own CSP (workers/lib/web-security.ts: script-src 'self', inline styles allowed) fits the page as is.
  .get("/docs", (c) => c.html(DOCS_PAGE));
