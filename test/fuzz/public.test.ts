/**
 * Property-based fuzz of the public endpoints (/go, /pb, /e, /s.js): FUZZ_PUBLIC_RUNS generated
 * requests each. No 5xx; every JSON 4xx has the error shape and names the field; D1 rows change by
 * exactly the accepted requests (a stored postback answers with its id; a counted click is a 302).
 */
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { campaigns, offers } from "../../workers/db/schema";
import { call, clearRouteCache, demo, drain, env } from "../helpers";
import { changed, FUZZ_PUBLIC_RUNS, fuzzString, fuzzValue, problemOf, runCases, type Seen, seen, tableCounts } from "./fuzz";

const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "Googlebot/2.1 (+http://www.google.com/bot.html)",
  "curl/8.0",
  "",
];
const enc = encodeURIComponent;
const query = (pairs: [string, string][]) => (pairs.length ? `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")}` : "");

/** Each distinct problem once, with the first case that showed it. */
function problems(results: { input: unknown; result: Seen }[]): string[] {
  const first = new Map<string, string>();
  for (const { input, result } of results) {
    const p = problemOf(result);
    if (p && !first.has(p)) first.set(p, `${p} ← ${JSON.stringify(input).slice(0, 300)}`);
  }
  return [...first.values()];
}

describe("fuzz: public endpoints", () => {
  it(`/go/:slug — ${FUZZ_PUBLIC_RUNS} cases: no 5xx, clicks rows = redirects`, async () => {
    const seed = await demo();
    const slugs = seed.links.map((l) => l.slug);
    const arb = fc.record({
      method: fc.constantFrom("GET", "HEAD"),
      slug: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...slugs) }, fuzzString),
      params: fc.array(fc.tuple(fc.oneof(fc.constantFrom("sub1", "utm_source", "p", "gclid", "click_id"), fuzzString), fuzzString), {
        maxLength: 4,
      }),
      ua: fc.constantFrom(...UAS),
    });
    await drain(seed);
    const before = await tableCounts();
    const results = await runCases(arb, FUZZ_PUBLIC_RUNS, async (i) =>
      seen(await call(`/go/${enc(i.slug)}${query(i.params)}`, { method: i.method, ua: i.ua }), i.method),
    );
    await drain(seed);
    const delta = changed(before, await tableCounts());
    expect(problems(results)).toEqual([]);
    const redirects = results.filter((r) => r.result.status === 302).length;
    expect(redirects).toBeGreaterThan(0);
    expect(delta).toEqual({ clicks: redirects });
  });

  it(`/pb/:key — ${FUZZ_PUBLIC_RUNS} cases: no 5xx, postbacks rows = responses with an id`, async () => {
    const seed = await demo();
    const db = getDb(env.DB);
    const offerKeys = (await db.select({ key: offers.postbackKey }).from(offers).where(eq(offers.workspaceId, seed.workspaceId))).map(
      (o) => o.key,
    );
    const campaignKeys = (
      await db.select({ key: campaigns.postbackKey }).from(campaigns).where(eq(campaigns.workspaceId, seed.workspaceId))
    ).map((c) => c.key);
    // Real click ids, so some postbacks attribute and convert.
    const clickIds: string[] = [];
    for (const slug of seed.links.map((l) => l.slug)) {
      const loc = (await call(`/go/${slug}`)).headers.get("location") ?? "";
      const id = [...new URL(loc).searchParams.values()].find((v) => /^c[a-z0-9]{20,}$/i.test(v));
      if (id) clickIds.push(id);
    }
    expect(clickIds.length).toBeGreaterThan(0);
    const param = fc.oneof(
      fc.tuple(fc.constantFrom("click_id", "clickid", "subid"), fc.oneof(fc.constantFrom(...clickIds), fuzzString)),
      fc.tuple(fc.constant("event"), fc.oneof(fc.constantFrom("ftd", "reg", "deposit", "chargeback", "reversal", "cpa"), fuzzString)),
      fc.tuple(fc.constant("amount"), fc.oneof(fc.constantFrom("12.50", "12,50", "1.234,56", "1,234", "-5", "0", "1e3"), fuzzString)),
      fc.tuple(fc.constant("currency"), fc.oneof(fc.constantFrom("EUR", "usd", "XYZ", ""), fuzzString)),
      fc.tuple(fc.constantFrom("txid", "transaction_id"), fuzzString),
      fc.tuple(fuzzString, fuzzString),
    );
    const arb = fc.record({
      key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...offerKeys, ...campaignKeys) }, fuzzString),
      method: fc.constantFrom("GET", "POST"),
      params: fc.array(param, { maxLength: 6 }),
      body: fc.oneof(
        fc.constant(null),
        fc
          .dictionary(fc.constantFrom("click_id", "event", "amount", "currency", "txid"), fuzzValue, { maxKeys: 5 })
          .map((o) => JSON.stringify(o)),
        fuzzString,
      ),
      ip: fc.oneof(fc.constant(undefined), fc.ipV4(), fc.ipV6()),
    });
    await drain(seed);
    const before = await tableCounts();
    const results = await runCases(arb, FUZZ_PUBLIC_RUNS, async (i) => {
      const init: RequestInit & { ip?: string } = { method: i.method, ip: i.ip };
      if (i.method === "POST" && i.body !== null) init.body = i.body;
      return seen(await call(`/pb/${enc(i.key)}${query(i.params)}`, init));
    });
    await drain(seed);
    const delta = changed(before, await tableCounts());
    expect(problems(results)).toEqual([]);
    const stored = results.filter((r) => {
      const b = r.result.type.includes("json") ? (JSON.parse(r.result.text) as { id?: string; error?: { details?: { id?: string } } }) : {};
      return typeof (b.id ?? b.error?.details?.id) === "string";
    }).length;
    expect(stored).toBeGreaterThan(0);
    expect(delta.postbacks).toBe(stored);
    // Nothing counted twice: each new conversion is named by exactly one non-duplicate answer.
    const converted = new Set<string>();
    for (const r of results) {
      if (r.result.status !== 200) continue;
      const b = JSON.parse(r.result.text) as { outcome: string; conversion_id?: string | null };
      if (b.conversion_id && b.outcome !== "duplicate") converted.add(b.conversion_id);
    }
    expect(converted.size).toBeGreaterThan(0);
    expect(delta.conversions).toBe(converted.size);
    expect(Object.keys(delta).sort()).toEqual(["conversions", "postbacks"]);
    clearRouteCache();
  });

  it(`/e — ${FUZZ_PUBLIC_RUNS} cases: no 5xx, a refused beacon stores nothing`, async () => {
    const seed = await demo();
    const site = seed.sites[0];
    expect(site).toBeDefined();
    const page = `https://${site?.domains[0]}/reviews`;
    const arb = fc.record({
      body: fc.oneof(
        fc
          .record({
            t: fc.oneof(fc.constantFrom("pv", "e", "c"), fuzzString),
            s: fc.oneof(fc.constant(site?.publicKey ?? ""), fuzzString),
            u: fc.oneof(fc.constant(page), fuzzString),
            r: fuzzValue,
            d: fuzzValue,
            h: fc.oneof(fc.constant("https://www.spinia.com/?x=1"), fuzzString),
            w: fuzzValue,
          })
          .map((o) => JSON.stringify(o)),
        fuzzString,
      ),
      origin: fc.oneof(
        fc.constant(`https://${site?.domains[0]}`),
        fc.constant(undefined),
        fuzzString.map((s) => `https://${enc(s)}.example`),
      ),
      ua: fc.constantFrom(...UAS),
    });
    await drain(seed);
    const before = await tableCounts();
    const results = await runCases(arb, FUZZ_PUBLIC_RUNS, async (i) => {
      const headers = new Headers({ "content-type": "text/plain" });
      if (i.origin) headers.set("origin", i.origin);
      return seen(await call("/e", { method: "POST", body: i.body, headers, ua: i.ua }));
    });
    await drain(seed);
    expect(problems(results)).toEqual([]);
    expect(results.some((r) => r.result.status === 204)).toBe(true);
    // Beacons are counted in the site hub's own storage, not in D1 rows.
    expect(changed(before, await tableCounts())).toEqual({});
  });

  it(`/s.js — ${FUZZ_PUBLIC_RUNS} cases: no 5xx, non-GET → 405 JSON`, async () => {
    const arb = fc.record({
      method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
      q: fc.array(fc.tuple(fuzzString, fuzzString), { maxLength: 3 }),
      body: fuzzString,
    });
    const before = await tableCounts();
    const results = await runCases(arb, FUZZ_PUBLIC_RUNS, async (i) => {
      const hasBody = !["GET", "HEAD", "DELETE", "OPTIONS"].includes(i.method);
      return seen(await call(`/s.js${query(i.q)}`, { method: i.method, body: hasBody ? i.body : undefined }));
    });
    expect(problems(results)).toEqual([]);
    for (const { input, result } of results) expect(result.status, input.method).toBe(["GET", "HEAD"].includes(input.method) ? 200 : 405);
    expect(changed(before, await tableCounts())).toEqual({});
  });
});
