import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { app } from "../workers/app";
import { getDb } from "../workers/db/client";
import { type DemoSeed, seedDemo } from "../workers/dev/seed";
import { clearRouteCache, hubStub } from "../workers/edge/resolve";
import worker from "../workers/index";

export const ORIGIN = "https://cf.test";

/** One demo id per top-level /api resource, for tests that walk every route of the router. */
export const DEMO_ROUTE_IDS: Record<string, string> = {
  sites: "site_uk",
  offers: "of_spinia",
  links: "tl_spinia_uk",
  campaigns: "cp_uk_seo",
  "traffic-sources": "ts_google",
  members: "mem_us_demo",
};
/** A plausible value for every other path parameter of those routes. */
export const OTHER_ROUTE_PARAMS: Record<string, string> = { dim: "country", runId: "sr_x", requestId: "rq_x", token: "x" };

/** Every /api route of the router once (method and path), without those `skip` matches. */
export function apiRoutes(skip: RegExp): { method: string; path: string }[] {
  const keys = new Set(
    app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !skip.test(r.path)).map((r) => `${r.method} ${r.path}`),
  );
  return [...keys].map((k) => {
    const [method = "GET", path = "/"] = k.split(" ");
    return { method, path };
  });
}

/** A route's path with its parameters filled: `ids` per top-level resource, `missing` for one it lacks. */
export function concreteRoute(path: string, ids: Record<string, string> = DEMO_ROUTE_IDS, missing = "nope_0000"): string {
  const segment = path.split("/")[2] ?? "";
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    name === "id" ? (ids[segment] ?? missing) : (OTHER_ROUTE_PARAMS[name] ?? "x"),
  );
}
export const DEMO_PASSWORD = "demo-password-123";

let seeded: Promise<DemoSeed> | null = null;

/** Seeds the demo workspace once per test file (storage persists within a file). */
export function demo(): Promise<DemoSeed> {
  seeded ??= seedDemo(env, getDb(env.DB), { sandboxUrl: `${inject("sandboxUrl")}`, password: DEMO_PASSWORD });
  return seeded;
}

/**
 * One HTTP request through the Worker's fetch handler (the same entry the runtime calls), waiting
 * for its waitUntil work too, e.g. the hub write of a click, which happens after the redirect.
 * (Called directly rather than through `exports.default.fetch`, whose per-call cost grows with every
 * request a test file has made in vitest-pool-workers 0.15.)
 */
export async function call(path: string, init: RequestInit & { ip?: string; ua?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("user-agent"))
    headers.set(
      "user-agent",
      init.ua ?? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    );
  if (init.ip) headers.set("cf-connecting-ip", init.ip);
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" }), env, ctx);
  await waitOnExecutionContext(ctx);
  // A WebSocket handshake (101) has no body to check, and cannot be cloned.
  if (responseCheck && res.status !== 101) await responseCheck(init.method ?? "GET", path, res.clone());
  return res;
}

type ResponseCheck = (method: string, path: string, res: Response) => Promise<void>;
let responseCheck: ResponseCheck | null = null;
/** Opt-in: every answer of call() is also handed to `check` (test/openapi-check.ts checks it against the OpenAPI document). */
export function checkResponses(check: ResponseCheck | null): void {
  responseCheck = check;
}

export async function login(email = "demo@casinoflux.local", password = DEMO_PASSWORD): Promise<string> {
  const res = await call("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed ${res.status} ${await res.text()}`);
  return cookieOf(res);
}

/** The Cookie header a browser would send after this response's Set-Cookie headers. */
export function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c && !c.endsWith("="))
    .join("; ");
}

let signups = 0;
/** Signs a brand-new user up through the API: with a workspace of their own, or to join one by `invitationToken`. */
export async function signUp(opts: { email?: string; password?: string; workspaceName?: string; invitationToken?: string } = {}) {
  const email = opts.email ?? `user${++signups}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = opts.password ?? "a-long-password-1";
  const res = await call("/api/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: email.split("@")[0],
      email,
      password,
      ...(opts.invitationToken
        ? { invitationToken: opts.invitationToken }
        : { workspaceName: opts.workspaceName ?? `Workspace of ${email}` }),
    }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; workspaceId: string | null };
  return { cookie: cookieOf(res), email, password, userId: body.user.id, workspaceId: body.workspaceId };
}

/** Sets the caller's credential: a session's Cookie header, or `Bearer <API key>` (see apiKey()). */
export function withAuth(auth: string, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set(auth.startsWith("Bearer ") ? "authorization" : "cookie", auth);
  return { ...init, headers };
}

export async function api<T = unknown>(auth: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await call(path, withAuth(auth, init));
  return { status: res.status, body: (await res.json()) as T };
}

/** Creates a workspace API key as this member (owner/admin) and returns it as an `api()` credential. */
export async function apiKey(cookie: string, scope: "read" | "read_write", name = `key ${scope}`): Promise<string> {
  const res = await api<{ key: string }>(cookie, "/api/api-keys", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, scope }),
  });
  if (res.status !== 201) throw new Error(`API key creation failed ${res.status} ${JSON.stringify(res.body)}`);
  return `Bearer ${res.body.key}`;
}

/** Flushes every hub of a workspace (the demo, or any with these sites) to D1 (what the alarm does a second later). */
export async function drain(seed: { sites: { id: string }[]; workspaceId: string }): Promise<void> {
  for (const name of [...seed.sites.map((s) => s.id), `ws:${seed.workspaceId}`]) {
    const out = await hubStub(env, name).flushAll();
    if (out.error) throw new Error(`flush of ${name} failed: ${out.error}`);
  }
}

export { clearRouteCache, env };

export function todayIn(tz: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

/** A JSON request body with its content type (api() adds the auth and origin). */
export const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
