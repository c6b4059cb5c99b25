import { randomBytes } from "node:crypto";
import { isbot } from "isbot";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { inject } from "vitest";
import type { AnalyticsBreakdownResponse, AnalyticsDimension, AnalyticsRow, SiteAnalyticsResponse } from "../../shared/report-types";
import { OFFER_HOSTS, SITE_HOST } from "./fixture-server";

/** A short random marker: used in paths and utm_campaign so a test reads only its own numbers. */
export const marker = (prefix: string) => `${prefix}${randomBytes(5).toString("hex")}`;

export interface Visitor {
  ctx: BrowserContext;
  userAgent: string;
  close(): Promise<void>;
}

/**
 * One visitor = one Chromium (the same flags as chromium.ts) with its own user agent, since the
 * visitor hash is ip + user agent and every test browses from 127.0.0.1. The user agent is set with
 * --user-agent, not per context: a per-context override (CDP) is not applied to beacons sent while a
 * page unloads, which would then go out as HeadlessChrome and be dropped as a bot. Host rules send
 * the site's domain and the offers' hosts to the local fixture server.
 */
export async function visitor(
  fixturePort: number,
  opts: { webdriver?: boolean; dnt?: string; gpc?: boolean; noSendBeacon?: "throws" | "refuses"; fetchFails?: boolean } = {},
): Promise<Visitor> {
  const userAgent = visitorAgent();
  const rules = [SITE_HOST, ...OFFER_HOSTS].map((h) => `MAP ${h} 127.0.0.1:${fixturePort}`).join(", ");
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-agent=${userAgent}`,
      `--host-resolver-rules=${rules}`,
    ],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const script = [
    opts.webdriver === false ? "Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });" : "",
    opts.dnt !== undefined ? `Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => ${JSON.stringify(opts.dnt)} });` : "",
    opts.gpc ? "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });" : "",
    opts.noSendBeacon === "throws" ? "Navigator.prototype.sendBeacon = () => { throw new TypeError('blocked by an extension'); };" : "",
    opts.noSendBeacon === "refuses" ? "Navigator.prototype.sendBeacon = () => false;" : "",
    opts.fetchFails ? "window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));" : "",
  ].join("\n");
  if (script.trim()) await ctx.addInitScript(script);
  return { ctx, userAgent, close: () => browser.close() };
}

/**
 * A Chrome user agent with a random visitor tag. Re-drawn while isbot (the Worker's bot check) calls it
 * a bot: about 1 hex tag in 13,000 contains "feed", and that visitor's beacons were answered 204 and
 * silently not counted, so the test waited in vain for its row.
 */
function visitorAgent(): string {
  for (;;) {
    const ua = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Visitor/${randomBytes(4).toString("hex")}`;
    if (!isbot(ua)) return ua;
  }
}

let cookie: Promise<string> | null = null;
function session(): Promise<string> {
  cookie ??= (async () => {
    const res = await fetch(`${inject("baseUrl")}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "demo@casinoflux.local", password: inject("demoPassword") }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  })();
  return cookie;
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${inject("baseUrl")}${path}`, { headers: { cookie: await session() } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Flushes the demo hubs to D1 (what their alarm does on its own shortly after). */
export async function drain(): Promise<void> {
  const res = await fetch(`${inject("baseUrl")}/api/dev/drain`, { method: "POST" });
  await res.arrayBuffer();
}

export function todayLondon(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}

export async function report(): Promise<SiteAnalyticsResponse> {
  const d = todayLondon();
  return get<SiteAnalyticsResponse>(`/api/sites/site_uk/analytics?from=${d}&to=${d}`);
}

export async function breakdown(dim: AnalyticsDimension): Promise<AnalyticsRow[]> {
  const d = todayLondon();
  return (await get<AnalyticsBreakdownResponse>(`/api/sites/site_uk/analytics/breakdown/${dim}?from=${d}&to=${d}&limit=500`)).rows;
}

/** The row of one value after draining; polls until `ok` holds (beacons may still be on their way). */
export async function rowOf(dim: AnalyticsDimension, value: string, ok: (r: AnalyticsRow | undefined) => boolean = (r) => r !== undefined) {
  const end = Date.now() + 15_000;
  for (;;) {
    await drain();
    const row = (await breakdown(dim)).find((r) => r.value === value);
    if (ok(row) || Date.now() > end) return row;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Rows of a dimension whose value contains `marker` (e.g. the pages of one test). */
export async function rowsContaining(dim: AnalyticsDimension, marker: string): Promise<Record<string, AnalyticsRow>> {
  await drain();
  return Object.fromEntries((await breakdown(dim)).filter((r) => r.value.includes(marker)).map((r) => [r.value, r]));
}
