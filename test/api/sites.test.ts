/**
 * Sites API: create with generated keys and the snippet tag, edit (domains feed the beacon Origin
 * check at once), tagged offers, archive (out of lists, snippet stops counting, data kept), the
 * installation check from real beacons, validation naming the field, and workspace scoping.
 */
import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { SiteDetail } from "../../shared/entity-types";
import type { SiteSummary } from "../../shared/report-types";
import { getDb } from "../../workers/db/client";
import { auditLog, sites } from "../../workers/db/schema";
import { api, call, clearRouteCache, demo, env, login } from "../helpers";
import { type ErrorBody, expectAll404, fieldsOf, json, otherWorkspace } from "./entity-helpers";

const newSite = (over: Record<string, unknown> = {}) => ({
  name: "Bonus Hunter NL",
  domains: ["https://www.bonushunter.example/reviews", "bonushunter.example"],
  market: "nl",
  locale: "nl-NL",
  timezone: "Europe/Amsterdam",
  ...over,
});

function beacon(publicKey: string, origin: string) {
  return call("/e", {
    method: "POST",
    headers: { "content-type": "text/plain", origin },
    body: JSON.stringify({ s: publicKey, t: "pv", u: `${origin}/reviews/`, r: "" }),
    ip: "203.0.113.10",
  });
}

describe("Sites API", () => {
  it("creates a site with its keys, snippet tag and tagged offers, and audits it", async () => {
    await demo();
    const cookie = await login();
    const res = await api<{ site: SiteDetail }>(cookie, "/api/sites", json("POST", newSite({ offerIds: ["of_spinia"] })));
    expect(res.status).toBe(201);
    const site = res.body.site;
    expect(site).toMatchObject({
      name: "Bonus Hunter NL",
      domains: ["www.bonushunter.example", "bonushunter.example"],
      market: "NL",
      locale: "nl-NL",
      timezone: "Europe/Amsterdam",
      offerIds: ["of_spinia"],
      archivedAt: null,
      installation: { lastBeaconAt: null, precision: null },
    });
    expect(site.publicKey).toMatch(/^pk[0-9a-z]{16}$/);
    expect(site.hubCode).toMatch(/^[0-9a-z]{6}$/);
    expect(site.snippet).toBe(`<script defer src="https://cf.test/s.js" data-site="${site.publicKey}"></script>`);
    expect(site.offers.map((o) => o.id)).toEqual(["of_spinia"]);
    const list = await api<{ sites: SiteSummary[] }>(cookie, "/api/sites");
    expect(list.body.sites.map((s) => s.id)).toContain(site.id);
    // Fast Launch: a site with offers and no campaign has its overview.
    const overview = await api(cookie, `/api/sites/${site.id}/overview?from=2026-01-01&to=2026-01-07`);
    expect(overview.status).toBe(200);
    const entry = (await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, site.id)))[0];
    expect(entry?.action).toBe("site.create");
    expect(entry?.userEmail).toBe("demo@casinoflux.local");
  });

  it("refuses bad input naming the field, and stores nothing", async () => {
    await demo();
    const cookie = await login();
    const before = (await getDb(env.DB).select({ id: sites.id }).from(sites)).length;
    const cases: [Record<string, unknown>, string][] = [
      [newSite({ timezone: "Mars/Olympus" }), "timezone"],
      [newSite({ timezone: "Europe/Amsterdam'; drop" }), "timezone"],
      [newSite({ domains: [] }), "domains"],
      [newSite({ domains: ["not a host!"] }), "domains.0"],
      [newSite({ market: "Netherlands" }), "market"],
      [newSite({ name: "" }), "name"],
      [newSite({ offerIds: ["of_nope"] }), "offerIds.0"],
      [newSite({ publicKey: "pkmine" }), "publicKey"],
    ];
    for (const [body, field] of cases) {
      const res = await api<ErrorBody>(cookie, "/api/sites", json("POST", body));
      expect(res.status, field).toBe(400);
      expect(fieldsOf(res.body)[0], JSON.stringify(res.body)).toBe(field);
    }
    expect((await getDb(env.DB).select({ id: sites.id }).from(sites)).length).toBe(before);
  });

  it("edits domains and the beacon Origin check follows; shows the last beacon seen", async () => {
    await demo();
    const cookie = await login();
    const { body } = await api<{ site: SiteDetail }>(cookie, "/api/sites", json("POST", newSite({ name: "Origin test" })));
    const site = body.site;
    clearRouteCache();
    expect((await beacon(site.publicKey, "https://slots.example")).status).toBe(403);
    const edited = await api<{ site: SiteDetail }>(
      cookie,
      `/api/sites/${site.id}`,
      json("PATCH", { domains: ["slots.example"], timezone: "Europe/London" }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.site).toMatchObject({ domains: ["slots.example"], timezone: "Europe/London", name: "Origin test" });
    clearRouteCache();
    const before = Date.now();
    expect((await beacon(site.publicKey, "https://slots.example")).status).toBe(204);
    const after = await api<{ site: SiteDetail }>(cookie, `/api/sites/${site.id}`);
    expect(after.body.site.installation.precision).toBe("live");
    expect(after.body.site.installation.lastBeaconAt).toBeGreaterThanOrEqual(before);
    const audit = await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, site.id)).orderBy(desc(auditLog.at));
    expect(audit[0]?.action).toBe("site.update");
    expect(audit[0]?.diff?.domains).toEqual([["www.bonushunter.example", "bonushunter.example"], ["slots.example"]]);
  });

  it("replaces the site's tagged offers", async () => {
    await demo();
    const cookie = await login();
    const { body } = await api<{ site: SiteDetail }>(
      cookie,
      "/api/sites",
      json("POST", newSite({ name: "Tagging", offerIds: ["of_spinia"] })),
    );
    const res = await api<{ site: SiteDetail }>(
      cookie,
      `/api/sites/${body.site.id}/offers`,
      json("PUT", { offerIds: ["of_betano", "of_wildz"] }),
    );
    expect(res.status).toBe(200);
    expect(res.body.site.offerIds.sort()).toEqual(["of_betano", "of_wildz"]);
    const bad = await api<ErrorBody>(cookie, `/api/sites/${body.site.id}/offers`, json("PUT", { offerIds: ["of_betano", "nope"] }));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["offerIds.1"]);
    const audit = await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, body.site.id)).orderBy(desc(auditLog.at));
    expect(audit[0]?.action).toBe("site.offers");
    expect(audit[0]?.diff?.offerIds).toEqual([["of_spinia"], ["of_betano", "of_wildz"]]);
  });

  it("archives a site: gone from lists, its snippet stops counting, its links still redirect; restore brings it back", async () => {
    await demo();
    const cookie = await login();
    const { body } = await api<{ site: SiteDetail }>(
      cookie,
      "/api/sites",
      json("POST", newSite({ name: "Old site", domains: ["old.example"] })),
    );
    const id = body.site.id;
    const camp = await api<{ campaign: { id: string } }>(
      cookie,
      "/api/campaigns",
      json("POST", { name: "Old", siteId: id, offerIds: ["of_spinia"] }),
    );
    const link = await api<{ slug: string }>(
      cookie,
      "/api/links",
      json("POST", { campaignId: camp.body.campaign.id, offerId: "of_spinia" }),
    );
    expect(link.status).toBe(201);
    const archived = await api<{ site: SiteDetail }>(cookie, `/api/sites/${id}/archive`, { method: "POST" });
    expect(archived.status).toBe(200);
    expect(archived.body.site.archivedAt).toBeGreaterThan(0);
    const list = await api<{ sites: SiteSummary[] }>(cookie, "/api/sites");
    expect(list.body.sites.map((s) => s.id)).not.toContain(id);
    const all = await api<{ sites: SiteSummary[] }>(cookie, "/api/sites?archived=1");
    expect(all.body.sites.find((s) => s.id === id)?.archivedAt).toBeGreaterThan(0);
    clearRouteCache();
    expect((await beacon(body.site.publicKey, "https://old.example")).status).not.toBe(204);
    expect((await call(`/go/${link.body.slug}`)).status).toBe(302);
    // The row and its detail stay readable.
    expect((await api(cookie, `/api/sites/${id}`)).status).toBe(200);
    const restored = await api<{ site: SiteDetail }>(cookie, `/api/sites/${id}/restore`, { method: "POST" });
    expect(restored.body.site.archivedAt).toBeNull();
    clearRouteCache();
    expect((await beacon(body.site.publicKey, "https://old.example")).status).toBe(204);
  });

  it("answers 404 for another workspace's site on every route", async () => {
    await demo();
    const other = await otherWorkspace();
    const list = await api<{ sites: SiteSummary[] }>(other, "/api/sites");
    expect(list.body.sites).toEqual([]);
    const wrong = await expectAll404(other, [
      ["/api/sites/site_uk", {}],
      ["/api/sites/site_uk", json("PATCH", { name: "Mine" })],
      ["/api/sites/site_uk/offers", json("PUT", { offerIds: [] })],
      ["/api/sites/site_uk/archive", { method: "POST" }],
      ["/api/sites/site_uk/restore", { method: "POST" }],
      ["/api/sites/site_uk/live", {}],
    ]);
    expect(wrong).toEqual([]);
    const row = (await getDb(env.DB).select().from(sites).where(eq(sites.id, "site_uk")))[0];
    expect(row?.name).toBe("CasinoGuide UK");
    expect(row?.archivedAt).toBeNull();
  });
});
