import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";

/** The one error type. Thrown anywhere; `onError` turns it into `{ error: { code, message, details? } }`. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, "bad_request", message, details);
/** A 404 naming the input that found nothing: the path's `:id` unless told otherwise. */
export const notFound = (what: string, field = "id") => new AppError(404, "not_found", `${what} not found`, { field });
export const unauthorized = () => new AppError(401, "unauthorized", "Sign in first");
export const forbidden = (message = "Not allowed") => new AppError(403, "forbidden", message);

/**
 * Converts a zod failure into a 400 that names each failing field: an unknown key by its own name, an
 * input that is not an object as `body` (or `query`: `where` "query" is the query string, any other
 * `where` labels a JSON body).
 */
export function fromZod(err: ZodError, where: string): AppError {
  const whole = where === "query" ? "query" : "body";
  const fields: { field: string; message: string }[] = [];
  const mistyped = new Set<string>();
  for (const i of err.issues) {
    const at = i.path.join(".");
    // zod still runs a value's checks after its type failed (an array's length against a string's min): the type says it.
    if (mistyped.has(at)) continue;
    if (i.code === "invalid_type") mistyped.add(at);
    if (i.code === "unrecognized_keys")
      for (const key of i.keys) fields.push({ field: at ? `${at}.${key}` : key, message: "is not a known field" });
    else if (!at && i.code === "invalid_type" && i.expected === "object") fields.push({ field: whole, message: "must be a JSON object" });
    else fields.push({ field: at || whole, message: i.message });
  }
  const first = fields[0];
  const summary = first ? `${first.field}: ${first.message}` : "invalid input";
  return new AppError(400, "invalid_input", `Invalid ${where}: ${summary}`, { fields });
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function onError(err: Error, c: Context) {
  if (err instanceof AppError) {
    const retry = (err.details as { retryAfter?: unknown } | undefined)?.retryAfter;
    if (typeof retry === "number") c.header("Retry-After", String(retry));
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof ZodError) {
    const e = fromZod(err, "input");
    return c.json(errorBody(e.code, e.message, e.details), 400);
  }
  console.error("unhandled", c.req.method, new URL(c.req.url).pathname, err);
  return c.json(errorBody("internal", "Something went wrong on our side"), 500);
}
