/**
 * Property-based fuzz of every /api route, read from the router like test/api/isolation.test.ts (a
 * new route is fuzzed without editing this file): FUZZ_API_RUNS generated requests per route, as the
 * demo workspace's owner, with real and garbage ids, queries and JSON bodies. No 5xx; every JSON 4xx
 * has the error shape and names the field; reads change no D1 row, refused writes change none, and
 * a create adds exactly one row per accepted request.
 *
 * The routes are split over SHARDS test files (api-1.test.ts …), which vitest runs in parallel: one
 * file runs on one core, and the full run is ≈ 200,000 requests.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiRoutes, call, DEMO_ROUTE_IDS, demo, login, ORIGIN, OTHER_ROUTE_PARAMS } from "../helpers";
import { changed, FUZZ_API_RUNS, fuzzString, fuzzValue, problemOf, runCases, seen, tableCounts } from "./fuzz";

/** Local dev helpers (404 in production) and the two routes that end the fuzzing session. */
const SKIP = /^\/api\/(dev|outbox)(\/|$)|^\/api\/auth\/logout/;
export const routes = apiRoutes(SKIP)
  // Reads first: a write route's accepted cases (≈ 1,500 offer clones) would make every later read slower.
  .sort((a, b) => Number(a.method !== "GET") - Number(b.method !== "GET"));

/** The demo ids of test/helpers.ts, plus a second real id where the demo has one and a missing casino entry. */
const DEMO_IDS: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(DEMO_ROUTE_IDS).map(([k, v]) => [k, [v]])),
  sites: ["site_uk", "site_de"],
  offers: ["of_spinia", "of_wildz"],
  "casino-entries": ["ce_x"],
};
const PARAM_VALUES: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(OTHER_ROUTE_PARAMS).map(([k, v]) => [k, [v]])),
  dim: ["country", "path", "source"],
};

/** Table each collection's POST creates rows in. */
const CREATES: Record<string, string> = {
  "/api/sites": "sites",
  "/api/offers": "offers",
  "/api/campaigns": "campaigns",
  "/api/traffic-sources": "traffic_sources",
  "/api/links": "tracking_links",
  "/api/invitations": "invitations",
  "/api/workspaces": "workspaces",
};
/**
 * Tables a request may change without storing anything of its own: sign-in throttling, sessions, and
 * the reporting timezones the rollups keep (a report read in a new zone registers it, workers/rollups/).
 */
const SIDE_TABLES = new Set(["auth_throttle", "auth_session", "auth_verification", "dev_outbox", "rollup_zones"]);

const FIELDS = [
  "name",
  "email",
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "role",
  "hideFinancials",
  "currency",
  "timezone",
  "domains",
  "offerIds",
  "platform",
  "trackingUrl",
  "apiSetup",
  "accountCurrency",
  "from",
  "to",
  "workspaceId",
  "siteId",
  "offerId",
  "campaignId",
  "trafficSourceId",
  "slug",
  "url",
  "cost",
  "events",
  "map",
  "routes",
  "tag",
  "eventMap",
  "ipAllowlist",
  "clickParam",
  "notes",
  "forwardParams",
  "postbackUrlTemplate",
  "type",
  "workspaceName",
  "userId",
  "graceDays",
];
const QUERY_KEYS = ["from", "to", "campaign", "limit", "cursor", "site", "offer", "event", "outcome", "compare", "dim", "q"];
const enc = encodeURIComponent;

function caseArb(method: string, path: string) {
  const segment = path.split("/")[2] ?? "";
  const params = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? "");
  const value = (name: string) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...((name === "id" ? DEMO_IDS[segment] : PARAM_VALUES[name]) ?? ["x"])) }, fuzzString);
  const date = fc.oneof(fc.constantFrom("2026-11-01", "2026-11-28", "2026-02-30", "2026-13-01", "2025-01-01"), fuzzString);
  return fc.record({
    params: fc.tuple(...params.map(value)),
    // Most cases carry a valid date range, so the reports get past it and run their handlers.
    range: fc.boolean(),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fuzzString), fc.oneof(date, fuzzString)), { maxLength: 4 }),
    body: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fuzzValue, date), { maxKeys: 6 }).map((o) => JSON.stringify(o)),
      },
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fuzzString,
    ),
    method: fc.constant(method),
  });
}

const RANGE: [string, string][] = [
  ["from", "2026-11-01"],
  ["to", "2026-11-28"],
];

/** Fuzzes every `of`-th route from the `shard`-th (1-based), as one test file's suite. */
export function fuzzRoutes(shard: number, of: number) {
  const mine = routes.filter((_, i) => i % of === shard - 1);
  describe(`fuzz: /api routes, part ${shard} of ${of}`, () => {
    it("finds the routes", () => {
      expect(routes.length).toBeGreaterThan(60);
      expect(mine.length).toBeGreaterThan(0);
    });

    it(`${FUZZ_API_RUNS} cases per route: no 5xx, 4xx name the field, rows change only by accepted writes`, {
      // A shard's 2,000 cases per route take 2–4 minutes here; room for a loaded machine.
      timeout: Math.max(600_000, FUZZ_API_RUNS * 2_000),
    }, async () => {
      const seed = await demo();
      const cookie = await login();
      const headers = () => new Headers({ cookie, origin: ORIGIN, "content-type": "application/json" });
      const found: string[] = [];
      for (const r of mine) {
        const before = await tableCounts();
        const results = await runCases(caseArb(r.method, r.path), FUZZ_API_RUNS, async (i) => {
          let n = 0;
          const path = r.path.replace(/:([A-Za-z]+)/g, () => enc(String(i.params[n++])));
          const pairs = i.range ? [...RANGE, ...i.query] : i.query;
          const q = pairs.length ? `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")}` : "";
          const init: RequestInit = { method: i.method, headers: headers() };
          if (i.method !== "GET" && i.method !== "DELETE") init.body = i.body;
          const answer = await seen(await call(`${path}${q}`, init), i.method);
          // Only an error's body is checked here (a success's is, against the document, in call()); 2,000 copies
          // of a 1 MB offer list would not fit the isolate's heap.
          return answer.status < 400 ? { ...answer, text: "" } : answer;
        });
        const delta = changed(before, await tableCounts());
        const first = new Map<string, string>();
        for (const { input, result } of results) {
          const p = problemOf(result);
          if (p && !first.has(p)) first.set(p, `${r.method} ${r.path}: ${p} ← ${JSON.stringify(input).slice(0, 240)}`);
        }
        found.push(...first.values());
        const accepted = results.filter((x) => x.result.status >= 200 && x.result.status < 300).length;
        const data = Object.fromEntries(Object.entries(delta).filter(([t]) => !SIDE_TABLES.has(t)));
        if (r.method === "GET" || accepted === 0) {
          if (Object.keys(data).length) found.push(`${r.method} ${r.path}: rows changed without an accepted write ${JSON.stringify(data)}`);
        } else if (r.method === "POST" && CREATES[r.path]) {
          const table = CREATES[r.path] as string;
          if ((data[table] ?? 0) !== accepted)
            found.push(`${r.method} ${r.path}: ${accepted} accepted, ${table} rows ${JSON.stringify(data)}`);
        }
        // Creating or switching a workspace moves the session to another one: the next route starts in the
        // demo workspace again, or its real ids would all be 404s (as they were before this line).
        const back = await call("/api/workspaces/switch", {
          method: "POST",
          headers: headers(),
          body: JSON.stringify({ workspaceId: seed.workspaceId }),
        });
        expect(((await back.json()) as { workspaceId?: string }).workspaceId).toBe(seed.workspaceId);
      }
      expect(found).toEqual([]);
    });
  });
}
