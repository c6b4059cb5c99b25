import type { Context } from "hono";
import type { AppEnv } from "../lib/hono";
import { SNIPPET_JS } from "./snippet.generated";

/** GET /s.js — the built, minified snippet (scripts/build-snippet.mjs writes snippet.generated.ts). */
export function handleSnippet(c: Context<AppEnv>) {
  return c.body(SNIPPET_JS, 200, {
    "Content-Type": "application/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=3600",
    "Access-Control-Allow-Origin": "*",
  });
}
