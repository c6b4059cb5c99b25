/**
 * Postback events end to end through /pb: per-offer event mapping (unknown names kept aside and
 * re-applied once when mapped), chargebacks reversing their conversion in tracked counts and live
 * counters, unreplaced macros and junk click ids kept as unattributed (200), amount and currency rules.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { OfferEventsSaved, OfferEventsView, SiteOverviewResponse } from "../../shared/report-types";
import { getDb } from "../../workers/db/client";
import { conversions, postbacks } from "../../workers/db/schema";
import { api, call, demo, drain, env, login, todayIn } from "../helpers";

const key = async (offerId: string) => {
  const k = (await demo()).postbackKeys.find((p) => p.offerId === offerId)?.key;
  expect(k).toBeDefined();
  return k ?? "";
};
async function click(slug: string): Promise<string> {
  const res = await call(`/go/${slug}`);
  const loc = new URL(res.headers.get("location") ?? "");
  const id = [...loc.searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v));
  expect(id).toBeDefined();
  return id ?? "";
}
type PbBody = {
  ok?: boolean;
  outcome?: string;
  reason?: string | null;
  conversion_id?: string | null;
  id?: string;
  error?: { code: string; message: string; details: { field: string; id?: string } };
};
const pb = async (path: string, init?: RequestInit) => {
  const res = await call(path, init);
  return { status: res.status, body: (await res.json()) as PbBody };
};
const db = () => getDb(env.DB);
async function logEntry(id: string | undefined) {
  await drain(await demo());
  expect(id).toBeDefined();
  return (
    await db()
      .select()
      .from(postbacks)
      .where(eq(postbacks.id, id ?? ""))
  )[0];
}
async function conversion(id: string | null | undefined) {
  await drain(await demo());
  expect(id).toBeTruthy();
  return (
    await db()
      .select()
      .from(conversions)
      .where(eq(conversions.id, id ?? ""))
  )[0];
}
/** A live counter of one offer today in a site's hub (what the dashboard's live view shows). */
async function live(cookie: string, siteId: string, offerId: string, metric: string): Promise<number> {
  const res = await api<{ counters: { offerId: string; metric: string; value: number }[] }>(cookie, `/api/sites/${siteId}/live`);
  expect(res.status).toBe(200);
  return res.body.counters.filter((c) => c.offerId === offerId && c.metric === metric).reduce((a, c) => a + c.value, 0);
}
/** Tracked FTDs of a site today (Site Overview, from D1). */
async function trackedFtds(cookie: string, siteId: string, tz: string): Promise<number> {
  await drain(await demo());
  const day = todayIn(tz);
  const res = await api<SiteOverviewResponse>(cookie, `/api/sites/${siteId}/overview?from=${day}&to=${day}`);
  expect(res.status).toBe(200);
  expect(res.body.totals.ftds).toBeTypeOf("number");
  return res.body.totals.ftds;
}
const jsonInit = (method: string, body: unknown, cookie: string): RequestInit => ({
  method,
  headers: { cookie, "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("unreplaced macros and junk click ids are kept as unattributed and answered 200", () => {
  it.each([
    ["click_id={clickid}&event=ftd", "unreplaced macro {clickid} in click_id"],
    ["afp={{afp}}&event=registration", "unreplaced macro {{afp}} in afp"],
    ["click_id=[clickid]&event=ftd", "unreplaced macro [clickid] in click_id"],
    ["click_id=%25clickid%25&event=ftd", "unreplaced macro %clickid% in click_id"],
    ["click_id=CLICK&event=ftd&amount={amount}&currency=EUR", "unreplaced macro {amount} in amount"],
    ["click_id=CLICK&event=ftd&amount=10&currency=EUR&txid={txid}", "unreplaced macro {txid} in txid"],
    ["click_id=null&event=ftd", 'junk click id "null" in click_id'],
    ["click_id=undefined&event=ftd", 'junk click id "undefined" in click_id'],
    ["click_id=0&event=ftd", 'junk click id "0" in click_id'],
    ["click_id=-1&event=ftd", 'junk click id "-1" in click_id'],
    ["click_id=NaN&event=ftd", 'junk click id "NaN" in click_id'],
    ["click_id=true&event=ftd", 'junk click id "true" in click_id'],
    ["click_id=&event=ftd", 'junk click id "" in click_id'],
  ])("%s", async (query, reason) => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const r = await pb(`/pb/${k}?${query.replace("CLICK", id)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, outcome: "unattributed", reason, conversion_id: null });
    const row = await logEntry(r.body.id);
    expect(row).toMatchObject({ outcome: "unattributed", reason, offerId: "of_spinia" });
  });

  it("a junk click id with a txid still keeps the conversion, unattributed, with the reason", async () => {
    const k = await key("of_spinia");
    const r = await pb(`/pb/${k}?click_id=null&event=ftd&amount=20&currency=EUR&txid=junk-tx-1`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: "unattributed", reason: 'junk click id "null" in click_id' });
    expect(await conversion(r.body.conversion_id)).toMatchObject({ attributed: false, clickId: null, txid: "junk-tx-1", siteId: null });
  });
});

describe("amounts and currencies", () => {
  it.each([
    ["12,50", 12_500_000],
    ["0,125", 125_000],
    ["12,5", 12_500_000],
    ["1.234,56", 1_234_560_000],
    ["1,234.56", 1_234_560_000],
    ["1.234.567,5", 1_234_567_500_000],
    ["25.5", 25_500_000],
    ["0.125", 125_000],
    ["1.2345", 1_234_500],
  ])("reads %s as exactly %d micros", async (amount, micros) => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const r = await pb(`/pb/${k}?click_id=${id}&event=deposit&amount=${encodeURIComponent(amount)}&currency=EUR&txid=amt-${amount}`);
    expect(r.status).toBe(200);
    const row = await conversion(r.body.conversion_id);
    expect(row?.amountMicros).toBe(micros);
    expect(row?.currency).toBe("EUR");
  });

  it.each([
    ["amount=1,234", "amount", "ambiguous"],
    ["amount=12,345", "amount", "ambiguous"],
    ["amount=1.234", "amount", "ambiguous (1234 or 1.234?)"],
    ["amount=250.000", "amount", "ambiguous"],
    ["amount=1.234.56", "amount", "not a decimal number"],
    ["amount=1,2,3", "amount", "not a decimal number"],
    ["amount=12.50%E2%82%AC", "amount", "not a decimal number"],
    ["amount=-5", "amount", "must not be negative"],
    ["amount=5&currency=XYZ", "currency", "not an ISO 4217"],
    ["amount=5&currency=EURO", "currency", "not an ISO 4217"],
  ])("refuses %s with a 400 naming %s, logged as rejected", async (q, field, message) => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const query = q.includes("currency=") ? q : `${q}&currency=EUR`;
    const r = await pb(`/pb/${k}?click_id=${id}&event=ftd&${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error?.details.field).toBe(field);
    expect(r.body.error?.message).toContain(message);
    const row = await logEntry(r.body.error?.details.id);
    expect(row?.outcome).toBe("rejected");
  });

  it("reads 1.234 as a decimal only in a currency with three decimals (KWD); in EUR it is refused as ambiguous", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const kwd = await pb(`/pb/${k}?click_id=${id}&event=deposit&amount=1.234&currency=KWD&txid=kwd-1`);
    expect(kwd.status).toBe(200);
    const row = await conversion(kwd.body.conversion_id);
    expect(row?.amountMicros).toBe(1_234_000);
    expect(row?.currency).toBe("KWD");
    const eur = await pb(`/pb/${k}?click_id=${id}&event=deposit&amount=1.234&currency=eur&txid=kwd-2`);
    expect(eur.status).toBe(400);
    expect(eur.body.error?.details.field).toBe("amount");
  });

  it("an amount without a currency takes the offer's account currency, and is refused when the offer has none", async () => {
    const cookie = await login();
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const withAccount = await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=30&txid=cur-1`);
    expect(withAccount.status).toBe(200);
    expect((await conversion(withAccount.body.conversion_id))?.currency).toBe("EUR");

    const created = await api<{ offer: { id: string; postbackKey: string } }>(
      cookie,
      "/api/offers",
      jsonInit(
        "POST",
        { name: "No currency", platform: "generic", brand: "Nocur", trackingUrl: "https://nocur.example/go", siteIds: ["site_uk"] },
        cookie,
      ),
    );
    expect(created.status).toBe(201);
    const refused = await pb(`/pb/${created.body.offer.postbackKey}?player_id=p-1&event=ftd&amount=30`);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details.field).toBe("currency");
    expect(refused.body.error?.message).toContain("account currency");
  });

  it("stores a long reason capped in bytes", async () => {
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const r = await pb(`/pb/${k}?click_id=${id}&event=${"é".repeat(60)}`);
    expect(r.status).toBe(200);
    const row = await logEntry(r.body.id);
    expect(row?.reason).toBeTruthy();
    expect(new TextEncoder().encode(row?.reason ?? "").byteLength).toBeLessThanOrEqual(500);
  });
});

describe("request size and shape", () => {
  it("refuses an oversized body with 413 before reading it whole, on /pb and /e", async () => {
    const k = await key("of_spinia");
    const big = "x".repeat(20_000);
    const declared = await call(`/pb/${k}`, { method: "POST", headers: { "content-type": "text/plain" }, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as PbBody).error?.code).toBe("body_too_large");
    // A chunked body (no Content-Length) is cut while streaming.
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(ctrl) {
          for (let i = 0; i < 10; i++) ctrl.enqueue(new TextEncoder().encode("y".repeat(2_000)));
          ctrl.close();
        },
      });
    const chunked = await call(`/pb/${k}`, { method: "POST", body: stream(), duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    const beacon = await call("/e", { method: "POST", body: stream(), duplex: "half" } as RequestInit);
    expect(beacon.status).toBe(413);
  });

  it("answers /pb/ without a key in the JSON error shape", async () => {
    for (const path of ["/pb/", "/pb"]) {
      const res = await call(`${path}?click_id=x&event=ftd`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as PbBody).error?.code).toBe("unknown_postback_key");
    }
  });
});

describe("per-offer event mapping", () => {
  it("keeps an unknown event as unmapped (200), offers it for mapping, and re-applies it exactly once when mapped", async () => {
    const cookie = await login();
    const k = await key("of_wildz");
    const id = await click("wildz-de");
    const before = await live(cookie, "site_de", "of_wildz", "qualified");

    const r = await pb(`/pb/${k}?click_id=${id}&event=CPA-Qualified&txid=cq-1`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: "unmapped", conversion_id: null });
    expect(r.body.reason).toContain('unknown event "CPA-Qualified"');
    expect(await live(cookie, "site_de", "of_wildz", "qualified")).toBe(before);
    const logged = await logEntry(r.body.id);
    expect(logged).toMatchObject({ outcome: "unmapped", eventName: "CPA-Qualified", offerId: "of_wildz" });

    const view = await api<OfferEventsView>(cookie, "/api/offers/of_wildz/events");
    expect(view.status).toBe(200);
    expect(view.body.unmapped.find((u) => u.name === "cpa_qualified")).toMatchObject({ sentAs: "CPA-Qualified", count: 1 });
    expect(view.body.defaults.find((d) => d.name === "cpa_qualification")).toMatchObject({ type: "qualified", source: "platform" });

    const mapped = await api<OfferEventsSaved>(
      cookie,
      "/api/offers/of_wildz/events/map",
      jsonInit("POST", { name: "CPA-Qualified", type: "qualified" }, cookie),
    );
    expect(mapped.status).toBe(200);
    expect(mapped.body.reapplied).toBe(1);
    expect(mapped.body.mappings).toContainEqual({ name: "cpa_qualified", type: "qualified" });
    expect(mapped.body.unmapped.some((u) => u.name === "cpa_qualified")).toBe(false);
    expect(await live(cookie, "site_de", "of_wildz", "qualified")).toBe(before + 1);

    // The same log entry now says what happened to it, and points at its conversion.
    const after = await logEntry(r.body.id);
    expect(after?.outcome).toBe("accepted");
    expect(after?.reason).toContain('re-applied after "CPA-Qualified" was mapped to qualified');
    const conv = await conversion(after?.conversionId);
    expect(conv).toMatchObject({ eventType: "qualified", txid: "cq-1", attributed: true, siteId: "site_de" });

    // Mapping again re-applies nothing: each kept postback is applied once.
    const again = await api<OfferEventsSaved>(
      cookie,
      "/api/offers/of_wildz/events/map",
      jsonInit("POST", { name: "cpa_qualified", type: "qualified" }, cookie),
    );
    expect(again.body.reapplied).toBe(0);
    expect(await live(cookie, "site_de", "of_wildz", "qualified")).toBe(before + 1);

    // From now on the name counts at once.
    const id2 = await click("wildz-de");
    const next = await pb(`/pb/${k}?click_id=${id2}&event=cpa%20qualified&txid=cq-2`);
    expect(next.body.outcome).toBe("accepted");
    expect((await conversion(next.body.conversion_id))?.eventType).toBe("qualified");
  });

  it("the platform preset's names work without a mapping; a mapping is per offer", async () => {
    const cookie = await login();
    // Affilka (of_spinia) knows "CPA qualification" from its preset.
    const id = await click("spinia-uk");
    const r = await pb(`/pb/${await key("of_spinia")}?click_id=${id}&event=CPA%20qualification&txid=pq-1`);
    expect(r.body.outcome).toBe("accepted");
    expect((await conversion(r.body.conversion_id))?.eventType).toBe("qualified");
    // A name mapped on one offer is still unknown on another.
    const put = await api<OfferEventsSaved>(
      cookie,
      "/api/offers/of_spinia/events",
      jsonInit("PUT", { mappings: [{ name: "player_won", type: "registration" }] }, cookie),
    );
    expect(put.status).toBe(200);
    const vulkanClick = await click("vulkan-de");
    const other = await pb(`/pb/${await key("of_vulkan")}?click_id=${vulkanClick}&event=player_won`);
    expect(other.body.outcome).toBe("unmapped");
    const id2 = await click("spinia-uk");
    const mine = await pb(`/pb/${await key("of_spinia")}?click_id=${id2}&event=player_won`);
    expect(mine.body.outcome).toBe("accepted");
  });

  it("on a campaign key, the click's offer decides what a name means", async () => {
    const cookie = await login();
    const mapped = await api<OfferEventsSaved>(
      cookie,
      "/api/offers/of_spinia/events/map",
      jsonInit("POST", { name: "high_roller", type: "registration" }, cookie),
    );
    expect(mapped.status).toBe(200);
    // cp_uk_seo covers of_spinia (maps the name) and of_betano (does not).
    const campaignKey = "cpkukseodemo00000000";
    const spinia = await pb(`/pb/${campaignKey}?click_id=${await click("spinia-uk")}&event=high_roller`);
    expect(spinia.body.outcome).toBe("accepted");
    expect(await conversion(spinia.body.conversion_id)).toMatchObject({ eventType: "registration", offerId: "of_spinia" });
    const betano = await pb(`/pb/${campaignKey}?click_id=${await click("betano-uk")}&event=high_roller`);
    expect(betano.body.outcome).toBe("unmapped");
    expect((await logEntry(betano.body.id))?.offerId).toBe("of_betano");
    const noClick = await pb(`/pb/${campaignKey}?player_id=hr-1&event=high_roller`);
    expect(noClick.body.outcome).toBe("unmapped");
    expect(noClick.body.reason).toContain("mapped differently on this campaign's offers");
  });

  it("validates the mapping and names the field", async () => {
    const cookie = await login();
    const bad = await api<{ error: { message: string; details: { fields: { field: string }[] } } }>(
      cookie,
      "/api/offers/of_spinia/events",
      jsonInit(
        "PUT",
        {
          mappings: [
            { name: "a", type: "ftd" },
            { name: "A", type: "deposit" },
          ],
        },
        cookie,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]?.field).toBe("mappings.1.name");
    const type = await api<{ error: { details: { fields: { field: string }[] } } }>(
      cookie,
      "/api/offers/of_spinia/events/map",
      jsonInit("POST", { name: "x", type: "bonus" }, cookie),
    );
    expect(type.status).toBe(400);
    expect(type.body.error.details.fields[0]?.field).toBe("type");
    expect((await api(cookie, "/api/offers/of_nope/events")).status).toBe(404);
  });
});

describe("chargebacks and reversals", () => {
  it("reverse their FTD in tracked counts and live counters, once, and show in the log", async () => {
    const cookie = await login();
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const ftd = await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=50&currency=EUR&txid=cb-ftd-1`);
    expect(ftd.body.outcome).toBe("accepted");
    const liveBefore = await live(cookie, "site_uk", "of_spinia", "ftds");
    const trackedBefore = await trackedFtds(cookie, "site_uk", "Europe/London");

    const cb = await pb(`/pb/${k}?click_id=${id}&event=Chargeback&amount=-50&currency=EUR`);
    expect(cb.status).toBe(200);
    expect(cb.body).toMatchObject({ outcome: "accepted", conversion_id: ftd.body.conversion_id });
    expect(cb.body.reason).toContain("reversed ftd");
    expect(await live(cookie, "site_uk", "of_spinia", "ftds")).toBe(liveBefore - 1);
    expect(await trackedFtds(cookie, "site_uk", "Europe/London")).toBe(trackedBefore - 1);
    expect((await conversion(ftd.body.conversion_id))?.status).toBe("chargeback");
    expect(await logEntry(cb.body.id)).toMatchObject({ eventType: "chargeback", eventName: "Chargeback", outcome: "accepted" });

    // Never twice: a retry, a reversal by txid, or a status=chargeback all find it reversed already.
    for (const q of [`click_id=${id}&event=chargeback`, "txid=cb-ftd-1&event=reversal", "txid=cb-ftd-1&status=chargeback"]) {
      const again = await pb(`/pb/${k}?${q}`);
      expect(again.body.outcome, q).toBe("duplicate");
    }
    expect(await live(cookie, "site_uk", "of_spinia", "ftds")).toBe(liveBefore - 1);
    expect(await trackedFtds(cookie, "site_uk", "Europe/London")).toBe(trackedBefore - 1);
  });

  it("reverse a deposit named by its txid, amount included", async () => {
    const cookie = await login();
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    await pb(`/pb/${k}?click_id=${id}&event=deposit&amount=70&currency=EUR&txid=cb-dep-1`);
    const deposits = await live(cookie, "site_uk", "of_spinia", "deposits");
    const amount = await live(cookie, "site_uk", "of_spinia", "deposit_amount");
    const cb = await pb(`/pb/${k}?txid=cb-dep-1&event=refund`);
    expect(cb.body.reason).toContain("reversed deposit");
    expect(await live(cookie, "site_uk", "of_spinia", "deposits")).toBe(deposits - 1);
    expect(await live(cookie, "site_uk", "of_spinia", "deposit_amount")).toBe(amount - 70_000_000);
  });

  it("a chargeback before its FTD is held and applied when the FTD lands (never counted)", async () => {
    const cookie = await login();
    const k = await key("of_spinia");
    const id = await click("spinia-uk");
    const early = await pb(`/pb/${k}?click_id=${id}&event=chargeback`);
    expect(early.body).toMatchObject({ outcome: "accepted", conversion_id: null });
    expect(early.body.reason).toContain("held");
    const liveBefore = await live(cookie, "site_uk", "of_spinia", "ftds");
    const trackedBefore = await trackedFtds(cookie, "site_uk", "Europe/London");
    // A registration of the same click is not what the chargeback reverses.
    const reg = await pb(`/pb/${k}?click_id=${id}&event=registration`);
    expect((await conversion(reg.body.conversion_id))?.status).toBe("approved");
    const ftd = await pb(`/pb/${k}?click_id=${id}&event=ftd&amount=10&currency=EUR&txid=cb-late-1`);
    expect(ftd.body.reason).toContain("reversed by a chargeback received before it");
    expect((await conversion(ftd.body.conversion_id))?.status).toBe("chargeback");
    expect(await live(cookie, "site_uk", "of_spinia", "ftds")).toBe(liveBefore);
    expect(await trackedFtds(cookie, "site_uk", "Europe/London")).toBe(trackedBefore);
  });

  it("works the same for a platform that names it otherwise (Cellxpert, by player id)", async () => {
    const cookie = await login();
    const created = await api<{ offer: { id: string; postbackKey: string } }>(
      cookie,
      "/api/offers",
      jsonInit(
        "POST",
        {
          name: "Cellxpert deal",
          platform: "cellxpert",
          brand: "Cx",
          trackingUrl: "https://cx.example/go",
          accountCurrency: "USD",
          siteIds: ["site_uk"],
        },
        cookie,
      ),
    );
    expect(created.status).toBe(201);
    const { id: offerId, postbackKey } = created.body.offer;
    const trackedBefore = await trackedFtds(cookie, "site_uk", "Europe/London");
    const ftd = await pb(`/pb/${postbackKey}?player_id=cx-77&event=FTD&amount=100`);
    expect(ftd.body.outcome).toBe("unattributed");
    expect((await conversion(ftd.body.conversion_id))?.currency).toBe("USD");
    // Kept, not counted: no click places it on the site, so neither the live figures nor the report count it.
    expect(await live(cookie, "site_uk", offerId, "ftds")).toBe(0);
    expect(await trackedFtds(cookie, "site_uk", "Europe/London")).toBe(trackedBefore);
    // Its program calls it "CB": unknown until mapped, then re-applied.
    const cb = await pb(`/pb/${postbackKey}?player_id=cx-77&event=CB`);
    expect(cb.body.outcome).toBe("unmapped");
    const mapped = await api<OfferEventsSaved>(
      cookie,
      `/api/offers/${offerId}/events/map`,
      jsonInit("POST", { name: "CB", type: "chargeback" }, cookie),
    );
    expect(mapped.body.reapplied).toBe(1);
    expect(await live(cookie, "site_uk", offerId, "ftds")).toBe(0);
    expect((await conversion(ftd.body.conversion_id))?.status).toBe("chargeback");
  });
});
