import Bowser from "bowser";
import type { Context } from "hono";
import { isbot } from "isbot";
import { beaconSchema } from "../../shared/beacon";
import { AppError, fromZod } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { hubStub, resolveSiteKey } from "./resolve";

const MAX_BODY = 4096;

/** POST /e — validate → bot check → origin check → parse UA → hub. Raw beacons are not stored. */
export async function handleBeacon(c: Context<AppEnv>) {
  const text = await c.req.text();
  if (text.length > MAX_BODY) throw new AppError(413, "body_too_large", `Beacon over ${MAX_BODY} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "Beacon body must be JSON");
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) throw fromZod(parsed.error, "beacon");
  const b = parsed.data;

  const ua = c.req.header("user-agent") ?? "";
  if (!ua || isbot(ua)) return c.body(null, 204);

  const site = await resolveSiteKey(c.env, b.s);
  if (!site) throw new AppError(404, "unknown_site", "No site has this public key");
  const page = new URL(b.u);
  const origin = c.req.header("origin");
  const host = (origin ? safeHost(origin) : null) ?? page.hostname;
  if (!site.domains.some((d) => host === d || host.endsWith(`.${d}`))) {
    throw new AppError(403, "origin_not_allowed", `Origin ${host} is not one of this site's domains`);
  }

  const parser = Bowser.getParser(ua);
  const cf = (c.req.raw as Request & { cf?: { country?: string } }).cf;
  const ip = c.req.header("cf-connecting-ip") ?? "0.0.0.0";
  await hubStub(c.env, site.siteId).ingestBeacon(
    { workspaceId: site.workspaceId, siteId: site.siteId, hubCode: site.hubCode, timezone: site.timezone },
    {
      type: "pageview",
      ts: Date.now(),
      path: page.pathname.slice(0, 300),
      identity: `${ip}|${ua}`,
      dims: {
        referrer: referrerSource(b.r, page.hostname),
        country: cf?.country ?? "XX",
        device: parser.getPlatformType(true) || "desktop",
        os: parser.getOSName() || "Unknown",
        browser: parser.getBrowserName() || "Unknown",
        utm_source: page.searchParams.get("utm_source")?.slice(0, 100) ?? "",
      },
    },
  );
  return c.body(null, 204);
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function referrerSource(ref: string, selfHost: string): string {
  const host = ref ? safeHost(ref) : null;
  if (!host || host === selfHost) return "(direct)";
  return host.replace(/^www\./, "");
}
