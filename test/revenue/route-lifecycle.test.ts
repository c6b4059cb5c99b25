/**
 * Tag routes follow the offer↔site tagging and move stored rows at once: an offer leaving a site takes
 * its routes to that site with it (their rows become unassigned, audited), whichever API untags it;
 * setting or changing a route re-places the tag's stored rows immediately, rows an older default put
 * on a site included, without restating any figure.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import type { OfferDetail } from "../../shared/report-types";
import type { OfferTagsResponse, TagRoutesResponse } from "../../shared/revenue-tags";
import { revenueRows } from "../../workers/db/schema";
import { ulid } from "../../workers/lib/ids";
import { runOfferSync } from "../../workers/revenue/sync";
import { api, demo, env, json, login } from "../helpers";
import { db } from "./harness";

const sandbox = () => String(inject("sandboxUrl"));
const DAY = "2026-11-02";

/** A Cellxpert offer on both demo sites, pulled once, tc-a routed to site_uk and tc-b to site_de. */
async function routedOffer(cookie: string, workspaceId: string): Promise<string> {
  const token = `sites${ulid().toLowerCase()}`;
  const created = await api<{ offer: OfferDetail }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: `Route lifecycle ${token}`,
      platform: "cellxpert",
      brand: "One deal",
      trackingUrl: "https://operator.example/track",
      accountCurrency: "USD",
      siteIds: ["site_uk", "site_de"],
      apiSetup: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "1", apiKey: token },
    }),
  );
  expect(created.status).toBe(201);
  const id = created.body.offer.id;
  const out = await runOfferSync(env, { offerId: id, workspaceId, trigger: "test", from: DAY, to: DAY });
  expect(out.status).toBe("ok");
  for (const [value, siteId] of [
    ["tc-a", "site_uk"],
    ["tc-b", "site_de"],
  ]) {
    const put = await api(cookie, `/api/offers/${id}/tags/routes`, json("PUT", { dimension: "tracking_code", value, siteId }));
    expect(put.status).toBe(200);
  }
  return id;
}

async function tagSites(cookie: string, offerId: string): Promise<Map<string | null, string | null>> {
  const tags = await api<OfferTagsResponse>(cookie, `/api/offers/${offerId}/tags`);
  expect(tags.status).toBe(200);
  return new Map(tags.body.tags.map((t) => [t.value, t.siteId]));
}

/** Every API that changes an offer's sites, each taking site_de away from the offer. */
const UNTAG: { via: string; untag: (cookie: string, offerId: string) => Promise<number> }[] = [
  {
    via: "PUT /api/sites/:id/offers",
    untag: async (cookie, offerId) => {
      const site = await api<{ site: { offers: { id: string }[] } }>(cookie, "/api/sites/site_de");
      const offerIds = site.body.site.offers.map((o) => o.id).filter((o) => o !== offerId);
      return (await api(cookie, "/api/sites/site_de/offers", json("PUT", { offerIds }))).status;
    },
  },
  {
    via: "PATCH /api/sites/:id (offerIds)",
    untag: async (cookie, offerId) => {
      const site = await api<{ site: { offers: { id: string }[] } }>(cookie, "/api/sites/site_de");
      const offerIds = site.body.site.offers.map((o) => o.id).filter((o) => o !== offerId);
      return (await api(cookie, "/api/sites/site_de", json("PATCH", { offerIds }))).status;
    },
  },
  {
    via: "PATCH /api/offers/:id (siteIds)",
    untag: async (cookie, offerId) => (await api(cookie, `/api/offers/${offerId}`, json("PATCH", { siteIds: ["site_uk"] }))).status,
  },
];

describe.each(UNTAG)("an offer leaving a site via $via", ({ untag }) => {
  it("drops its routes to that site (audited) and their rows become unassigned; other routes stay", async () => {
    const seed = await demo();
    const cookie = await login();
    const id = await routedOffer(cookie, seed.workspaceId);
    const before = await tagSites(cookie, id);
    expect(before.get("tc-b")).toBe("site_de");

    expect(await untag(cookie, id)).toBe(200);

    const routes = await api<TagRoutesResponse>(cookie, `/api/offers/${id}/tags/routes`);
    expect(routes.body.routes.map((r) => [r.value, r.siteId])).toEqual([["tc-a", "site_uk"]]);
    expect(routes.body.sites.map((s) => s.id)).toEqual(["site_uk"]);
    const after = await tagSites(cookie, id);
    expect(after.get("tc-a")).toBe("site_uk");
    expect(after.has("tc-b")).toBe(true);
    expect(after.get("tc-b")).toBeNull();

    const audit = await api<{ entries: { action: string; entityId: string | null; diff: Record<string, unknown> | null }[] }>(
      cookie,
      "/api/audit?entityType=offer&limit=20",
    );
    const removal = audit.body.entries.find((e) => e.action === "offer.tag_route_delete" && e.entityId === id);
    expect(removal?.diff).toEqual({ "route:tracking_code:tc-b": ["site_de", null] });

    // The next pull keeps them unassigned: no route points there any more.
    const out = await runOfferSync(env, { offerId: id, workspaceId: seed.workspaceId, trigger: "test", from: DAY, to: DAY });
    expect(out.status).toBe("ok");
    expect((await tagSites(cookie, id)).get("tc-b")).toBeNull();
  });
});

describe("setting or changing a route re-places stored rows now", () => {
  it("moves rows an older default put on a site, and a changed route moves them again, with no revision", async () => {
    const seed = await demo();
    const cookie = await login();
    const id = await routedOffer(cookie, seed.workspaceId);
    // Rows as stored before tag routes existed: on "the offer's only site", no tag recorded.
    await db()
      .update(revenueRows)
      .set({ siteId: "site_uk", campaignId: null, placement: "unassigned", tagDimension: null, tagValue: null })
      .where(and(eq(revenueRows.offerId, id), eq(revenueRows.trackingCode, "tc-b")));
    const legacy = await db().select().from(revenueRows).where(eq(revenueRows.offerId, id));
    const revisions = new Map(legacy.map((r) => [r.id, r.revision]));
    expect(legacy.filter((r) => r.trackingCode === "tc-b").length).toBeGreaterThan(0);

    const put = await api(
      cookie,
      `/api/offers/${id}/tags/routes`,
      json("PUT", { dimension: "tracking_code", value: "tc-b", siteId: "site_de" }),
    );
    expect(put.status).toBe(200);
    const moved = await db()
      .select()
      .from(revenueRows)
      .where(and(eq(revenueRows.offerId, id), eq(revenueRows.trackingCode, "tc-b")));
    for (const r of moved) {
      expect(r.siteId).toBe("site_de");
      expect(r.placement).toBe("tag");
      expect(r.tagValue).toBe("tc-b");
    }

    const change = await api(
      cookie,
      `/api/offers/${id}/tags/routes`,
      json("PUT", { dimension: "tracking_code", value: "tc-a", siteId: "site_de" }),
    );
    expect(change.status).toBe(200);
    expect((await tagSites(cookie, id)).get("tc-a")).toBe("site_de");

    // A move restates no figure: revisions unchanged, nothing new in the change log.
    const now = await db().select().from(revenueRows).where(eq(revenueRows.offerId, id));
    for (const r of now) expect(r.revision).toBe(revisions.get(r.id));
    const log = await api<{ changes: { kind: string }[] }>(cookie, `/api/offers/${id}/changes?kind=changed,removed`);
    expect(log.status).toBe(200);
    expect(log.body.changes).toEqual([]);
  });
});
