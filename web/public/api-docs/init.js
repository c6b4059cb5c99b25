// Starts Swagger UI on /api/docs against the app's own OpenAPI document. A file, not an inline
// script, so the page's CSP can stay at script-src 'self'.
window.SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#api-reference",
  deepLinking: true,
  // No call to swagger.io's online validator: the page talks to this origin only.
  validatorUrl: null,
  // "Try it out" sends the session cookie of a signed-in dashboard user (same origin).
  withCredentials: true,
});
