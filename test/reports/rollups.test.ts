/**
 * Daily rollups stay exactly equal to a raw aggregation: random event streams (clicks, bot clicks,
 * postbacks, duplicates, chargebacks) go through /go and /pb, hubs flush, and the Site Report read
 * from rollups must equal the same report from raw rows (`naive=1`, local only) and move by exactly
 * what the stream's own model says.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SiteReportResponse } from "../../shared/site-report";
import { api, call, demo, drain, login } from "../helpers";

const BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

async function clickId(slug: string, ua?: string): Promise<string | null> {
  const res = await call(`/go/${slug}`, ua ? { ua } : {});
  const loc = new URL(res.headers.get("location") ?? "");
  return [...loc.searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v)) ?? null;
}

type Ev =
  | { kind: "click"; link: number; bot: boolean }
  | { kind: "conv"; click: number; event: "registration" | "ftd" | "deposit"; tx: number; amount: number }
  | { kind: "dup"; of: number }
  | { kind: "chargeback"; of: number };

const evArb: fc.Arbitrary<Ev> = fc.oneof(
  fc.record({ kind: fc.constant("click" as const), link: fc.nat(2), bot: fc.boolean() }),
  fc.record({
    kind: fc.constant("conv" as const),
    click: fc.nat(20),
    event: fc.constantFrom("registration" as const, "ftd" as const, "deposit" as const),
    tx: fc.nat(1_000_000),
    amount: fc.integer({ min: 1, max: 500 }),
  }),
  fc.record({ kind: fc.constant("dup" as const), of: fc.nat(20) }),
  fc.record({ kind: fc.constant("chargeback" as const), of: fc.nat(20) }),
);

const SLUGS = ["spinia-uk", "betano-uk", "spinia-uk-ads"] as const;

async function report(cookie: string, params: string): Promise<SiteReportResponse> {
  const res = await api<SiteReportResponse>(cookie, `/api/reports/site?${params}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Rows as comparable text: dimension values and every figure. */
const table = (r: SiteReportResponse) =>
  r.rows
    .map((row) => ({ k: `${row.dimension1.value}|${row.dimension2?.value ?? ""}`, m: row.metrics }))
    .sort((a, b) => a.k.localeCompare(b.k));

describe("daily rollups", () => {
  it("equal a raw aggregation over random event streams (duplicates and reversals included)", async () => {
    const seed = await demo();
    const cookie = await login();
    const keyOf = (offerId: string) => seed.postbackKeys.find((p) => p.offerId === offerId)?.key ?? "";
    const linkOffer = (slug: string) => seed.links.find((l) => l.slug === slug)?.offerId ?? "";
    // Build the member's zone first, so the flushes below maintain it (not a rebuild).
    const rebuilt = await api<{ zones: { tz: string; state: string }[] }>(cookie, "/api/reports/rollups/rebuild", { method: "POST" });
    expect(rebuilt.status).toBe(200);
    const views = [
      "preset=last_30_days&dimension1=offer&dimension2=day&pageSize=500",
      "preset=last_30_days&dimension1=campaign&dimension2=market&pageSize=500",
      "preset=today&dimension1=site&pageSize=500",
    ];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(evArb, { minLength: 1, maxLength: 25 }), async (events) => {
        run++;
        const before = await report(cookie, "preset=today&dimension1=offer&pageSize=500");
        const clicks: { id: string; offerId: string; slug: string }[] = [];
        const sent: { path: string; event: string; offerId: string; counted: boolean }[] = [];
        const model = new Map<string, { clicks: number; registration: number; ftd: number; deposit: number }>();
        const m = (offerId: string) => {
          let x = model.get(offerId);
          if (!x) {
            x = { clicks: 0, registration: 0, ftd: 0, deposit: 0 };
            model.set(offerId, x);
          }
          return x;
        };
        for (const ev of events) {
          if (ev.kind === "click") {
            const slug = SLUGS[ev.link] as string;
            const id = await clickId(slug, ev.bot ? BOT_UA : undefined);
            expect(id).not.toBeNull();
            if (!ev.bot) m(linkOffer(slug)).clicks++;
            clicks.push({ id: id as string, offerId: linkOffer(slug), slug });
          } else if (ev.kind === "conv") {
            const c = clicks[ev.click % Math.max(1, clicks.length)];
            if (!c) continue;
            const tx = `p${run}-${ev.tx}`;
            const path = `/pb/${keyOf(c.offerId)}?click_id=${c.id}&event=${ev.event}&amount=${ev.amount}&currency=EUR&txid=${tx}`;
            const res = await call(path);
            const body = (await res.json()) as { outcome?: string };
            if (body.outcome === "accepted") {
              m(c.offerId)[ev.event]++;
              sent.push({ path, event: ev.event, offerId: c.offerId, counted: true });
            }
          } else if (ev.kind === "dup") {
            const s = sent[ev.of % Math.max(1, sent.length)];
            if (!s) continue;
            const res = await call(s.path);
            // A duplicate is answered and logged, never counted again.
            expect(((await res.json()) as { outcome?: string }).outcome).toBe("duplicate");
          } else {
            const s = sent[ev.of % Math.max(1, sent.length)];
            if (!s || !s.counted || s.event === "registration") continue;
            const tx = new URL(`https://x${s.path}`).searchParams.get("txid");
            const res = await call(`/pb/${keyOf(s.offerId)}?txid=${tx}&event=chargeback`);
            expect(res.status).toBe(200);
            s.counted = false;
            m(s.offerId)[s.event as "ftd" | "deposit"]--;
          }
        }
        await drain(seed);
        const after = await report(cookie, "preset=today&dimension1=offer&pageSize=500");
        expect(after.source).toBe("rollup");
        for (const [offerId, d] of model) {
          const b = before.rows.find((r) => r.dimension1.value === offerId)?.metrics;
          const a = after.rows.find((r) => r.dimension1.value === offerId)?.metrics;
          expect(a).toBeDefined();
          expect((a?.clicks as number) - (b?.clicks ?? 0), `clicks of ${offerId}`).toBe(d.clicks);
          expect((a?.registrations as number) - (b?.registrations ?? 0), `registrations of ${offerId}`).toBe(d.registration);
          expect((a?.ftds as number) - (b?.ftds ?? 0), `ftds of ${offerId}`).toBe(d.ftd);
          expect((a?.deposits as number) - (b?.deposits ?? 0), `deposits of ${offerId}`).toBe(d.deposit);
        }
        for (const v of views) {
          const fromRollup = await report(cookie, v);
          const fromRaw = await report(cookie, `${v}&naive=1`);
          expect(fromRollup.source).toBe("rollup");
          expect(fromRaw.source).toBe("raw");
          expect(table(fromRollup), v).toEqual(table(fromRaw));
          expect(fromRollup.totals.metrics, v).toEqual(fromRaw.totals.metrics);
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  });

  it("a rebuild from raw rows gives the rollups flushes maintained", async () => {
    const cookie = await login();
    const v = "preset=last_30_days&dimension1=offer&dimension2=day&pageSize=500";
    const maintained = await report(cookie, v);
    const rebuilt = await api(cookie, "/api/reports/rollups/rebuild", { method: "POST" });
    expect(rebuilt.status).toBe(200);
    const again = await report(cookie, v);
    expect(again.source).toBe("rollup");
    expect(table(again)).toEqual(table(maintained));
  });
});
