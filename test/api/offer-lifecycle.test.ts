/**
 * Offer lifecycle: archive (sync off, postbacks still accepted), restore, clone (new postback key,
 * non-secret setup copied, credentials not), and workspace scoping.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { OfferDetail, OfferSummary } from "../../shared/report-types";
import { getDb } from "../../workers/db/client";
import { auditLog, offers } from "../../workers/db/schema";
import { api, call, clearRouteCache, demo, env, login } from "../helpers";
import { expectAll404, otherWorkspace } from "./entity-helpers";

describe("Offer lifecycle API", () => {
  it("clones an offer with a new postback key, its non-secret setup, sites and casino entry, but no credentials", async () => {
    await demo();
    const cookie = await login();
    const res = await api<{ offer: { id: string; name: string; secretsCopied: boolean } }>(cookie, "/api/offers/of_spinia/clone", {
      method: "POST",
    });
    expect(res.status).toBe(201);
    expect(res.body.offer).toMatchObject({ name: "Copy of Spinia UK — CPA €100", secretsCopied: false });
    const src = (await api<{ offer: OfferDetail }>(cookie, "/api/offers/of_spinia")).body.offer;
    const copy = (await api<{ offer: OfferDetail }>(cookie, `/api/offers/${res.body.offer.id}`)).body.offer;
    expect(copy.postbackKey).not.toBe(src.postbackKey);
    expect(copy).toMatchObject({
      platform: src.platform,
      brand: src.brand,
      campaignTag: src.campaignTag,
      trackingUrl: src.trackingUrl,
      accountCurrency: src.accountCurrency,
      siteIds: src.siteIds,
      deal: src.deal,
      archivedAt: null,
    });
    expect(copy.apiSetup.config).toEqual(src.apiSetup.config);
    expect(copy.apiSetup.secrets).toEqual({});
    expect(copy.apiSetupComplete).toBe(false);
    expect(copy.casino).toMatchObject({ name: src.casino?.name, paymentMethods: src.casino?.paymentMethods });
    expect(copy.casino?.id).not.toBe(src.casino?.id);
    // The clone's own postback key routes.
    clearRouteCache();
    const pb = await call(`/pb/${copy.postbackKey}?click_id=nope&event=registration`);
    expect(pb.status).toBe(200);
    const audit = (await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, copy.id)))[0];
    expect(audit?.action).toBe("offer.clone");
  });

  it("archives an offer (sync off, still listed with archivedAt, postbacks still accepted) and restores it", async () => {
    await demo();
    const cookie = await login();
    const clone = await api<{ offer: { id: string } }>(cookie, "/api/offers/of_wildz/clone", { method: "POST" });
    const id = clone.body.offer.id;
    const res = await api<{ offer: { archivedAt: number; syncEnabled: boolean } }>(cookie, `/api/offers/${id}/archive`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(res.body.offer.archivedAt).toBeGreaterThan(0);
    expect(res.body.offer.syncEnabled).toBe(false);
    const list = await api<{ offers: OfferSummary[] }>(cookie, "/api/offers");
    expect(list.body.offers.find((o) => o.id === id)?.archivedAt).toBeGreaterThan(0);
    const key = (await getDb(env.DB).select({ k: offers.postbackKey }).from(offers).where(eq(offers.id, id)))[0]?.k;
    clearRouteCache();
    expect((await call(`/pb/${key}?click_id=nope&event=registration`)).status).toBe(200);
    const restored = await api<{ offer: { archivedAt: number | null } }>(cookie, `/api/offers/${id}/restore`, { method: "POST" });
    expect(restored.body.offer.archivedAt).toBeNull();
  });

  it("answers 404 for another workspace's offer", async () => {
    await demo();
    const other = await otherWorkspace();
    const wrong = await expectAll404(other, [
      ["/api/offers/of_spinia/archive", { method: "POST" }],
      ["/api/offers/of_spinia/restore", { method: "POST" }],
      ["/api/offers/of_spinia/clone", { method: "POST" }],
    ]);
    expect(wrong).toEqual([]);
  });
});
