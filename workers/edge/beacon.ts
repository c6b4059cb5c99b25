import Bowser from "bowser";
import type { Context } from "hono";
import { type Beacon, beaconSchema, MAX_ENGAGED_MS } from "../../shared/beacon";
import { AppError, fromZod } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import type { BeaconInput, BeaconOutcome, SessionValues } from "../site-hub/analytics";
import type { SiteRoute } from "../site-hub/routes";
import { isBot } from "./detect-bot";
import { hubQueue } from "./hub-batch";
import { classifyOfferLink } from "./offer-link";
import { ipOverLimit, keyOverLimit, tooManyRequests } from "./rate-limit";
import { readTextCapped } from "./read-body";
import { hubStub, resolveSiteKey, resolveSlug } from "./resolve";
import { clickSource, hostAllowed, hostOf, referrerSource, utm } from "./traffic-source";

/** Concurrent beacons of one site reach its hub in one call, in arrival order, right after their 204s (hub-batch.ts). */
const ingestBeacon = hubQueue<BeaconInput, BeaconOutcome>(
  (env, site, beacons, batchId) => hubStub(env, site.siteId).ingestBeacons(site, beacons, batchId),
  "beacons",
  (_beacons, batchId) => [batchId],
);

const MAX_BODY = 4096;
const MAX_PATH = 300;
const MAX_NAME = 50;

/**
 * POST /e — the Site Analytics beacon, as a pipeline:
 * read (size cap) → validate (zod) → drop bots (isbot) → site by public key → rate limits (429) → Origin and page
 * against the site's domains → derive (path, source, UTM, device/OS/browser, country) → the
 * site's hub. Bad beacons get a 4xx before any lookup; valid ones 204 (bots and links that are not
 * offers too, silently). The raw beacon, the IP and the user agent are not stored anywhere.
 */
export async function handleBeacon(c: Context<AppEnv>) {
  c.header("Access-Control-Allow-Origin", "*");
  // Every beacon counts against its address's budget, junk and bots included (started now, read below).
  const ipOver = ipOverLimit(c.env.BEACON_IP_LIMIT, c.req.header("cf-connecting-ip"));
  const b = parseBeacon(await readBody(c));

  const ua = c.req.header("user-agent") ?? "";
  const agent = ua ? userAgent(ua) : null;
  if (!agent || agent.bot) return c.body(null, 204);

  const site = await resolveSiteKey(c.env, b.s);
  if (!site) throw new AppError(404, "unknown_site", "No site has this public key", { field: "s" });
  if ((await ipOver) || (await keyOverLimit(c.env.BEACON_SITE_LIMIT, site.siteId))) throw tooManyRequests("beacons");
  const page = new URL(b.u);
  checkOrigin(c.req.header("origin"), page, site);

  const input = await toHubInput(c, b, page, site, ua, agent);
  if (input) {
    const hubSite = { workspaceId: site.workspaceId, siteId: site.siteId, hubCode: site.hubCode, timezone: site.timezone };
    ingestBeacon(c.env, c.executionCtx, hubSite, input);
  }
  return c.body(null, 204);
}

async function readBody(c: Context<AppEnv>): Promise<string> {
  // Bytes, capped while streaming (edge/read-body.ts): a lying Content-Length cannot make us hold a large body.
  return readTextCapped(c.req.raw, MAX_BODY, "Beacon");
}

function parseBeacon(text: string): Beacon {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "Beacon body must be JSON", { field: "body" });
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) throw fromZod(parsed.error, "beacon");
  return parsed.data;
}

/** The browser's Origin (when sent) and the page itself must both be one of the site's domains. */
function checkOrigin(origin: string | undefined, page: URL, site: SiteRoute): void {
  const originHost = origin === undefined ? page.hostname : hostOf(origin);
  for (const [field, host] of [
    [origin === undefined ? "u" : "origin", originHost],
    ["u", page.hostname.toLowerCase()],
  ] as const) {
    if (!host || !hostAllowed(host, site.domains)) {
      throw new AppError(403, "origin_not_allowed", `${host ?? origin} is not one of this site's domains`, { field });
    }
  }
}

async function toHubInput(
  c: Context<AppEnv>,
  b: Beacon,
  page: URL,
  site: SiteRoute,
  ua: string,
  agent: Agent,
): Promise<BeaconInput | null> {
  const base = { ts: Date.now(), path: page.pathname.slice(0, MAX_PATH), identity: `${clientIp(c)}|${ua}` };
  if (b.t === "e") {
    const ms = Math.min(b.d, MAX_ENGAGED_MS);
    return ms > 0 ? { ...base, type: "engagement", ms } : null;
  }
  if (b.t === "c") {
    const self = new URL(c.req.url).hostname;
    const offer = await classifyOfferLink(new URL(b.h), site, self, (slug) => resolveSlug(c.env, slug));
    return offer ? { ...base, type: "offer_click", offer, session: session(c, page, "", undefined, site, agent) } : null;
  }
  return { ...base, type: "pageview", session: session(c, page, b.r, b.w, site, agent) };
}

/** Visit-level values (the hub keeps those of the visit's first pageview). */
function session(c: Context<AppEnv>, page: URL, referrer: string, width: number | undefined, site: SiteRoute, agent: Agent): SessionValues {
  const q = page.searchParams;
  return {
    entry: "",
    source: referrerSource(referrer, site.domains),
    utm_source: utm(q, "source"),
    utm_medium: utm(q, "medium"),
    utm_campaign: utm(q, "campaign"),
    click_source: clickSource(q),
    country: country(c),
    device: deviceType(agent.platform, width),
    os: agent.os,
    browser: agent.browser,
  };
}

interface Agent {
  bot: boolean;
  platform: string;
  os: string;
  browser: string;
}

/** isbot's verdict and bowser's reading of a user agent, cached per isolate (the same few agents come back all the time). */
const agents = new Map<string, Agent>();
function userAgent(ua: string): Agent {
  const hit = agents.get(ua);
  if (hit) return hit;
  let agent: Agent = { bot: true, platform: "", os: "", browser: "" };
  if (!isBot(ua)) {
    const parser = Bowser.getParser(ua);
    agent = {
      bot: false,
      platform: parser.getPlatformType(true),
      os: (parser.getOSName() || "Unknown").slice(0, MAX_NAME),
      browser: (parser.getBrowserName() || "Unknown").slice(0, MAX_NAME),
    };
  }
  if (ua.length <= 512) {
    if (agents.size >= 2000) agents.clear();
    agents.set(ua, agent);
  }
  return agent;
}

/** Bowser's platform type from the user agent; the screen width decides only when the UA does not say. */
function deviceType(platform: string, width: number | undefined): string {
  if (platform) return platform;
  if (!width) return "unknown";
  return width < 768 ? "mobile" : width < 1024 ? "tablet" : "desktop";
}

/** Cloudflare's geolocation of the request; locally (no Cloudflare edge) the cf-ipcountry header may stand in. */
function country(c: Context<AppEnv>): string {
  const cf = (c.req.raw as Request & { cf?: { country?: unknown } }).cf;
  const header = c.req.header("cf-ipcountry") ?? "";
  if (c.env.ENVIRONMENT !== "production" && /^[A-Z]{2}$/.test(header)) return header;
  return typeof cf?.country === "string" && /^[A-Z0-9]{2}$/.test(cf.country) ? cf.country : "XX";
}

/** Used only inside the visitor hash, never stored. */
function clientIp(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? "0.0.0.0";
}
