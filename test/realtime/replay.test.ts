import { and, count, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { conversions, postbacks } from "../../workers/db/schema";
import { call, demo, drain, env } from "../helpers";

/**
 * A replay of 1,000 postbacks — every conversion of 150 clicks, about a third of them sent again
 * (operator retries), all shuffled (deposits before registrations, status before conversion) — must
 * give exact counts: each conversion once, each request logged once.
 */
// Each test body is one workerd request context with a subrequest budget, so the replay is
// sent in chunks across several tests that share the plan below.
const plan = { key: "", requests: [] as string[], unique: [] as string[], expected: { registration: 0, ftd: 0, deposit: 0 } };
const outcomes = { accepted: 0, duplicate: 0, other: 0 };

describe("replaying 1,000 postbacks with duplicates in shuffled order", () => {
  it("prepares 150 clicks and a shuffled plan of 1,000 postbacks", async () => {
    const seed = await demo();
    const key = seed.postbackKeys.find((k) => k.offerId === "of_wildz")?.key ?? "";
    const clickIds: string[] = [];
    for (let i = 0; i < 150; i++) {
      const res = await call("/go/wildz-de", { ip: `10.1.${i >> 8}.${i & 255}` });
      clickIds.push(new URL(res.headers.get("location") ?? "").searchParams.get("click_id") ?? "");
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
    while (requests.length < 1000) requests.push(unique[Math.floor(next() * unique.length)] ?? "");
    // Fisher–Yates with the seeded sequence.
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [requests[i], requests[j]] = [requests[j] ?? "", requests[i] ?? ""];
    }
    Object.assign(plan, { key, requests, unique, expected });
    expect(requests).toHaveLength(1000);
  });

  for (let part = 0; part < 10; part++) {
    it(`sends postbacks ${part * 100 + 1}–${part * 100 + 100}`, async () => {
      const { key, requests } = plan;
      for (let i = part * 100; i < part * 100 + 100; i += 10) {
        const batch = requests.slice(i, i + 10);
        const bodies = await Promise.all(batch.map(async (q) => (await (await call(`/pb/${key}?${q}`)).json()) as { outcome: string }));
        for (const b of bodies) {
          if (b.outcome === "accepted") outcomes.accepted++;
          else if (b.outcome === "duplicate") outcomes.duplicate++;
          else outcomes.other++;
        }
      }
    }, 120_000);
  }

  it("answered each unique conversion once as accepted and every retry as duplicate, and stored exactly that", async () => {
    const seed = await demo();
    const { unique, expected } = plan;
    expect(outcomes).toEqual({ accepted: unique.length, duplicate: 1000 - unique.length, other: 0 });

    await drain(seed);
    const db = getDb(env.DB);
    const byType = await db
      .select({ type: conversions.eventType, n: count() })
      .from(conversions)
      .where(and(eq(conversions.workspaceId, seed.workspaceId), eq(conversions.offerId, "of_wildz")))
      .groupBy(conversions.eventType);
    expect(Object.fromEntries(byType.map((b) => [b.type, b.n]))).toEqual(expected);
    const logged = await db.select({ n: count() }).from(postbacks).where(eq(postbacks.offerId, "of_wildz"));
    expect(logged[0]?.n).toBe(1000);
  });
});
