/** Input helpers every API route shares: JSON body parsing, a 400 naming one field, and PATCH → column changes. */
import type { Context } from "hono";
import type { z } from "zod";
import { AppError, fromZod } from "../lib/errors";
import type { AppEnv } from "../lib/hono";

/** Parses the JSON body with `schema`, or throws a 400 naming each failing field. */
export async function parseBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S, where: string): Promise<z.output<S>> {
  const parsed = schema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw fromZod(parsed.error, where);
  return parsed.data;
}

/** Parses the query string with `schema` (from shared/), or throws a 400 naming each failing parameter. */
export function parseQuery<S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw fromZod(parsed.error, "query");
  return parsed.data;
}

/** A 400 for one field, in the same shape as fromZod. */
export function fieldError(where: string, field: string, message: string): AppError {
  return new AppError(400, "invalid_input", `Invalid ${where}: ${field}: ${message}`, { fields: [{ field, message }] });
}

/** The keys of a validated PATCH body that were sent (undefined = not sent, left as is). */
export function sentKeys<T extends Record<string, unknown>>(input: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** For each input key, the columns whose type accepts its value. */
type ColumnFor<V, C> = { [CK in keyof C]-?: Exclude<V, undefined> extends C[CK] ? CK : never }[keyof C];

/**
 * The fields a partial input sent, under their column names: `undefined` means "not sent, leave as is"
 * (null is sent, and clears). Replaces one `if (input.x !== undefined)` per field.
 */
export function sentFields<I extends object, C extends object>(input: I, columns: { [K in keyof I]?: ColumnFor<I[K], C> }): Partial<C> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns) as [string, string][]) {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined) out[column] = v;
  }
  return out as Partial<C>;
}
