import { runDurableObjectAlarm } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { conversions, offers, postbacks } from "../../workers/db/schema";
import { hubStub } from "../../workers/edge/resolve";
import { publishRoutes } from "../../workers/site-hub/build-routes";
import { api, call, clearRouteCache, demo, drain, env, login } from "../helpers";

const key = async (offerId: string) => (await demo()).postbackKeys.find((k) => k.offerId === offerId)?.key ?? "";
async function click(slug: string, query = ""): Promise<string> {
  const res = await call(`/go/${slug}${query}`);
  const loc = new URL(res.headers.get("location") ?? "");
  return [...loc.searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v)) ?? "";
}
type PbBody = { ok: boolean; outcome: string; reason: string | null; conversion_id: string | null };
const pb = async (path: string, init?: RequestInit) => {
  const res = await call(path, init);
  return { status: res.status, body: (await res.json()) as PbBody & { error?: { message: string; details: { field: string } } } };
};
async function conversion(id: string | null) {
  const seed = await demo();
  await drain(seed);
  return (
    await getDb(env.DB)
      .select()
      .from(conversions)
      .where(eq(conversions.id, id ?? ""))
  )[0];
}

describe("postbacks", () => {
  it("accepts GET query, POST form and POST JSON", async () => {
    const k = await key("of_spinia");
    const [a, b, c] = [await click("spinia-uk"), await click("spinia-uk"), await click("spinia-uk")];
    expect((await pb(`/pb/${k}?click_id=${a}&event=registration`)).body.outcome).toBe("accepted");
    const form = await pb(`/pb/${k}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `clickid=${b}&type=reg`,
    });
    expect(form.body.outcome).toBe("accepted");
    const json = await pb(`/pb/${k}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ cid: c, goal: "ftd", payout: "25.5", currency: "gbp", tid: "x1" }),
    });
    expect(json.body.outcome).toBe("accepted");
    const row = await conversion(json.body.conversion_id);
    expect(row).toMatchObject({
      eventType: "ftd",
      amountMicros: 25_500_000,
      currency: "GBP",
      txid: "x1",
      attributed: true,
      siteId: "site_uk",
      campaignId: "cp_uk_seo",
    });
    // The log shows the conversion's value beside the entry, in the table and the CSV.
    const cookie = await login();
    const log = await api<{ rows: { conversionId: string | null; amountMicros: number | null; currency: string | null }[] }>(
      cookie,
      "/api/postbacks?event=ftd&limit=200",
    );
    const entry = log.body.rows.find((r) => r.conversionId === json.body.conversion_id);
    expect(entry).toBeDefined();
    expect(entry).toMatchObject({ amountMicros: 25_500_000, currency: "GBP" });
    const csv = await (await call("/api/postbacks/export.csv?event=ftd", { headers: { cookie } })).text();
    expect(csv.split(/\r?\n/)[0]).toMatch(/,amount,currency$/);
    expect(csv).toContain(",25.50,GBP");
  });

  it("counts a player's FTD once per click: a re-fire under a new txid (or none) is a logged duplicate; deposits repeat; another player id counts", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const first = await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=50&currency=EUR&txid=once-a-${id}`);
    expect(first.body.outcome).toBe("accepted");
    expect(first.body.conversion_id).toBeTruthy();
    for (const q of [`txid=once-b-${id}`, ""]) {
      const again = await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=50&currency=EUR&${q}`);
      expect(again.body.outcome).toBe("duplicate");
      expect(again.body.conversion_id).toBe(first.body.conversion_id);
      expect(again.body.reason).toContain(`txid once-a-${id}`);
    }
    for (const n of [1, 2]) {
      expect((await pb(`/pb/${k}?click_id=${id}&event=deposit&amount=10&currency=EUR&txid=once-d${n}-${id}`)).body.outcome).toBe(
        "accepted",
      );
    }
    // Two player ids on one click are two players (a shared device): each has its own first deposit.
    const shared = await click("spinia-uk");
    expect((await pb(`/pb/${k}?click_id=${shared}&event=ftd&player_id=p1&txid=once-p1-${shared}`)).body.outcome).toBe("accepted");
    expect((await pb(`/pb/${k}?click_id=${shared}&event=ftd&player_id=p2&txid=once-p2-${shared}`)).body.outcome).toBe("accepted");
    expect((await pb(`/pb/${k}?click_id=${shared}&event=ftd&player_id=p2&txid=once-p3-${shared}`)).body.outcome).toBe("duplicate");

    const seed = await demo();
    await drain(seed);
    const rows = await getDb(env.DB).select().from(conversions).where(eq(conversions.clickId, id));
    expect(rows.map((r) => r.eventType).sort()).toEqual(["deposit", "deposit", "ftd"]);
  });

  it("maps platform macro names and tracker aliases onto one record", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    // Voluum / BeMob style: cid + payout + txid; Keitaro: subid + status + tid.
    const r1 = await pb(`/pb/${k}?cid=${id}&event=qftd&payout=100&currency=EUR&txid=v-1`);
    expect(r1.body.outcome).toBe("accepted");
    expect((await conversion(r1.body.conversion_id))?.eventType).toBe("qualified");
    const r2 = await pb(`/pb/${k}?subid=${id}&type=rdep&sum=12.34&currency=EUR&tid=2`);
    expect((await conversion(r2.body.conversion_id))?.amountMicros).toBe(12_340_000);
  });

  it("refuses a JSON field sent as an object or a list, naming it, and stores nothing; a null field is absent", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const bodies: [Record<string, unknown>, string][] = [
      [{ click_id: id, event: "deposit", amount: { x: 1 }, currency: "EUR", txid: "nest-1" }, "amount"],
      [{ click_id: id, event: "deposit", amount: [25], currency: "EUR", txid: "nest-2" }, "amount"],
      [{ click_id: id, event: "deposit", amount: "25", currency: { c: "XYZ" }, txid: "nest-3" }, "currency"],
      [{ click_id: { id }, event: "ftd", txid: "nest-4" }, "click_id"],
    ];
    for (const [body, field] of bodies) {
      const r = await pb(`/pb/${k}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error?.details.field, JSON.stringify(body)).toBe(field);
    }
    const empty = await pb(`/pb/${k}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ click_id: id, event: "registration", player_id: null }),
    });
    expect(empty.status).toBe(200);
    expect(empty.body.outcome).toBe("accepted");
    await drain(await demo());
    const stored = await getDb(env.DB).select().from(postbacks).where(eq(postbacks.clickId, id));
    expect(stored.length).toBe(1);
    expect(stored.map((r) => r.eventType)).toEqual(["registration"]);
  });

  it("rejects what it cannot use with a 4xx naming the field, and logs it as rejected", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const cases: [string, string][] = [
      [`?click_id=${id}&event=ftd&amount=abc&currency=EUR`, "amount"],
      [`?click_id=${id}&event=ftd&amount=5&currency=EURO`, "currency"],
      [`?click_id=${id}`, "event"],
    ];
    for (const [q, field] of cases) {
      const r = await pb(`/pb/${k}${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error?.details.field, q).toBe(field);
    }
    const seed = await demo();
    await drain(seed);
    const rejected = await getDb(env.DB).select().from(postbacks).where(eq(postbacks.outcome, "rejected"));
    expect(rejected.length).toBeGreaterThanOrEqual(cases.length);
    expect(rejected.some((r) => r.reason?.includes("EURO"))).toBe(true);
    // Nothing counted, but each entry is filed under the click it named (its campaign and offer) and its event.
    const mine = await api<{
      rows: { clickId: string | null; campaignId: string | null; offerId: string | null; eventType: string | null }[];
    }>(await login(), `/api/postbacks?outcome=rejected&campaign=cp_uk_seo&limit=100`);
    const named = mine.body.rows.filter((r) => r.clickId === id);
    expect(named.length).toBe(cases.length);
    expect(named.every((r) => r.campaignId === "cp_uk_seo" && r.offerId === "of_spinia")).toBe(true);
    expect(named.map((r) => r.eventType).sort((a, b) => String(a).localeCompare(String(b)))).toEqual(["ftd", "ftd", null]);
  });

  it("answers 404 for an unknown key and 403 outside the offer's IP allowlist", async () => {
    const seed = await demo();
    expect((await call("/pb/unknownkey00000000000?click_id=x&event=ftd")).status).toBe(404);
    const db = getDb(env.DB);
    await db
      .update(offers)
      .set({ ipAllowlist: ["192.0.2.0/24"] })
      .where(eq(offers.id, "of_wildz"));
    await publishRoutes(env, db, seed.workspaceId);
    clearRouteCache();
    const k = await key("of_wildz");
    const id = await click("wildz-de");
    expect((await call(`/pb/${k}?click_id=${id}&event=registration`, { ip: "203.0.113.5" })).status).toBe(403);
    expect((await call(`/pb/${k}?click_id=${id}&event=registration`, { ip: "192.0.2.44" })).status).toBe(200);
    await db.update(offers).set({ ipAllowlist: null }).where(eq(offers.id, "of_wildz"));
    await publishRoutes(env, db, seed.workspaceId);
    clearRouteCache();
  });

  it("accepts campaign-level keys", async () => {
    const id = await click("spinia-uk-ads");
    const r = await pb(`/pb/cpkukadsdemo00000000?click_id=${id}&event=registration`);
    expect(r.body.outcome).toBe("accepted");
    expect((await conversion(r.body.conversion_id))?.campaignId).toBe("cp_uk_ads");
  });

  it("dedupes on the event id, else one registration/FTD per click; deposits may repeat", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const outcomes = [];
    for (const q of [
      `click_id=${id}&event=registration`,
      `click_id=${id}&event=registration`, // retry without txid → same click + event
      `click_id=${id}&event=ftd&amount=20&currency=EUR&txid=f1`,
      `click_id=${id}&event=ftd&amount=20&currency=EUR&txid=f1`, // retry
      `click_id=${id}&event=deposit&amount=20&currency=EUR&txid=d1`,
      `click_id=${id}&event=deposit&amount=20&currency=EUR&txid=d2`, // a real second deposit, same amount
      `click_id=${id}&event=deposit&amount=30&currency=EUR`,
      `click_id=${id}&event=deposit&amount=30&currency=EUR`, // byte-identical retry
    ]) {
      outcomes.push((await pb(`/pb/${k}?${q}`)).body.outcome);
    }
    expect(outcomes).toEqual(["accepted", "duplicate", "accepted", "duplicate", "accepted", "accepted", "accepted", "duplicate"]);
  });

  it("updates a conversion on status change (pending → approved → chargeback) instead of adding one", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const first = await pb(`/pb/${k}?click_id=${id}&event=ftd&status=pending&txid=s1&amount=10&currency=EUR`);
    const approve = await pb(`/pb/${k}?click_id=${id}&event=ftd&status=approved&txid=s1&amount=10&currency=EUR`);
    expect(approve.body.conversion_id).toBe(first.body.conversion_id);
    expect(approve.body.reason).toContain("pending → approved");
    const chargeback = await pb(`/pb/${k}?txid=s1&status=chargeback`);
    expect(chargeback.body).toMatchObject({ outcome: "accepted", conversion_id: first.body.conversion_id });
    expect((await conversion(first.body.conversion_id))?.status).toBe("chargeback");
    const again = await pb(`/pb/${k}?txid=s1&status=chargeback`);
    expect(again.body.outcome).toBe("duplicate");
  });

  it("applies a status change that arrives before its conversion", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const early = await pb(`/pb/${k}?txid=late-1&status=rejected&event=status_change`);
    expect(early.body.reason).toContain("held");
    const ftd = await pb(`/pb/${k}?click_id=${id}&event=ftd&txid=late-1&amount=10&currency=EUR`);
    expect((await conversion(ftd.body.conversion_id))?.status).toBe("rejected");
  });

  it("keeps out-of-order and unknown-click postbacks: deposit before registration, unknown click id", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    expect((await pb(`/pb/${k}?click_id=${id}&event=deposit&amount=5&currency=EUR&txid=early`)).body.outcome).toBe("accepted");
    expect((await pb(`/pb/${k}?click_id=${id}&event=registration`)).body.outcome).toBe("accepted");
    const unknown = await pb(`/pb/${k}?click_id=cguk010000000000000000000000zzzz&event=ftd`);
    expect(unknown.body.outcome).toBe("unattributed");
    expect(unknown.body.reason).toContain("unknown click id");
    const foreign = await pb(`/pb/${k}?click_id=someoneelses-id-42&event=registration`);
    expect(foreign.body.outcome).toBe("unattributed");
  });

  it("attributes a postback whose click is not yet in D1 (it lives in the site's hub)", async () => {
    const k = await key("of_wildz");
    const id = await click("wildz-de");
    const hub = hubStub(env, "site_de");
    expect(await hub.pendingRows()).toBeGreaterThan(0);
    const r = await pb(`/pb/${k}?click_id=${id}&event=registration`);
    expect(r.body.outcome).toBe("accepted");
  });

  it("loses nothing when the D1 flush fails, and counts nothing twice when it recovers", async () => {
    const seed = await demo();
    await drain(seed);
    const k = await key("of_wildz");
    const id = await click("wildz-de");
    await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=40&currency=EUR&txid=flush-1`);
    await env.DB.exec("ALTER TABLE conversions RENAME TO conversions_away");
    const hub = hubStub(env, "site_de");
    expect((await hub.flushAll()).error).toContain("no such table");
    expect(await hub.pendingRows()).toBeGreaterThan(0);
    await env.DB.exec("ALTER TABLE conversions_away RENAME TO conversions");
    await hub.flushAll();
    await hub.flushAll();
    const rows = await getDb(env.DB).select().from(conversions).where(eq(conversions.txid, "flush-1"));
    expect(rows).toHaveLength(1);
    expect(await hub.pendingRows()).toBe(0);
  });

  it("sends the conversion back to the campaign's traffic source with its click id", async () => {
    await demo();
    const k = await key("of_wildz");
    const id = await click("wildz-de", "?fbclid=FB-777");
    const r = await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=40&currency=EUR&txid=ts-1`);
    expect(r.body.outcome).toBe("accepted");
    const hub = hubStub(env, "site_de");
    // The hub delivers from its alarm; under load the first alarm may run before the delivery is due.
    const delivered = async () => {
      const state = (await (await fetch(`${inject("sandboxUrl")}/__control/state`, { method: "POST" })).json()) as {
        sourcePostbacks: string[];
      };
      return state.sourcePostbacks.some((q) => q.includes("cid=FB-777") && q.includes("event=ftd") && q.includes("payout=40.00"));
    };
    for (let i = 0; i < 40 && !(await delivered()); i++) {
      await runDurableObjectAlarm(hub);
      if (!(await delivered())) await new Promise((r) => setTimeout(r, 250));
    }
    expect(await delivered()).toBe(true);
    await hub.flushAll();
    const cookie = await login();
    const out = await api<{ rows: { status: string; attempts: number; lastHttpStatus: number }[] }>(cookie, "/api/postbacks/outgoing");
    expect(out.body.rows[0]).toMatchObject({ status: "delivered", attempts: 1, lastHttpStatus: 200 });
  });

  it("lists the log with filters and exports CSV", async () => {
    const seed = await demo();
    await drain(seed);
    const cookie = await login();
    const rejected = await api<{ rows: { outcome: string; reason: string; rawQuery: string }[] }>(
      cookie,
      "/api/postbacks?outcome=rejected&limit=5",
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.rows.length).toBeGreaterThan(0);
    expect(rejected.body.rows.every((r) => r.outcome === "rejected" && r.reason && r.rawQuery.startsWith("?"))).toBe(true);
    const bad = await api<{ error: { message: string } }>(cookie, "/api/postbacks?outcome=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("outcome");
    const csv = await call("/api/postbacks/export.csv?event=ftd", { headers: { cookie } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\n")[0]).toContain("received_at,outcome,reason,event,click_id");
    expect(text).toContain(",ftd,");
  });
});
