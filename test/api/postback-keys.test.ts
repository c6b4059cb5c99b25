/** Postback keys: IP allowlists (IPv4/IPv6 CIDR, also on campaign keys) and key rotation with a grace period. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { auditLog, campaigns, offers } from "../../workers/db/schema";
import { directoryStub } from "../../workers/site-hub/directory";
import { ROUTE_FORMAT } from "../../workers/site-hub/routes";
import { api, call, clearRouteCache, demo, env, login, ORIGIN } from "../helpers";

type PbBody = { ok?: boolean; outcome?: string; error?: { code: string; details?: { field?: string } } };
const json = (body: unknown): RequestInit => ({
  method: "PATCH",
  headers: { "content-type": "application/json", origin: ORIGIN },
  body: JSON.stringify(body),
});
const post = (body?: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", origin: ORIGIN },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const db = () => getDb(env.DB);
const offerKey = async (id: string) => (await db().select({ k: offers.postbackKey }).from(offers).where(eq(offers.id, id)))[0]?.k ?? "";
const campaignKey = async (id: string) =>
  (await db().select({ k: campaigns.postbackKey }).from(campaigns).where(eq(campaigns.id, id)))[0]?.k ?? "";
/** A postback without a click id: kept as unattributed (200) when the key and IP are accepted. */
const pb = async (key: string, ip?: string) => {
  const res = await call(`/pb/${key}?event=ftd&txid=t-${crypto.randomUUID()}`, { ip });
  return { status: res.status, body: (await res.json()) as PbBody };
};

describe("IP allowlists", () => {
  it("match IPv4 and IPv6 CIDRs (and IPv4-mapped senders); a campaign key holding the offer obeys them too", async () => {
    await demo();
    const cookie = await login();
    const set = await api(cookie, "/api/offers/of_wildz", json({ ipAllowlist: ["203.0.113.0/24", "2001:db8:abcd::/48", "198.51.100.7"] }));
    expect(set.status).toBe(200);
    clearRouteCache();
    const k = await offerKey("of_wildz");
    const cp = await campaignKey("cp_de_meta");
    expect(k).not.toBe("");
    expect(cp).not.toBe("");
    for (const key of [k, cp]) {
      for (const ip of ["203.0.113.200", "2001:db8:abcd:12::1", "2001:DB8:ABCD::", "::ffff:203.0.113.9", "198.51.100.7"]) {
        expect((await pb(key, ip)).status, `${key} ${ip}`).toBe(200);
      }
      for (const ip of ["203.0.114.1", "2001:db8:abce::1", "198.51.100.8", "::1", undefined]) {
        const r = await pb(key, ip);
        expect(r.status, `${key} ${ip}`).toBe(403);
        expect(r.body.error?.code).toBe("ip_not_allowed");
        expect(r.body.error?.details?.field).toBe("ip");
      }
    }
  });

  it("a campaign key published by older code (no offer allowlists in its record) is rebuilt, not obeyed as is", async () => {
    await demo();
    const cookie = await login();
    expect((await api(cookie, "/api/offers/of_wildz", json({ ipAllowlist: ["203.0.113.0/24"] }))).status).toBe(200);
    const cp = await campaignKey("cp_de_meta");
    expect(cp).not.toBe("");
    // What the directory held before campaign keys carried their offers' allowlists: no
    // `ipAllowlists`, no format stamp, `ipAllowlist: null` (would let every sender in).
    const key = `pbkey:${cp}`;
    const current = await directoryStub(env, key).get(key);
    expect(current).not.toBeNull();
    const { ipAllowlists: _lists, format: _format, ...old } = JSON.parse(current ?? "{}") as Record<string, unknown>;
    expect(old.scope).toBe("campaign");
    await directoryStub(env, key).replaceWorkspace(String(old.workspaceId), [[key, JSON.stringify(old)]]);
    clearRouteCache();
    const outside = await pb(cp, "198.51.100.99");
    expect(outside.status).toBe(403);
    expect(outside.body.error?.code).toBe("ip_not_allowed");
    expect((await pb(cp, "203.0.113.5")).status).toBe(200);
    // The rebuilt record was republished in the current format.
    expect(JSON.parse((await directoryStub(env, key).get(key)) ?? "{}")).toMatchObject({ format: ROUTE_FORMAT });
  });

  it("refuses an entry that is no address or range, naming it", async () => {
    await demo();
    const res = await api<{ error: { details: { fields: { field: string }[] } } }>(
      await login(),
      "/api/offers/of_wildz",
      json({ ipAllowlist: ["2001:db8::/129"] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f) => f.field)).toContain("ipAllowlist.0");
  });
});

describe("postback key rotation", () => {
  it.each([
    ["offer", "of_spinia", offerKey],
    ["campaign", "cp_uk_seo", campaignKey],
  ] as const)("a %s key: both keys work in the grace period, the old one is unknown after it; audited", async (kind, id, keyOf) => {
    await demo();
    const cookie = await login();
    const old = await keyOf(id);
    const path = `/api/${kind === "offer" ? "offers" : "campaigns"}/${id}/rotate-key`;
    const rotated = await api<{ postbackKey: string; previousKeyExpiresAt: number | null }>(cookie, path, post());
    expect(rotated.status).toBe(200);
    expect(rotated.body.postbackKey).not.toBe(old);
    expect(rotated.body.previousKeyExpiresAt).not.toBeNull();
    const days = ((rotated.body.previousKeyExpiresAt as number) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    clearRouteCache();
    expect((await pb(old)).status).toBe(200);
    expect((await pb(rotated.body.postbackKey)).status).toBe(200);
    // The detail the dashboard shows carries the old key's end.
    const detail = await api<{ offer?: { previousKeyExpiresAt: number | null }; campaign?: { previousKeyExpiresAt: number | null } }>(
      cookie,
      `/api/${kind === "offer" ? "offers" : "campaigns"}/${id}`,
    );
    expect((detail.body.offer ?? detail.body.campaign)?.previousKeyExpiresAt).toBe(rotated.body.previousKeyExpiresAt);

    // Rotating again with no grace: the key from the first rotation stops at once, the very first one is gone too.
    const again = await api<{ postbackKey: string; previousKeyExpiresAt: number | null }>(cookie, path, post({ graceDays: 0 }));
    expect(again.status).toBe(200);
    expect(again.body.previousKeyExpiresAt).toBeNull();
    clearRouteCache();
    for (const gone of [old, rotated.body.postbackKey]) {
      const r = await pb(gone);
      expect(r.status).toBe(404);
      expect(r.body.error?.code).toBe("unknown_postback_key");
    }
    expect((await pb(again.body.postbackKey)).status).toBe(200);

    const audit = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, `${kind}.rotate_key`));
    expect(audit.filter((a) => a.entityId === id).length).toBe(2);
  });

  it.each([
    ["offer", "of_spinia", offerKey],
    ["campaign", "cp_uk_seo", campaignKey],
  ] as const)("a %s key rotated with no grace stops at once, though this isolate still caches its route", async (kind, id, keyOf) => {
    await demo();
    const cookie = await login();
    const path = `/api/${kind === "offer" ? "offers" : "campaigns"}/${id}/rotate-key`;
    const first = await keyOf(id);
    expect(first).not.toBe("");
    // Both routes cached here: the first key's as current, then (after a rotation with grace) the second's.
    expect((await pb(first)).status).toBe(200);
    const second = await api<{ postbackKey: string }>(cookie, path, post({ graceDays: 7 }));
    expect(second.status).toBe(200);
    expect((await pb(second.body.postbackKey)).status).toBe(200);
    expect((await pb(first)).status).toBe(200);
    // No clearRouteCache(): the isolate's 30-second cache must not keep either old key working.
    const third = await api<{ postbackKey: string }>(cookie, path, post({ graceDays: 0 }));
    expect(third.status).toBe(200);
    for (const gone of [first, second.body.postbackKey]) {
      const r = await pb(gone);
      expect(r.status, gone).toBe(404);
      expect(r.body.error?.code).toBe("unknown_postback_key");
    }
    expect((await pb(third.body.postbackKey)).status).toBe(200);
  });

  it("refuses a grace period out of range, naming graceDays", async () => {
    await demo();
    const res = await api<{ error: { details: { fields: { field: string }[] } } }>(
      await login(),
      "/api/offers/of_spinia/rotate-key",
      post({ graceDays: 400 }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f) => f.field)).toContain("graceDays");
  });
});
