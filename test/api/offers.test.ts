/**
 * Offers API: create / update with validation that names the field, API Setup secrets encrypted
 * and never returned, Casino Entry + site assignment created with the offer, edge routes published,
 * and workspace scoping.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { OfferDetail, OfferSummary } from "../../shared/report-types";
import { getDb } from "../../workers/db/client";
import { casinoEntries, offers, siteOffers } from "../../workers/db/schema";
import { ulid } from "../../workers/lib/ids";
import { api, call, demo, env, json, login, signUp } from "../helpers";

type ErrorBody = { error: { code: string; message: string; details?: { fields: { field: string; message: string }[] } } };

const db = () => getDb(env.DB);

function fieldsOf(body: unknown): string[] {
  return ((body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);
}

const TOKEN = `offerstest${ulid().toLowerCase()}`;
const validOffer = (over: Record<string, unknown> = {}) => ({
  name: "Spinia NL — CPA €120",
  platform: "affilka",
  brand: "Spinia",
  campaignTag: "501",
  trackingUrl: "https://go.spinia.example/visit/?bta=501&nci=9000",
  postbackEvents: ["registration", "ftd"],
  deal: { type: "cpa", cpa: "120.50", currency: "EUR", notes: "Baseline 20 €" },
  platformTimezone: "Europe/Malta",
  accountCurrency: "eur",
  siteIds: ["site_uk"],
  casino: { bonusText: "100% up to €500", paymentMethods: ["Visa", "Trustly"] },
  apiSetup: { reportUrl: `https://affiliates.spinia.example/api/customer/v1/partner/report?token=${TOKEN}`, brandId: "12" },
  ...over,
});

async function offerCount(): Promise<number> {
  return (await db().select({ id: offers.id }).from(offers)).length;
}

describe("Offers API", () => {
  it("lists the workspace's offers with their postback key, freshness and no secrets", async () => {
    await demo();
    const cookie = await login();
    const res = await call("/api/offers", { headers: { cookie } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("demo-spinia-token");
    expect(text).not.toContain("demo-ia-key");
    const body = JSON.parse(text) as { offers: OfferSummary[] };
    const spinia = body.offers.find((o) => o.id === "of_spinia");
    expect(spinia).toMatchObject({
      platform: "affilka",
      brand: "Spinia",
      apiSetupComplete: true,
      hasConnector: true,
      siteIds: ["site_uk"],
    });
    expect(spinia?.postbackKey).toMatch(/^[a-z0-9]{16,64}$/);
    expect(spinia?.freshness?.state).toBeDefined();
  });

  it("shows which secrets are set and a masked URL, never the secret", async () => {
    await demo();
    const cookie = await login();
    const res = await call("/api/offers/of_spinia", { headers: { cookie } });
    const text = await res.text();
    expect(text).not.toContain("demo-spinia-token");
    const { offer } = JSON.parse(text) as { offer: OfferDetail };
    expect(offer.apiSetup.secrets.reportUrl?.set).toBe(true);
    expect(offer.apiSetup.secrets.reportUrl?.masked).toContain("token=••••");
    expect(offer.apiSetup.config.brandId).toBe("12");
    expect(offer.apiSetup.complete).toBe(true);
    expect(offer.casino?.name).toBe("Spinia");
  });

  it("creates an offer with its Casino Entry and site assignment, secrets encrypted, routes published", async () => {
    await demo();
    const cookie = await login();
    const res = await call("/api/offers", { ...json("POST", validOffer()), headers: { cookie, "content-type": "application/json" } });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const { offer } = JSON.parse(text) as { offer: OfferDetail };
    expect(offer).toMatchObject({
      platform: "affilka",
      accountCurrency: "EUR",
      platformTimezone: "Europe/Malta",
      siteIds: ["site_uk"],
      effectiveClickParam: "click_id",
      deal: { type: "cpa", cpa: "120.50", currency: "EUR", notes: "Baseline 20 €" },
      casino: { name: "Spinia", bonusText: "100% up to €500", paymentMethods: ["Visa", "Trustly"], markets: ["GB"] },
      apiSetupComplete: true,
    });
    expect(offer.apiSetup.secrets.reportUrl?.masked).toBe("https://affiliates.spinia.example/api/customer/v1/partner/report?token=••••");

    const row = (await db().select().from(offers).where(eq(offers.id, offer.id)))[0];
    expect(row?.dealCpaMicros).toBe(120_500_000);
    expect(row?.apiSecretEnc).toMatch(/^v1\./);
    expect(row?.apiSecretEnc).not.toContain(TOKEN);
    expect(JSON.stringify(row?.apiConfig)).not.toContain(TOKEN);
    expect(await db().select().from(casinoEntries).where(eq(casinoEntries.offerId, offer.id))).toHaveLength(1);
    expect(await db().select().from(siteOffers).where(eq(siteOffers.offerId, offer.id))).toHaveLength(1);

    // The edge sees the new offer at once: its postback key resolves (an unknown key would be a 404).
    const pb = await call(`/pb/${offer.postbackKey}?click_id=nosuchclick&event=registration`);
    expect(pb.status).not.toBe(404);
  });

  it("rejects bad input with a 400 naming the field, and stores nothing", async () => {
    await demo();
    const cookie = await login();
    const before = await offerCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, "name"],
      [{ platform: "paypal" }, "platform"],
      [{ trackingUrl: "go.spinia.example/visit" }, "trackingUrl"],
      [{ deal: { type: "cpa", cpa: 120.5 } }, "deal.cpa"],
      [{ deal: { type: "cpa", cpa: "120.1234567" } }, "deal.cpa"],
      [{ deal: { revsharePct: "135" } }, "deal.revsharePct"],
      [{ platformTimezone: "Mars/Olympus" }, "platformTimezone"],
      [{ accountCurrency: "euro" }, "accountCurrency"],
      [{ accountCurrency: "XYZ" }, "accountCurrency"],
      [{ siteIds: ["site_nowhere"] }, "siteIds.0"],
      [{ postbackEvents: ["registration", "refund"] }, "postbackEvents.1"],
      [{ platform: "income_access", postbackEvents: ["deposit"], apiSetup: {} }, "postbackEvents.0"],
      [{ apiSetup: { reportUrl: "https://affiliates.spinia.example/report" } }, "apiSetup.reportUrl"],
      [{ apiSetup: { password: "x" } }, "apiSetup.password"],
      [{ apiSetup: { brandId: "12" } }, "apiSetup.reportUrl"],
      [
        { platform: "cellxpert", postbackEvents: [], apiSetup: { baseUrl: "https://partners.example.com", apiKey: "k-123456" } },
        "apiSetup.affiliateId",
      ],
      [
        {
          platform: "referon",
          postbackEvents: [],
          apiSetup: { reportUrl: "https://ro-affiliate.example.com/statistics?token=abcdef&id=4" },
        },
        "apiSetup.reportUrl",
      ],
      [
        { platform: "generic", postbackEvents: [], apiSetup: { url: "https://r.example/x.csv?key=abcd", mapping: "{not json" } },
        "apiSetup.mapping",
      ],
      [{ ipAllowlist: ["300.1.1.1"] }, "ipAllowlist.0"],
      [{ apiSecretEnc: "v1.x.y" }, ""],
    ];
    for (const [over, field] of cases) {
      const { status, body } = await api<ErrorBody>(cookie, "/api/offers", json("POST", validOffer(over)));
      expect(status, JSON.stringify(over)).toBe(400);
      if (field) expect(fieldsOf(body), JSON.stringify(over)).toContain(field);
      expect((body as ErrorBody).error.message).toMatch(/^Invalid offer/);
    }
    // ReferOn: the URL must keep its from/to date parameters.
    const referon = await api<ErrorBody>(
      cookie,
      "/api/offers",
      json(
        "POST",
        validOffer({
          platform: "referon",
          postbackEvents: [],
          apiSetup: { reportUrl: "https://ro-affiliate.example.com/statistics?token=abcdef&id=4" },
        }),
      ),
    );
    expect(referon.body.error.details?.fields[0]?.message).toMatch(/date parameters/);
    expect(await offerCount()).toBe(before);
  });

  it("updates fields and the API Setup: new config kept with the stored secret, null clears, secrets stay hidden", async () => {
    await demo();
    const cookie = await login();
    const token = `upd${ulid().toLowerCase()}`;
    const created = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", validOffer({ apiSetup: { reportUrl: `https://aff.example/api/customer/v1/partner/report?token=${token}` } })),
    );
    expect(created.status).toBe(201);
    const id = created.body.offer.id;

    const up = await api<{ offer: OfferDetail }>(
      cookie,
      `/api/offers/${id}`,
      json("PATCH", {
        name: "Spinia NL — CPA €130",
        deal: { cpa: "130" },
        siteIds: ["site_uk", "site_de"],
        casino: { bonusText: null, markets: ["NL"] },
        apiSetup: { brandId: "14", reportUrl: "" },
      }),
    );
    expect(up.status).toBe(200);
    expect(JSON.stringify(up.body)).not.toContain(token);
    expect(up.body.offer).toMatchObject({
      name: "Spinia NL — CPA €130",
      deal: { type: "cpa", cpa: "130.00" },
      casino: { bonusText: null, markets: ["NL"] },
      apiSetupComplete: true,
    });
    expect(up.body.offer.siteIds.sort()).toEqual(["site_de", "site_uk"]);
    expect(up.body.offer.apiSetup.config.brandId).toBe("14");
    expect(up.body.offer.apiSetup.secrets.reportUrl?.set).toBe(true);

    // Clearing the only credential makes the setup incomplete: refused, naming the field.
    const clear = await api<ErrorBody>(cookie, `/api/offers/${id}`, json("PATCH", { apiSetup: { reportUrl: null } }));
    expect(clear.status).toBe(400);
    expect(fieldsOf(clear.body)).toContain("apiSetup.reportUrl");

    // Base URL + token is the other complete Affilka setup.
    const swap = await api<{ offer: OfferDetail }>(
      cookie,
      `/api/offers/${id}`,
      json("PATCH", { apiSetup: { reportUrl: null, baseUrl: "https://aff.example", token: `tok-${token}` } }),
    );
    expect(swap.status).toBe(200);
    expect(swap.body.offer.apiSetup.secrets).toEqual({ token: { set: true, masked: null } });
    expect(JSON.stringify(swap.body)).not.toContain(`tok-${token}`);

    const bad = await api<ErrorBody>(cookie, `/api/offers/${id}`, json("PATCH", { platformTimezone: "Europe/Nowhere", unknownField: 1 }));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(["platformTimezone"]));

    // Switching platform drops settings that belong to the old one; an empty setup is allowed.
    const moved = await api<{ offer: OfferDetail }>(
      cookie,
      `/api/offers/${id}`,
      json("PATCH", { platform: "smartico", campaignTag: "afp-77" }),
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.offer.apiSetup.secrets).toEqual({});
    expect(moved.body.offer.apiSetup.config).toEqual({});
    expect(moved.body.offer.apiSetupComplete).toBe(false);
    expect(moved.body.offer.postbackEvents).toEqual(["registration", "ftd"]);
  });

  it("keeps the account currency while campaigns use the offer (their postbacks' amounts are booked in it)", async () => {
    await demo();
    const cookie = await login();
    const res = await api<ErrorBody>(cookie, "/api/offers/of_spinia", json("PATCH", { accountCurrency: null }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("currency_in_use");
    expect(fieldsOf(res.body)).toEqual(["accountCurrency"]);
    const kept = (await db().select({ c: offers.accountCurrency }).from(offers).where(eq(offers.id, "of_spinia")))[0];
    expect(kept?.c).toBe("EUR");
    // Another currency is fine, and an offer no campaign uses may drop it.
    const other = await api(cookie, "/api/offers/of_spinia", json("PATCH", { accountCurrency: "GBP" }));
    expect(other.status).toBe(200);
    expect((await api(cookie, "/api/offers/of_spinia", json("PATCH", { accountCurrency: "EUR" }))).status).toBe(200);
    const lone = await api<{ offer: { id: string } }>(
      cookie,
      "/api/offers",
      json("POST", validOffer({ siteIds: [], apiSetup: undefined })),
    );
    expect(lone.status).toBe(201);
    const cleared = await api<{ offer: { accountCurrency: string | null } }>(
      cookie,
      `/api/offers/${lone.body.offer.id}`,
      json("PATCH", { accountCurrency: null }),
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body.offer.accountCurrency).toBeNull();
  });

  it("scopes everything by workspace: another workspace's offer is a 404", async () => {
    await demo();
    const other = (await signUp({ workspaceName: "Other affiliates" })).cookie;
    const list = await api<{ offers: OfferSummary[] }>(other, "/api/offers");
    expect(list.body.offers).toEqual([]);
    const paths: [string, RequestInit][] = [
      ["/api/offers/of_spinia", {}],
      ["/api/offers/of_spinia", json("PATCH", { name: "Mine now" })],
      ["/api/offers/of_spinia/test-connection", json("POST", {})],
      ["/api/offers/of_spinia/sync-runs", {}],
      ["/api/offers/of_spinia/changes", {}],
      ["/api/offers/of_spinia/freshness", {}],
      ["/api/offers/of_spinia/resync", json("POST", { from: "2026-01-01", to: "2026-01-02" })],
    ];
    for (const [path, init] of paths) {
      const { status } = await api(other, path, init);
      expect(status, `${init.method ?? "GET"} ${path}`).toBe(404);
    }
    // Assigning another workspace's site is refused too.
    const res = await api<ErrorBody>(other, "/api/offers", json("POST", validOffer({ siteIds: ["site_uk"] })));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(["siteIds.0"]);
    const mine = (await db().select({ name: offers.name }).from(offers).where(eq(offers.id, "of_spinia")))[0];
    expect(mine?.name).toBe("Spinia UK — CPA €100");
  });

  it("requires a session", async () => {
    const res = await call("/api/offers");
    expect(res.status).toBe(401);
  });
});
