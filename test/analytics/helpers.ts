import { getDb } from "../../workers/db/client";
import { sites } from "../../workers/db/schema";
import { hubStub } from "../../workers/edge/resolve";
import type { SessionValues } from "../../workers/site-hub/analytics";
import { publishRoutes } from "../../workers/site-hub/build-routes";
import { api, call, clearRouteCache, demo, env } from "../helpers";

let n = 0;

export interface TestSite {
  id: string;
  publicKey: string;
  timezone: string;
  domain: string;
  hub: { workspaceId: string; siteId: string; hubCode: string; timezone: string };
}

/** A new site in the demo workspace, so a test reads totals nobody else wrote to. */
export async function freshSite(timezone = "Europe/London"): Promise<TestSite> {
  const seed = await demo();
  const i = `${Date.now().toString(36)}${(n++).toString(36)}`;
  const site = {
    id: `site_t${i}`,
    publicKey: `pktest${i}`.slice(0, 40),
    hubCode: `t${i}`.slice(-6).padStart(6, "0"),
    domain: `t${i}.example`,
  };
  await getDb(env.DB)
    .insert(sites)
    .values({
      id: site.id,
      workspaceId: seed.workspaceId,
      name: `Test ${i}`,
      domains: [site.domain],
      market: "GB",
      timezone,
      publicKey: site.publicKey,
      hubCode: site.hubCode,
    });
  await publishRoutes(env, getDb(env.DB), seed.workspaceId);
  clearRouteCache();
  return {
    id: site.id,
    publicKey: site.publicKey,
    timezone,
    domain: site.domain,
    hub: { workspaceId: seed.workspaceId, siteId: site.id, hubCode: site.hubCode, timezone },
  };
}

export const CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
export const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** POST /e as the snippet does (text/plain body, the page's Origin). */
export function beacon(site: TestSite, body: Record<string, unknown>, opts: { ip?: string; ua?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "text/plain;charset=UTF-8" };
  if (opts.origin !== null) headers.origin = opts.origin ?? `https://${site.domain}`;
  return call("/e", {
    method: "POST",
    headers,
    body: JSON.stringify({ s: site.publicKey, ...body }),
    ip: opts.ip ?? "203.0.113.10",
    ua: opts.ua ?? CHROME_UA,
  });
}

export const page = (site: TestSite, path: string) => `https://${site.domain}${path}`;

export async function flush(site: TestSite): Promise<void> {
  await hubStub(env, site.id).flushAll();
}

export async function report<T>(cookie: string, site: TestSite, query: string): Promise<T> {
  const res = await api<T>(cookie, `/api/sites/${site.id}/analytics?${query}`);
  if (res.status !== 200) throw new Error(`analytics ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A visit's session values as the edge derives them (a desktop Chrome visitor from GB), from `source`. */
export const sessionFrom = (source: string): SessionValues => ({
  entry: "",
  source,
  utm_source: "",
  utm_medium: "",
  utm_campaign: "",
  click_source: "",
  country: "GB",
  device: "desktop",
  os: "Windows",
  browser: "Chrome",
});
