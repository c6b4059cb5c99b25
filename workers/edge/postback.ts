import type { Context } from "hono";
import { ipAllowed } from "../../shared/ip-ranges";
import { normalizePostback } from "../../shared/postback";
import { truncateBytes } from "../lib/bytes";
import { AppError, errorBody } from "../lib/errors";
import type { AppEnv } from "../lib/hono";
import { hubCodeOf, ulid } from "../lib/ids";
import type { HubSite, PostbackInput } from "../site-hub/types";
import { overLimits, tooManyRequests } from "./rate-limit";
import { readTextCapped } from "./read-body";
import { requestSearch } from "./request-query";
import { hubStub, resolveHubCode, resolvePostbackKey } from "./resolve";

const MAX_BODY = 8 * 1024;
/** What of the raw request is stored with each log entry (bytes). */
const MAX_RAW_QUERY = 4 * 1024;

const unknownKey = () => new AppError(404, "unknown_postback_key", "No offer or campaign has this postback key", { field: "key" });

/**
 * GET|POST /pb/:key — validate, route to the click's site hub, answer only after the hub's
 * durable write. Duplicates answer 200 (senders retry on anything else), and so do requests
 * kept aside that a retry cannot fix: unreplaced macros and junk click ids (unattributed) and
 * event names the offer does not map yet (unmapped). Values we must not guess (an ambiguous
 * amount, an unknown currency) are logged as rejected and answered 400 naming the field.
 */
export async function handlePostback(c: Context<AppEnv>) {
  const key = c.req.param("key") ?? "";
  const route = /^[a-z0-9]{16,64}$/.test(key) ? await resolvePostbackKey(c.env, key) : null;
  // A rotated-out key is unknown once its grace period is over (its route is dropped at the next publish).
  if (!route || (route.expiresAt !== undefined && Date.now() >= route.expiresAt)) throw unknownKey();

  const remoteIp = c.req.header("cf-connecting-ip") ?? null;
  const allowlists = route.ipAllowlists ?? (route.ipAllowlist ? [route.ipAllowlist] : []);
  if (!allowlists.every((list) => ipAllowed(remoteIp, list))) {
    throw new AppError(
      403,
      "ip_not_allowed",
      `Postbacks for this key are accepted only from the IP allowlist of ${route.scope === "campaign" ? "each of the campaign's offers" : "the offer"} (got ${remoteIp ?? "unknown"})`,
      { field: "ip" },
    );
  }

  const search = requestSearch(c.req.url);
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(search)) params.set(k.toLowerCase(), v);
  let rawBody: string | null = null;
  if (c.req.method === "POST") {
    rawBody = await readTextCapped(c.req.raw, MAX_BODY, "Postback");
    const type = c.req.header("content-type") ?? "";
    let nested: string | null = null;
    try {
      if (type.includes("json") || /^\s*\{/.test(rawBody)) {
        const obj = rawBody.trim() ? (JSON.parse(rawBody) as unknown) : {};
        if (typeof obj !== "object" || obj === null || Array.isArray(obj)) throw new Error("not an object");
        for (const [k, v] of Object.entries(obj)) {
          if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") params.set(k.toLowerCase(), String(v));
          // A field sent as an object or a list is not skipped: an amount, currency or click id dropped here
          // would turn into an accepted postback without it. null is a field the sender left empty.
          else if (v !== null) nested ??= k;
        }
      } else if (rawBody.trim()) {
        for (const [k, v] of new URLSearchParams(rawBody)) params.set(k.toLowerCase(), v);
      }
    } catch {
      throw new AppError(400, "invalid_body", "POST body must be a flat JSON object or form-encoded fields", { field: "body" });
    }
    if (nested !== null) {
      throw new AppError(400, "invalid_body", `${nested} must be a string, a number or a boolean, not an object or a list`, {
        field: nested,
      });
    }
  }

  const normalized = normalizePostback(params, {
    defaultCurrency: route.defaultCurrency,
    offers: route.offerEvents ?? [],
    platform: route.platform,
  });
  // A request kept aside still goes to its click's hub, which files its log entry under the click's campaign.
  const clickId = normalized.ok ? normalized.value.clickId : normalized.clickId;

  // The click id names its site; anything else goes to the key's fallback hub.
  let site: HubSite | null = null;
  const code = clickId ? hubCodeOf(clickId) : null;
  if (code) {
    const ref = await resolveHubCode(c.env, code);
    if (ref && ref.workspaceId === route.workspaceId) site = { ...ref };
  }
  if (!site) {
    site = route.fallback ? { ...route.fallback } : { workspaceId: route.workspaceId, siteId: null, hubCode: null, timezone: "UTC" };
  }
  const hubName = site.siteId ?? `ws:${route.workspaceId}`;
  // Refused before anything is stored: the sender retries a 429, so nothing is lost.
  if (await overLimits(c.env.POSTBACK_IP_LIMIT, remoteIp, c.env.POSTBACK_SITE_LIMIT, hubName)) throw tooManyRequests("postbacks");
  const receivedAt = Date.now();
  const input: PostbackInput = {
    id: `pb_${ulid(receivedAt)}`,
    receivedAt,
    method: c.req.method,
    rawQuery: truncateBytes(search, MAX_RAW_QUERY),
    rawBody,
    remoteIp,
    keyOfferId: route.offerId,
    keyOfferIds: route.offerIds,
    keyCampaignId: route.campaignId,
    aside: normalized.ok
      ? null
      : {
          outcome: normalized.kind,
          reason: normalized.message,
          clickId: normalized.clickId,
          eventType: normalized.eventType,
          eventByOffer: normalized.eventByOffer,
        },
    eventName: normalized.ok ? normalized.value.eventName : normalized.eventName,
    parsed: normalized.ok ? normalized.value : null,
  };
  // The hub also knows keys rotated out since this isolate cached the route (site-hub/revoked-keys.ts).
  const result = await hubStub(c.env, hubName).ingestPostback(site, input, key);
  if (!result) throw unknownKey();
  if (!normalized.ok && normalized.kind === "rejected") {
    return c.json(
      { ...errorBody("invalid_postback", normalized.message, { field: normalized.field, id: result.id, outcome: "rejected" }) },
      400,
    );
  }
  return c.json({ ok: true, id: result.id, outcome: result.outcome, reason: result.reason, conversion_id: result.conversionId });
}
