/** Data access for the dashboard: one function per API call, typed from the Worker app (hono/client). */
import { type ClientRequestOptions, type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { loginSchema } from "../../shared/account";
import type { clickFlagRulesSchema } from "../../shared/click-flags";
// Offer inputs are validated by workers/api/offer-input.ts (its checks use Worker code); their type comes from the emitted declarations.
import type { createOfferSchema, resyncSchema, testSettingsSchema, updateOfferSchema } from "../../shared/offer-input";
import type { EventMapping, mapEventSchema, PostbackEventType, putEventMapSchema } from "../../shared/postback-events";
import type { rotateKeySchema } from "../../shared/postback-keys";
import type { AnalyticsDimension, LiveSnapshot } from "../../shared/report-types";
import type { tagRouteInputSchema } from "../../shared/revenue-tags";
import type { AppType } from "../.app-type/workers/app";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The one error path: the JSON answer, or FieldsError (an ApiError with the fields it names). */
async function answer<T>(res: Response): Promise<T> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body as { error?: { code: string; message: string; details?: { fields?: { field: string; message: string }[] } } } | null)
      ?.error;
    throw new FieldsError(res.status, e?.code ?? "http_error", e?.message ?? `HTTP ${res.status}`, e?.details?.fields ?? []);
  }
  return body as T;
}

/**
 * The API client typed from the Worker app itself (hono/client): paths, params and answers come from
 * the handlers' `c.json(...)`, so a changed answer breaks the dashboard's build, not its users. The
 * app's declarations are emitted by `tsc -p tsconfig.app-type.json` (part of `npm run typecheck`).
 */
export const client = hc<AppType>("/", { init: { credentials: "same-origin" }, headers: { "content-type": "application/json" } });

/** Awaits a typed call through the one error path; its success answer is the handler's type (the only cast, in answer()). */
export const typed = async <R extends ClientResponse<unknown>>(call: Promise<R>): Promise<SuccessOf<R>> => answer<SuccessOf<R>>(await call);
type SuccessOf<R> = R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

/**
 * A JSON body for a typed write, typed by the shared zod schema its handler validates with:
 * `jsonBody<typeof createSiteSchema>(input)` (handlers read bodies with parseBody, so hc has no body type).
 * Without the schema argument the body is `never`, so an untyped write does not compile.
 */
export const jsonBody = <S extends z.ZodType = never>(body: z.input<S>): ClientRequestOptions => ({ init: { body: JSON.stringify(body) } });

/** A query the handler parses itself (parseQuery): passed as a variable, since hc has no query type for it. */
export const queryArgs = <P extends Record<string, string>>(param: P, query: Record<string, string | undefined>) => {
  const args = {
    param,
    query: Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== "")),
  };
  return args;
};

export type { Role } from "../../shared/roles";
export type Me = Awaited<ReturnType<typeof getMe>>;

const auth = client.api.auth;
export const getMe = () => typed(auth.me.$get());
export const login = (email: string, password: string) =>
  typed(auth.login.$post(undefined, jsonBody<typeof loginSchema>({ email, password })));
export const logout = () => typed(auth.logout.$post());
export const getSites = () => typed(client.api.sites.$get()).then((r) => r.sites);
/** Site Overview of one site, or of every site with siteId "all" (GET /api/reports/overview). */
export interface OverviewParams {
  from: string;
  to: string;
  campaign?: string;
  /** shared/site-report.ts COMPARE_MODES; "none" is left out. */
  compare?: string;
}
const overviewQuery = (p: OverviewParams) => ({
  from: p.from,
  to: p.to,
  campaign: p.campaign,
  compare: p.compare && p.compare !== "none" ? p.compare : undefined,
});
export const getOverview = (siteId: string, p: OverviewParams) =>
  siteId === "all"
    ? typed(client.api.reports.overview.$get(queryArgs({}, overviewQuery(p))))
    : typed(client.api.sites[":id"].overview.$get(queryArgs({ id: siteId }, overviewQuery(p))));

/** The daily rollups' state per reporting timezone, and their rebuild (Settings → Reports). */
export const getRollups = () => typed(client.api.reports.rollups.$get());
export const rebuildRollups = () => typed(client.api.reports.rollups.rebuild.$post());

/** The same overview as CSV, with the state of each day and figure. */
export const overviewCsvUrl = (siteId: string, p: OverviewParams) => {
  const { query } = queryArgs({}, overviewQuery(p));
  const path = siteId === "all" ? "/api/reports/overview" : `/api/sites/${encodeURIComponent(siteId)}/overview`;
  return `${path}.csv?${new URLSearchParams(query)}`;
};

/** Live counters over the site's WebSocket; reconnects with backoff. Returns a closer. */
export function subscribeLive(siteId: string, onSnapshot: (s: LiveSnapshot) => void): () => void {
  let ws: WebSocket | null = null;
  let closed = false;
  let delay = 1000;
  const connect = () => {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${proto}://${location.host}/api/sites/${encodeURIComponent(siteId)}/live`);
    ws.onmessage = (ev) => {
      delay = 1000;
      const msg = JSON.parse(String(ev.data)) as LiveSnapshot & { type: string };
      if (msg.type === "live") onSnapshot(msg);
    };
    ws.onclose = () => {
      if (closed) return;
      delay = Math.min(delay * 2, 30_000);
      setTimeout(connect, delay);
    };
  };
  connect();
  return () => {
    closed = true;
    ws?.close();
  };
}

// ── Offers, API Setup, test connection, sync operations ─────────────────────────────────────

/** A 400 from the API with the fields it names (e.g. "apiSetup.reportUrl"). */
export class FieldsError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fields: { field: string; message: string }[],
  ) {
    super(status, code, message);
  }
}

/** Body of POST /api/offers and PATCH /api/offers/:id (PATCH takes any subset). */
export type OfferInput = z.input<typeof createOfferSchema> & z.input<typeof updateOfferSchema>;
export type TestSettingsInput = z.input<typeof testSettingsSchema>;

const offers = client.api.offers;
const offerId = (id: string) => ({ param: { id } });
export const getOffers = () => typed(offers.$get()).then((r) => r.offers);
export const getOffer = (id: string) => typed(offers[":id"].$get(offerId(id))).then((r) => r.offer);
export const createOffer = (input: z.input<typeof createOfferSchema>) =>
  typed(offers.$post(undefined, jsonBody<typeof createOfferSchema>(input))).then((r) => r.offer);
export const updateOffer = (id: string, input: z.input<typeof updateOfferSchema>) =>
  typed(offers[":id"].$patch(offerId(id), jsonBody<typeof updateOfferSchema>(input))).then((r) => r.offer);
/** Tests the given (possibly unsaved) settings; with an id, on top of that offer's saved secrets. */
export const testConnection = (id: string | null, settings: TestSettingsInput) => {
  const body = jsonBody<typeof testSettingsSchema>(settings);
  return id ? typed(offers[":id"]["test-connection"].$post(offerId(id), body)) : typed(offers["test-connection"].$post(undefined, body));
};
export const getSyncRuns = (id: string, requestId?: string) =>
  typed(offers[":id"]["sync-runs"].$get(queryArgs({ id }, { request: requestId }))).then((r) => r.runs);
export const getSyncRun = (id: string, runId: string) =>
  typed(offers[":id"]["sync-runs"][":runId"].$get({ param: { id, runId } })).then((r) => r.run);
export const getOfferChanges = (id: string, kinds: ("inserted" | "changed" | "removed")[], limit = 200) =>
  typed(offers[":id"].changes.$get(queryArgs({ id }, { kind: kinds.join(","), limit: String(limit) }))).then((r) => r.changes);
export const getOfferDays = (id: string, from: string, to: string) => typed(offers[":id"].days.$get(queryArgs({ id }, { from, to })));
export const startResync = (id: string, from: string, to: string) =>
  typed(offers[":id"].resync.$post(offerId(id), jsonBody<typeof resyncSchema>({ from, to }))).then((r) => r.handle);
export const getResyncProgress = (id: string, requestId: string) =>
  typed(offers[":id"].resync[":requestId"].$get({ param: { id, requestId } })).then((r) => r.progress);

// ---- Postbacks (real-time conversion log) ----
export interface PostbackFilters {
  site?: string;
  campaign?: string;
  offer?: string;
  event?: string;
  outcome?: string;
}
export const getPostbacks = (f: PostbackFilters, cursor?: string) =>
  typed(client.api.postbacks.$get(queryArgs({}, { ...f, cursor, limit: "100" })));
export const postbacksCsvUrl = (f: PostbackFilters) => `/api/postbacks/export.csv?${new URLSearchParams(queryArgs({}, { ...f }).query)}`;
export const getOutgoingPostbacks = () => typed(client.api.postbacks.outgoing.$get()).then((r) => r.rows);

// ---- Site Analytics ----
const analytics = client.api.sites[":id"].analytics;
export const getSiteAnalytics = (id: string, from: string, to: string, compare: boolean) =>
  typed(analytics.$get(queryArgs({ id }, { from, to, compare: compare ? "1" : "0" })));
export const getAnalyticsBreakdown = (id: string, dim: AnalyticsDimension, from: string, to: string, compare: boolean, limit = 200) =>
  typed(analytics.breakdown[":dim"].$get(queryArgs({ id, dim }, { from, to, compare: compare ? "1" : "0", limit: String(limit) }))).then(
    (r) => r.rows,
  );
export const getRealtimeVisitors = (id: string) => typed(analytics.realtime.$get({ param: { id } }));

// ---- Postback event mapping of an offer ----
export const getOfferEvents = (id: string) => typed(offers[":id"].events.$get(offerId(id)));
export const putOfferEvents = (id: string, mappings: EventMapping[]) =>
  typed(offers[":id"].events.$put(offerId(id), jsonBody<typeof putEventMapSchema>({ mappings })));
export const mapOfferEvent = (id: string, name: string, type: PostbackEventType) =>
  typed(offers[":id"].events.map.$post(offerId(id), jsonBody<typeof mapEventSchema>({ name, type })));

// ---- Revenue tags of an offer ----
export const getOfferTags = (id: string) => typed(offers[":id"].tags.$get(offerId(id)));
export const getTagRoutes = (id: string) => typed(offers[":id"].tags.routes.$get(offerId(id)));
export const putTagRoute = (id: string, route: z.input<typeof tagRouteInputSchema>) =>
  typed(offers[":id"].tags.routes.$put(offerId(id), jsonBody<typeof tagRouteInputSchema>(route)));
export const deleteTagRoute = (id: string, dimension: string, value: string) =>
  typed(offers[":id"].tags.routes.$delete(queryArgs({ id }, { dimension, value })));

// ---- Click flags of a site, postback key rotation ----
const clickFlags = client.api.sites[":id"]["click-flags"];
export const getClickFlags = (id: string, from: string, to: string) => typed(clickFlags.$get(queryArgs({ id }, { from, to })));
export const putClickFlags = (id: string, rules: z.input<typeof clickFlagRulesSchema>) =>
  typed(clickFlags.$put({ param: { id } }, jsonBody<typeof clickFlagRulesSchema>(rules)));
/** Rotates an offer's or campaign's postback key (the old one works for the grace period). */
export const rotateKey = (kind: "offers" | "campaigns", id: string) => {
  const body = jsonBody<typeof rotateKeySchema>({});
  return kind === "offers"
    ? typed(client.api.offers[":id"]["rotate-key"].$post({ param: { id } }, body))
    : typed(client.api.campaigns[":id"]["rotate-key"].$post({ param: { id } }, body));
};
