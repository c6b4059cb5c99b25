import type { RunningWorker } from "../lib/stack";

/** A signed-in dashboard user talking to the API the way the dashboard does (cookie + own Origin). */
export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
  patch<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

export async function signIn(worker: () => RunningWorker, email: string, password: string): Promise<ApiClient> {
  const base = () => worker().url;
  const res = await fetch(`${base()}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base() },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c && !c.endsWith("="))
    .join("; ");
  return {
    async get<T>(path: string) {
      // A pooled connection from before a kill fails once ("other side closed"): one retry on a fresh one.
      const go = () => fetch(`${base()}${path}`, { headers: { cookie, origin: base() }, signal: AbortSignal.timeout(30_000) });
      const r = await go().catch(go);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    post<T>(path: string, body: unknown) {
      return send<T>("POST", path, body);
    },
    patch<T>(path: string, body: unknown) {
      return send<T>("PATCH", path, body);
    },
  };
  async function send<T>(method: "POST" | "PATCH", path: string, body: unknown) {
    const go = () =>
      fetch(`${base()}${path}`, {
        method,
        headers: { cookie, origin: base(), "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    const r = await go().catch(go);
    return { status: r.status, body: (await r.json().catch(() => null)) as T };
  }
}
