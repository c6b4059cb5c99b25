/**
 * Shared parts of the fuzz suites: how many cases, how they are run (concurrently: one request at
 * a time would take minutes), what a 4xx must look like, and D1 row counts per table.
 */
import { count, getTableName, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { inject } from "vitest";
import { getDb } from "../../workers/db/client";
import * as schema from "../../workers/db/schema";
import { env } from "../helpers";

/**
 * Cases per public endpoint and per API route: 2,000 each, as the issue asks. `FUZZ_API_RUNS=100 npm run
 * test:fuzz` runs fewer per API route for a quick look.
 *
 * The API run is ≈ 194,000 signed-in requests (97 routes), each through the real auth (one D1 query) and,
 * past validation, the real handler: ≈ 8–9 minutes of one core here (a report case ≈ 15 ms). So it is
 * split over four files (api-1 … api-4.test.ts) that vitest runs two at a time (docs/decisions.md).
 */
export const FUZZ_PUBLIC_RUNS = 2000;
export const FUZZ_API_RUNS = inject("fuzzApiRuns") || 2000;
/** Fixed seed: a failure names its case and reruns identically. */
export const FUZZ_SEED = 20261129;
const PARALLEL = 24;

/** `n` generated cases of `arb`, `PARALLEL` in flight at any time; returns each case with its result, in order. */
export async function runCases<T, R>(arb: fc.Arbitrary<T>, n: number, run: (input: T) => Promise<R>, seed = FUZZ_SEED) {
  const inputs = fc.sample(arb, { numRuns: n, seed });
  const results: R[] = new Array(inputs.length);
  let next = 0;
  // A pool rather than batches: one slow case does not hold the other slots idle.
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await run(inputs[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, inputs.length) }, worker));
  return inputs.map((input, i) => ({ input, result: results[i] as R }));
}

export interface Seen {
  status: number;
  type: string;
  text: string;
}

export async function seen(res: Response, method = "GET"): Promise<Seen> {
  const text = await res.text();
  // A HEAD answer has its headers but no body to check.
  return { status: res.status, type: method === "HEAD" && !text ? "" : (res.headers.get("content-type") ?? ""), text };
}

/** Statuses that are about who asks, not what was sent: they need not name a field. */
const NOT_ABOUT_INPUT = new Set([401, 403, 429]);

/** What is wrong with a response under the fuzz rules (null: nothing): no 5xx; a JSON 4xx has the one shape and names the field. */
export function problemOf(r: Seen): string | null {
  if (r.status >= 500) return `${r.status} ${r.text.slice(0, 200)}`;
  if (r.status < 400 || !r.type.includes("json")) return null;
  let body: { error?: { code?: unknown; message?: unknown; details?: { field?: unknown; fields?: { field?: unknown }[] } } };
  try {
    body = JSON.parse(r.text);
  } catch {
    return `${r.status} JSON that does not parse`;
  }
  const e = body.error;
  if (typeof e?.code !== "string" || typeof e.message !== "string")
    return `${r.status} without { error: { code, message } }: ${r.text.slice(0, 200)}`;
  if (NOT_ABOUT_INPUT.has(r.status)) return null;
  const named =
    typeof e.details?.field === "string" || (Array.isArray(e.details?.fields) && typeof e.details.fields[0]?.field === "string");
  return named ? null : `${r.status} ${e.code} names no field: ${e.message}`;
}

/** Row count of every D1 table of the schema. */
export async function tableCounts(): Promise<Record<string, number>> {
  const db = getDb(env.DB);
  const tables = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));
  // One D1 round trip for all of them (one batch): taken before and after every route.
  const [first, ...rest] = tables.map((t) => db.select({ n: count() }).from(t));
  if (!first) return {};
  const counts = await db.batch([first, ...rest]);
  return Object.fromEntries(tables.map((t, i) => [getTableName(t), counts[i]?.[0]?.n ?? -1]));
}

/** The hubs' own bookkeeping (one row per flush to D1), not data a request adds. */
const BOOKKEEPING = new Set(["flush_log"]);

/** Data tables whose count changed, with the change. */
export function changed(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v !== before[k] && !BOOKKEEPING.has(k)) out[k] = v - (before[k] ?? 0);
  return out;
}

// Values an attacker or a sloppy integration sends.
const nasty = fc.constantFrom(
  "",
  " ",
  "0",
  "-1",
  "1e309",
  "NaN",
  "null",
  "undefined",
  "{clickid}",
  "{{amount}}",
  "%txid%",
  "[sub1]",
  "2026-02-30",
  "2026-13-01",
  "2024-02-29",
  "12,50",
  "1.234,56",
  "1,234",
  "XYZ",
  "EUR",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "\u0000",
  "😀".repeat(50),
  "a".repeat(5000),
  "https://169.254.169.254/latest/meta-data/",
  "http://user:pass@127.0.0.1:8080/",
);
export const fuzzString = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.stringMatching(/^[a-z0-9_-]{1,30}$/),
);
export const fuzzValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fuzzString },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fuzzString, { maxLength: 3 }),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fuzzString, { maxKeys: 3 }),
);
