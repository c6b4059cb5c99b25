/**
 * Route contracts for the OpenAPI document: one entry per /api route, naming the same zod schemas
 * the handler validates with (imported, never copied) and, where one exists, its response schema.
 * Adding a route to the document = one `op(...)` line in routes.ts; the conformance test names any
 * route of `app.routes` that has none.
 */
import type { z } from "zod";

export type Method = "get" | "post" | "put" | "patch" | "delete";
/** session (default): the /api chain, a cookie or an API key as authz.ts allows; user: a signed-in user (cookie); public: nobody. */
export type Auth = "session" | "user" | "public";

export interface RouteContract {
  method: Method;
  /** Hono form, as in app.routes: /api/sites/:id */
  path: string;
  tag: string;
  summary: string;
  auth?: Auth;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success answer's JSON schema (shared/api-responses.ts); required unless `content` is set or the status is 204. */
  response?: z.ZodType;
  /** Success status (default 200). */
  status?: 200 | 201 | 202 | 204;
  /** Non-JSON success answers. */
  content?: "csv" | "html";
}

type Extra = Omit<RouteContract, "method" | "path" | "tag" | "summary">;

/** One route of one resource: `op("get", "/api/sites", "Sites", "List sites", { response: … })`. */
export const op = (method: Method, path: string, tag: string, summary: string, extra: Extra = {}): RouteContract => ({
  method,
  path,
  tag,
  summary,
  ...extra,
});
