import { and, count, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { conversions, postbacks } from "../../workers/db/schema";
import { call, demo, drain, env } from "../helpers";

/**
 * A replay of 1,000 postbacks — every conversion of 150 clicks (~360), padded to 1,000 with retries
 * of them (operator retries), all shuffled (deposits before registrations) — must
 * give exact counts: each conversion once, each request logged once.
 */
// Each test body is one workerd request context with a subrequest budget, so the replay is
// sent in chunks across several tests. The plan and each chunk are memoised promises: every test
// asks for what it needs (plan, earlier chunks), so any test run alone or in any order proves the same.
interface Plan {
  key: string;
  requests: string[];
  unique: string[];
  expected: { registration: number; ftd: number; deposit: number };
}
let planned: Promise<Plan> | null = null;
const plan = () => (planned ??= makePlan());
const CHUNKS = 10;
const CHUNK = 100;
const sent: Promise<string[]>[] = [];
/** Sends chunk `part` once (after the chunks before it) and resolves to each request's outcome. */
function send(part: number): Promise<string[]> {
  sent[part] ??= (async () => {
    if (part > 0) await send(part - 1);
    const { key, requests } = await plan();
    const out: string[] = [];
    for (let i = part * CHUNK; i < part * CHUNK + CHUNK; i += BATCH) {
      const batch = requests.slice(i, i + BATCH);
      const bodies = await Promise.all(
        batch.map(async (q) => {
          const res = await call(`/pb/${key}?${q}`);
          expect(res.status, q).toBe(200);
          return (await res.json()) as { outcome: string };
        }),
      );
      out.push(...bodies.map((b) => b.outcome));
    }
    return out;
  })();
  return sent[part];
}

async function makePlan(): Promise<Plan> {
  const seed = await demo();
  const key = seed.postbackKeys.find((k) => k.offerId === "of_wildz")?.key;
  if (!key) throw new Error("demo seed has no Wildz postback key");
  const clickIds: string[] = [];
  for (let i = 0; i < 150; i++) {
    const res = await call("/go/wildz-de", { ip: `10.1.${i >> 8}.${i & 255}` });
    const id = new URL(res.headers.get("location") ?? "").searchParams.get("click_id");
    if (!id) throw new Error(`click ${i} got no click id`);
    clickIds.push(id);
  }
  const rand = fc.sample(fc.integer({ min: 0, max: 999_999 }), { numRuns: 5000, seed: 42 });
  let r = 0;
  const next = () => (rand[r++ % rand.length] ?? 0) / 1_000_000;
  const unique: string[] = [];
  const expected = { registration: 0, ftd: 0, deposit: 0 };
  for (const id of clickIds) {
    unique.push(`click_id=${id}&event=registration`);
    expected.registration++;
    if (next() < 0.6) {
      unique.push(`click_id=${id}&event=ftd&amount=${(20 + Math.floor(next() * 100)).toFixed(2)}&currency=EUR&txid=ftd-${id}`);
      expected.ftd++;
      const deposits = Math.floor(next() * 4);
      for (let d = 0; d < deposits; d++) {
        unique.push(`click_id=${id}&event=deposit&amount=${(10 + d).toFixed(2)}&currency=EUR&txid=dep-${id}-${d}`);
        expected.deposit++;
      }
    }
  }
  const requests = [...unique];
  while (requests.length < CHUNKS * CHUNK) requests.push(unique[Math.floor(next() * unique.length)] ?? "");
  // Fisher–Yates with the seeded sequence.
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [requests[i], requests[j]] = [requests[j] ?? "", requests[i] ?? ""];
  }
  return { key, requests, unique, expected };
}

const BATCH = 10;
/**
 * What each request must be answered: the first time a conversion is seen "accepted", every retry
 * "duplicate". Requests of one batch are sent concurrently, so when a conversion and its retry share a
 * batch either may win: within a batch the outcomes of one conversion are compared as a sorted list.
 */
function outcomesByConversion(requests: string[], outcomes: string[], from: number): { expected: string[][]; got: string[][] } {
  const seen = new Set(requests.slice(0, from));
  const expected: string[][] = [];
  const got: string[][] = [];
  for (let b = from; b < from + outcomes.length; b += BATCH) {
    const groups = new Map<string, string[]>();
    for (let i = b; i < Math.min(b + BATCH, from + outcomes.length); i++) {
      const q = requests[i] ?? "";
      const outcome = outcomes[i - from];
      expect(outcome, `answer to request ${i}`).toBeDefined();
      groups.set(q, [...(groups.get(q) ?? []), outcome ?? ""]);
    }
    for (const [q, answers] of groups) {
      const first = seen.has(q) ? [] : ["accepted"];
      expected.push([...first, ...Array(answers.length - first.length).fill("duplicate")].sort());
      got.push([...answers].sort());
      seen.add(q);
    }
  }
  return { expected, got };
}

describe("replaying 1,000 postbacks with duplicates in shuffled order", () => {
  it("plans 1,000 postbacks, over a quarter of them retries, many arriving before the registration of their click", async () => {
    const { requests, unique, expected } = await plan();
    expect(unique.length).toBe(expected.registration + expected.ftd + expected.deposit);
    expect(new Set(unique).size).toBe(unique.length);
    const retries = requests.length - unique.length;
    expect(retries).toBeGreaterThan(250);
    // Out of order: a deposit or FTD sent before its click's registration.
    const firstAt = new Map<string, number>();
    requests.forEach((q, i) => {
      if (!firstAt.has(q)) firstAt.set(q, i);
    });
    const early = unique.filter((q) => {
      if (q.includes("event=registration")) return false;
      const reg = `${q.split("&")[0]}&event=registration`;
      return (firstAt.get(q) ?? -1) < (firstAt.get(reg) ?? -1);
    });
    expect(early.length).toBeGreaterThan(20);
  });

  for (let part = 0; part < CHUNKS; part++) {
    it(`sends postbacks ${part * CHUNK + 1}–${part * CHUNK + CHUNK}: each new conversion accepted, each retry a duplicate`, async () => {
      const { requests } = await plan();
      const outcomes = await send(part);
      expect(outcomes).toHaveLength(CHUNK);
      const { expected, got } = outcomesByConversion(requests, outcomes, part * CHUNK);
      expect(got).toEqual(expected);
    }, 120_000);
  }

  it("stored each unique conversion once and logged every request once", async () => {
    const seed = await demo();
    const { expected } = await plan();
    for (let part = 0; part < CHUNKS; part++) await send(part);

    await drain(seed);
    const db = getDb(env.DB);
    const byType = await db
      .select({ type: conversions.eventType, n: count() })
      .from(conversions)
      .where(and(eq(conversions.workspaceId, seed.workspaceId), eq(conversions.offerId, "of_wildz")))
      .groupBy(conversions.eventType);
    expect(Object.fromEntries(byType.map((b) => [b.type, b.n]))).toEqual(expected);
    const logged = await db.select({ n: count() }).from(postbacks).where(eq(postbacks.offerId, "of_wildz"));
    expect(logged[0]?.n).toBe(CHUNKS * CHUNK);
  }, 120_000);
});
