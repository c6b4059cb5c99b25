import { inArray, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ClickFlagCounts } from "../../shared/click-flags";
import type { SiteOverviewResponse } from "../../shared/report-types";
import { getDb } from "../../workers/db/client";
import { clicks, postbacks } from "../../workers/db/schema";
import { beacon, freshSite, page } from "../analytics/helpers";
import { api, call, demo, drain, env, login, signUp, todayIn } from "../helpers";

/**
 * Rate limits on the public paths (workers/edge/rate-limit.ts) with the test limits of
 * vitest.config.ts: 20 clicks, 60 beacons, 20 postbacks and 20 auth requests per address and
 * minute; 100 beacons per site. The local binding counts in fixed 60 s windows, so each test
 * starts well inside one.
 */
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const clickIdOf = (res: Response, param: string) => new URL(res.headers.get("location") ?? "").searchParams.get(param);
type Err = { error: { code: string; message: string } };

async function freshWindow(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 45_000) await new Promise((r) => setTimeout(r, 60_000 - into + 50));
}

async function expect429(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("60");
  const body = (await res.json()) as Err;
  expect(body.error.code).toBe("rate_limited");
}

describe("rate limits", () => {
  it("still redirects clicks over an address's limit, stores them flagged rate_limited and does not count them", async () => {
    const seed = await demo();
    await freshWindow();
    const ip = "192.0.2.171";
    const responses: Response[] = [];
    for (let i = 0; i < 22; i++) responses.push(await call(`/go/vulkan-de?sub1=rl-${i}`, { ip, ua: CHROME }));
    expect(responses.map((r) => r.status)).toEqual(Array(22).fill(302));
    const ids = responses.map((r) => clickIdOf(r, "clickid") ?? "");
    expect(ids.every((id) => id.length === 32)).toBe(true);
    await drain(seed);
    const rows = await getDb(env.DB).select({ id: clicks.id, flag: clicks.flag }).from(clicks).where(inArray(clicks.id, ids));
    expect(rows).toHaveLength(22);
    const flags = ids.map((id) => rows.find((r) => r.id === id)?.flag ?? null);
    expect(flags).toEqual([...Array(20).fill(null), "rate_limited", "rate_limited"]);
  });

  it("counts an IPv6 address as its /64", async () => {
    const seed = await demo();
    await freshWindow();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push(clickIdOf(await call("/go/vulkan-de", { ip: `2001:db8:7:9::${i + 1}`, ua: CHROME }), "clickid") ?? "");
    ids.push(clickIdOf(await call("/go/vulkan-de", { ip: "2001:0db8:0007:0009:ffff::1", ua: CHROME }), "clickid") ?? "");
    ids.push(clickIdOf(await call("/go/vulkan-de", { ip: "2001:db8:7:a::1", ua: CHROME }), "clickid") ?? "");
    await drain(seed);
    const rows = await getDb(env.DB).select({ id: clicks.id, flag: clicks.flag }).from(clicks).where(inArray(clicks.id, ids));
    expect(rows).toHaveLength(22);
    // The 21st shares the /64 of the first 20 (written in full); the 22nd is another /64.
    expect(ids.slice(20).map((id) => rows.find((r) => r.id === id)?.flag ?? null)).toEqual(["rate_limited", null]);
  });

  it("answers beacons over an address's limit 429 with Retry-After, junk beacons counted too", async () => {
    const site = await freshSite();
    await freshWindow();
    const ip = "192.0.2.172";
    for (let i = 0; i < 60; i++) {
      const junk = await call("/e", { method: "POST", headers: { origin: `https://${site.domain}` }, body: "{oops", ip });
      expect(junk.status).toBe(400);
    }
    await expect429(await beacon(site, { t: "pv", u: page(site, "/"), r: "" }, { ip }));
    // Another address is unaffected.
    expect((await beacon(site, { t: "pv", u: page(site, "/"), r: "" }, { ip: "192.0.2.173" })).status).toBe(204);
  });

  it("answers beacons over a site's limit 429, whatever the address", async () => {
    const site = await freshSite();
    await freshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      statuses.push((await beacon(site, { t: "pv", u: page(site, `/p${i}`), r: "" }, { ip: `198.18.${i >> 8}.${i & 255}` })).status);
    }
    expect(statuses).toEqual(Array(100).fill(204));
    await expect429(await beacon(site, { t: "pv", u: page(site, "/over"), r: "" }, { ip: "198.18.9.9" }));
    // Another site is unaffected.
    const other = await freshSite();
    expect((await beacon(other, { t: "pv", u: page(other, "/"), r: "" }, { ip: "198.18.9.9" })).status).toBe(204);
  });

  it("answers postbacks over an address's limit 429 with Retry-After and stores nothing of them", async () => {
    const seed = await demo();
    const key = seed.postbackKeys.find((k) => k.offerId === "of_spinia")?.key;
    expect(key).toBeTruthy();
    await freshWindow();
    const ip = "192.0.2.174";
    for (let i = 0; i < 20; i++) {
      const ok = await call(`/pb/${key}?event=registration&player_id=rl-${i}`, { ip });
      expect(ok.status).toBe(200);
    }
    await expect429(await call(`/pb/${key}?event=registration&player_id=rl-over`, { ip }));
    await drain(seed);
    const logged = await getDb(env.DB).select({ q: postbacks.rawQuery }).from(postbacks).where(like(postbacks.rawQuery, "%player_id=rl-%"));
    expect(logged).toHaveLength(20);
    expect(logged.some((r) => r.q.includes("rl-over"))).toBe(false);
  });

  it("limits sign-in, sign-up and password reset per address, bad requests included", async () => {
    await freshWindow();
    const ip = "192.0.2.175";
    const paths = ["/api/auth/login", "/api/auth/signup", "/api/auth/password/forgot", "/api/auth/password/reset"];
    for (let i = 0; i < 20; i++) {
      const res = await call(paths[i % 4] ?? "", { method: "POST", headers: { "content-type": "application/json" }, body: "{}", ip });
      expect(res.status).toBe(400);
    }
    for (const path of paths) {
      await expect429(await call(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", ip }));
    }
  });
});

describe("flagged clicks: visible per reason, counted when the site says so", () => {
  it("counts per reason and re-counts previews in reports while the site counts them", async () => {
    const seed = await demo();
    const cookie = await login();
    const site = seed.links.find((l) => l.slug === "vulkan-de")?.siteId ?? "";
    expect(site).toBeTruthy();
    const day = todayIn("Europe/Berlin");
    const flagsNow = async () => {
      const res = await api<ClickFlagCounts>(cookie, `/api/sites/${site}/click-flags?from=${day}&to=${day}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const overviewClicks = async () => {
      // Reports use the member's timezone (London), flags the site's (Berlin): between 23:00 and 24:00 UTC
      // their "today" differ, so the overview spans both days (a click in either is counted once).
      const [from, to] = [day, todayIn("Europe/London")].sort();
      const res = await api<SiteOverviewResponse>(cookie, `/api/sites/${site}/overview?from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      return res.body.totals.clicks;
    };
    await drain(seed);
    const before = await flagsNow();
    const clicksBefore = await overviewClicks();
    const preview = (b: ClickFlagCounts) => b.reasons.find((r) => r.reason === "preview");
    expect(preview(before)?.counted).toBe(false);

    const fetched = await call("/go/vulkan-de", { ip: "192.0.2.180", ua: CHROME, headers: { "sec-purpose": "prefetch" } });
    const real = await call("/go/vulkan-de", { ip: "192.0.2.181", ua: CHROME });
    expect([fetched.status, real.status]).toEqual([302, 302]);
    await drain(seed);

    const after = await flagsNow();
    expect(preview(after)?.clicks).toBe((preview(before)?.clicks ?? Number.NaN) + 1);
    expect(after.clean).toBe(before.clean + 1);
    expect(await overviewClicks()).toBe(clicksBefore + 1);

    // The site counts previews: reports include every stored preview at once, past ones too.
    const on = await api<{ countedFlags: string[] }>(cookie, `/api/sites/${site}/click-flags`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ countedFlags: ["preview"] }),
    });
    expect(on.status).toBe(200);
    expect(on.body.countedFlags).toEqual(["preview"]);
    const counted = await flagsNow();
    expect(preview(counted)?.counted).toBe(true);
    expect(counted.countedClicks).toBe(counted.clean + (preview(counted)?.clicks ?? Number.NaN));
    expect(await overviewClicks()).toBe(clicksBefore + 1 + (preview(after)?.clicks ?? Number.NaN));

    // Turned off again: back to the clean clicks only.
    await api(cookie, `/api/sites/${site}/click-flags`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ countedFlags: [] }),
    });
    expect(await overviewClicks()).toBe(clicksBefore + 1);
    const audit = await api<{ entries: { action: string }[] }>(cookie, "/api/audit");
    expect(audit.status).toBe(200);
    expect(audit.body.entries.filter((e) => e.action === "site.click_flags").length).toBeGreaterThanOrEqual(2);
  });

  it("refuses an unknown flag naming the field, and another workspace's site", async () => {
    const seed = await demo();
    const cookie = await login();
    const site = seed.sites[0]?.id ?? "";
    const bad = await api<{ error: { details: { fields: { field: string }[] } } }>(cookie, `/api/sites/${site}/click-flags`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ countedFlags: ["preview", "humans"] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f) => f.field)).toContain("countedFlags.1");
    const stranger = (await signUp()).cookie;
    expect((await api(stranger, `/api/sites/${site}/click-flags?from=2026-01-01&to=2026-01-02`)).status).toBe(404);
  });
});
