import type { Context } from "hono";
import type { AppEnv } from "../lib/hono";
import { mintClickId } from "../lib/ids";
import type { ClickInput } from "../site-hub/types";
import { buildDestination, PLACEMENT_PARAMS } from "./destination";
import { clickFlag } from "./detect-bot";
import { hubQueue } from "./hub-batch";
import { overLimits } from "./rate-limit";
import { requestQuery } from "./request-query";
import { hubStub, resolveSlug } from "./resolve";

/** Sub-ids kept with the click. `p`/`placement` (which page / button) is stored but never forwarded. */
const KEPT = /^(sub[1-5]|utm_(source|medium|campaign|term|content)|gclid|fbclid|msclkid|ttclid|twclid|li_fat_id)$/;
const MAX_PARAM = 200;

/** Concurrent clicks of one site reach its hub in one call, right after their redirects (hub-batch.ts). */
const recordClick = hubQueue<ClickInput, { unique: boolean }>(
  (env, site, clicks) => hubStub(env, site.siteId).recordClicks(site, clicks),
  "clicks",
  (clicks) => clicks.map((c) => c.clickId),
);

/** GET|HEAD /go/:slug — parse, look up (cached), redirect, and record in the site's hub. */
export async function handleClick(c: Context<AppEnv>) {
  const slug = c.req.param("slug") ?? "";
  const route = /^[a-z0-9][a-z0-9_-]{0,63}$/i.test(slug) ? await resolveSlug(c.env, slug) : null;
  if (!route) return c.html(notFoundPage(slug), 404);

  // Counted for every click, bots included; started now so it runs while the click is parsed.
  const limited = overLimits(c.env.CLICK_IP_LIMIT, c.req.header("cf-connecting-ip"), c.env.CLICK_SITE_LIMIT, route.siteId);
  const query = requestQuery(c.req.url);
  const now = Date.now();
  const clickId = mintClickId(route.hubCode, now, route.linkId);
  const subIds: Record<string, string> = {};
  for (const [k, v] of query) {
    if ((KEPT.test(k) || k === route.sourceClickParam) && v.length <= MAX_PARAM) subIds[k] = v;
  }
  let placement: string | null = null;
  for (const p of PLACEMENT_PARAMS) {
    const v = query.get(p);
    if (v) {
      placement = v.slice(0, MAX_PARAM);
      break;
    }
  }

  const destination = buildDestination(route, clickId, query);
  if (!destination) return c.html(brokenOfferPage(), 502);

  const ua = c.req.header("user-agent") ?? null;
  // Over a limit: still redirected (the visitor's path never breaks), stored flagged, not counted.
  // One reason per click: HEAD and previews are what the request is, so they win over the limit.
  const seen = clickFlag(c.req.method, ua, c.req.header("purpose") ?? c.req.header("sec-purpose") ?? null);
  const flag = seen === "head" || seen === "preview" ? seen : (await limited) ? "rate_limited" : seen;
  const ip = c.req.header("cf-connecting-ip") ?? c.req.header("x-forwarded-for") ?? "0.0.0.0";
  const cf = (c.req.raw as Request & { cf?: { country?: string } }).cf;
  const site = { workspaceId: route.workspaceId, siteId: route.siteId, hubCode: route.hubCode, timezone: route.timezone };
  const click: ClickInput = {
    clickId,
    ts: now,
    linkId: route.linkId,
    campaignId: route.campaignId,
    offerId: route.offerId,
    identity: `${ip}|${ua ?? ""}`,
    flag,
    country: cf?.country ?? null,
    subIds,
    placement,
    referrer: c.req.header("referer")?.slice(0, 500) ?? null,
    sourceClickId: route.sourceClickParam ? (subIds[route.sourceClickParam] ?? null) : null,
    sourceTemplate: route.sourcePostbackUrl,
  };
  // The redirect does not wait for the write: the click joins this isolate's batch for the site's
  // hub and is written right after the response (docs/decisions.md, "Clicks and beacons are recorded after the response").
  recordClick(c.env, c.executionCtx, site, click);
  return new Response(null, {
    status: 302,
    headers: { Location: destination, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer-when-downgrade" },
  });
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>` +
  `<body style="font:16px system-ui;max-width:34rem;margin:12vh auto;padding:0 1rem;color:#222"><h1 style="font-size:1.4rem">${title}</h1>${body}</body></html>`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function notFoundPage(slug: string): string {
  return page(
    "This link does not exist",
    `<p>No tracking link is called <code>${escapeHtml(slug.slice(0, 64))}</code>. It may have been removed or mistyped.</p><p>If you followed it from a website, the site owner can fix it in CasinoFlux under Tracking links.</p>`,
  );
}

function brokenOfferPage(): string {
  return page(
    "This offer is temporarily unavailable",
    "<p>The casino's link behind this offer is not valid right now. Please try again later.</p>",
  );
}
