/** Data access for the dashboard: one function per API call, typed by the handlers (client) or the shared response shapes. */
import { type ClientRequestOptions, type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type {
  ChangeLogEntry,
  LiveSnapshot,
  OfferDetail,
  OfferSummary,
  ResyncHandle,
  ResyncProgress,
  SiteOverviewResponse,
  SyncRunSummary,
  TestConnectionResult,
} from "../../shared/report-types";
import type { SettleOverride } from "../../shared/settle";
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

/** The one way the dashboard calls the API: JSON in and out; a failure throws FieldsError (an ApiError with the fields it names). */
export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  return answer<T>(
    await fetch(path, { credentials: "same-origin", ...init, headers: { "content-type": "application/json", ...init.headers } }),
  );
}

/** The one error path: the JSON answer, or FieldsError. `T` comes from the caller (typed calls: from the handler). */
async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: { fields?: { field: string; message: string }[] } };
  } | null;
  if (!res.ok) {
    const e = body?.error;
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

/** Awaits a typed call through the same error path as request(); its success answer is the handler's type. */
export const typed = async <R extends ClientResponse<unknown>>(call: Promise<R>): Promise<SuccessOf<R>> => answer<SuccessOf<R>>(await call);
type SuccessOf<R> = R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

/** A JSON body for a typed write (our handlers read bodies with parseBody, so the client has no body type for them). */
export const jsonBody = (body: unknown): ClientRequestOptions => ({ init: { body: JSON.stringify(body) } });

import type { Role } from "../../shared/roles";

export type { Role };
export interface Me {
  user: { id: string; email: string; name: string; timezone: string | null };
  workspaces: { id: string; name: string; role: Role }[];
  workspace: { id: string; name: string; reportingCurrency: string; reportingTimezone: string } | null;
  membership: { role: Role; hideFinancials: boolean } | null;
  /** The reporting timezone this member sees. */
  timezone: string;
}

export const getMe = () => request<Me>("/api/auth/me");
export const login = (email: string, password: string) =>
  request<{ user: Me["user"] }>("/api/auth/login", { method: "POST", body: JSON.stringify({ email, password }) });
export const logout = () => request<{ ok: true }>("/api/auth/logout", { method: "POST" });
export const getSites = () => typed(client.api.sites.$get()).then((r) => r.sites);
/** Site Overview of one site, or of every site with siteId "all" (GET /api/reports/overview). */
export interface OverviewParams {
  from: string;
  to: string;
  campaign?: string;
  /** shared/site-report.ts COMPARE_MODES; "none" is left out. */
  compare?: string;
}
const overviewPath = (siteId: string, p: OverviewParams, csv: boolean) => {
  const q = new URLSearchParams({ from: p.from, to: p.to });
  if (p.campaign) q.set("campaign", p.campaign);
  if (p.compare && p.compare !== "none") q.set("compare", p.compare);
  const path = siteId === "all" ? "/api/reports/overview" : `/api/sites/${encodeURIComponent(siteId)}/overview`;
  return `${path}${csv ? ".csv" : ""}?${q}`;
};
export const getOverview = (siteId: string, p: OverviewParams) => request<SiteOverviewResponse>(overviewPath(siteId, p, false));

/** The same overview as CSV, with the state of each day and figure. */
export const overviewCsvUrl = (siteId: string, p: OverviewParams) => overviewPath(siteId, p, true);

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
export interface OfferInput {
  name?: string;
  platform?: string;
  brand?: string;
  merchant?: string | null;
  channel?: string | null;
  campaignTag?: string | null;
  trackingUrl?: string;
  clickParam?: string | null;
  postbackEvents?: string[];
  ipAllowlist?: string[];
  deal?: {
    type?: "cpa" | "revshare" | "hybrid" | "other" | null;
    cpa?: string | null;
    currency?: string | null;
    revsharePct?: string | null;
    baseline?: string | null;
    notes?: string | null;
  };
  platformTimezone?: string;
  accountCurrency?: string | null;
  syncEnabled?: boolean;
  cadenceHours?: number;
  siteIds?: string[];
  casino?: { name?: string; logoUrl?: string | null; bonusText?: string | null; paymentMethods?: string[]; markets?: string[] };
  /** Field key → value; "" keeps a stored secret / clears a config value; null clears. */
  apiSetup?: Record<string, unknown>;
  /** Publishing delay and settle horizons over the platform defaults; null = the defaults. */
  settleHorizons?: SettleOverride;
}

export type TestSettingsInput = Pick<
  OfferInput,
  "platform" | "brand" | "campaignTag" | "platformTimezone" | "accountCurrency" | "apiSetup"
>;

const offerPath = (id: string) => `/api/offers/${encodeURIComponent(id)}`;

// Offers stay on request<T>: the typed answer's apiSetup.config is JSON-typed, which OfferDetail's Record<string, unknown> does not fit yet.
export const getOffers = () => request<{ offers: OfferSummary[] }>("/api/offers").then((r) => r.offers);
export const getOffer = (id: string) => request<{ offer: OfferDetail }>(offerPath(id)).then((r) => r.offer);
export const createOffer = (input: OfferInput) =>
  request<{ offer: OfferDetail }>("/api/offers", { method: "POST", body: JSON.stringify(input) }).then((r) => r.offer);
export const updateOffer = (id: string, input: OfferInput) =>
  request<{ offer: OfferDetail }>(offerPath(id), { method: "PATCH", body: JSON.stringify(input) }).then((r) => r.offer);
/** Tests the given (possibly unsaved) settings; with an id, on top of that offer's saved secrets. */
export const testConnection = (id: string | null, settings: TestSettingsInput) =>
  request<TestConnectionResult>(id ? `${offerPath(id)}/test-connection` : "/api/offers/test-connection", {
    method: "POST",
    body: JSON.stringify(settings),
  });
export const getSyncRuns = (offerId: string, requestId?: string) =>
  request<{ runs: SyncRunSummary[] }>(
    `${offerPath(offerId)}/sync-runs${requestId ? `?request=${encodeURIComponent(requestId)}` : ""}`,
  ).then((r) => r.runs);
export const getSyncRun = (offerId: string, runId: string) =>
  typed(client.api.offers[":id"]["sync-runs"][":runId"].$get({ param: { id: offerId, runId } })).then((r) => r.run);
export const getOfferChanges = (offerId: string, kinds: ("inserted" | "changed" | "removed")[], limit = 200) =>
  request<{ changes: ChangeLogEntry[] }>(`${offerPath(offerId)}/changes?kind=${kinds.join(",")}&limit=${limit}`).then((r) => r.changes);
export const getOfferDays = (offerId: string, from: string, to: string) => {
  const args = { param: { id: offerId }, query: { from, to } };
  return typed(client.api.offers[":id"].days.$get(args));
};
export const startResync = (offerId: string, from: string, to: string) =>
  request<{ handle: ResyncHandle }>(`${offerPath(offerId)}/resync`, { method: "POST", body: JSON.stringify({ from, to }) }).then(
    (r) => r.handle,
  );
export const getResyncProgress = (offerId: string, requestId: string) =>
  request<{ progress: ResyncProgress }>(`${offerPath(offerId)}/resync/${encodeURIComponent(requestId)}`).then((r) => r.progress);

// ---- Postbacks (real-time conversion log) ----
export interface PostbackFilters {
  site?: string;
  campaign?: string;
  offer?: string;
  event?: string;
  outcome?: string;
}
const postbackQuery = (f: PostbackFilters, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  return q.toString();
};
export const getPostbacks = (f: PostbackFilters, cursor?: string) => {
  const args = { query: Object.fromEntries(new URLSearchParams(postbackQuery(f, cursor ? { cursor, limit: "100" } : { limit: "100" }))) };
  return typed(client.api.postbacks.$get(args));
};
export const postbacksCsvUrl = (f: PostbackFilters) => `/api/postbacks/export.csv?${postbackQuery(f)}`;
export const getOutgoingPostbacks = () => typed(client.api.postbacks.outgoing.$get()).then((r) => r.rows);

// ---- Site Analytics ----
export const getSiteAnalytics = (siteId: string, from: string, to: string, compare: boolean) =>
  request<import("../../shared/report-types").SiteAnalyticsResponse>(
    `/api/sites/${encodeURIComponent(siteId)}/analytics?${new URLSearchParams({ from, to, compare: compare ? "1" : "0" })}`,
  );
export const getAnalyticsBreakdown = (
  siteId: string,
  dim: import("../../shared/report-types").AnalyticsDimension,
  from: string,
  to: string,
  compare: boolean,
  limit = 200,
) =>
  request<import("../../shared/report-types").AnalyticsBreakdownResponse>(
    `/api/sites/${encodeURIComponent(siteId)}/analytics/breakdown/${dim}?${new URLSearchParams({ from, to, compare: compare ? "1" : "0", limit: String(limit) })}`,
  ).then((r) => r.rows);
export const getRealtimeVisitors = (siteId: string) => typed(client.api.sites[":id"].analytics.realtime.$get({ param: { id: siteId } }));

// ---- Postback event mapping of an offer ----
export const getOfferEvents = (offerId: string) =>
  request<import("../../shared/report-types").OfferEventsView>(`/api/offers/${encodeURIComponent(offerId)}/events`);
export const putOfferEvents = (offerId: string, mappings: import("../../shared/postback-events").EventMapping[]) =>
  request<import("../../shared/report-types").OfferEventsSaved>(`/api/offers/${encodeURIComponent(offerId)}/events`, {
    method: "PUT",
    body: JSON.stringify({ mappings }),
  });
export const mapOfferEvent = (offerId: string, name: string, type: import("../../shared/postback-events").PostbackEventType) =>
  request<import("../../shared/report-types").OfferEventsSaved>(`/api/offers/${encodeURIComponent(offerId)}/events/map`, {
    method: "POST",
    body: JSON.stringify({ name, type }),
  });
