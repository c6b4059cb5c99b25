/** Data access for the dashboard: one function per API call, typed by the shared response shapes. */
import type { LiveSnapshot, SiteOverviewResponse, SiteSummary } from "../../shared/report-types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin", ...init, headers: { "content-type": "application/json", ...init.headers } });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? "http_error", body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

export interface Me {
  user: { id: string; email: string; name: string; role: string };
  workspace: { id: string; name: string; reportingCurrency: string; reportingTimezone: string } | null;
}

export const getMe = () => request<Me>("/api/auth/me");
export const login = (email: string, password: string) =>
  request<{ user: Me["user"] }>("/api/auth/login", { method: "POST", body: JSON.stringify({ email, password }) });
export const logout = () => request<{ ok: true }>("/api/auth/logout", { method: "POST" });
export const getSites = () => request<{ sites: SiteSummary[] }>("/api/sites").then((r) => r.sites);
export const getOverview = (siteId: string, from: string, to: string, campaign?: string) => {
  const q = new URLSearchParams({ from, to });
  if (campaign) q.set("campaign", campaign);
  return request<SiteOverviewResponse>(`/api/sites/${encodeURIComponent(siteId)}/overview?${q}`);
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
