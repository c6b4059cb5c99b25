import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** Starting and stopping the local stack (wrangler dev + sandbox) for dev, browser tests and benchmarks. */
export const ROOT = new URL("../..", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(freePort(0)));
    srv.listen(preferred, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : preferred;
      srv.close(() => resolve(port));
    });
  });
}

/** .dev.vars holds local-only values: a random SECRETS_KEY, development mode. */
export function ensureDevVars(): void {
  const file = join(ROOT, ".dev.vars");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (/^SECRETS_KEY=/m.test(text)) return;
  writeFileSync(file, `${text}SECRETS_KEY=${randomBytes(32).toString("base64")}\n`);
}

export function applyMigrations(persistDir: string): void {
  execFileSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
}

export interface RunningWorker {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startWorker(opts: {
  port: number;
  persistDir: string;
  logFile?: string;
  quiet?: boolean;
  /** Extra `wrangler dev` arguments (e.g. `--inspector-port` for scripts/bench/profile.ts). */
  args?: string[];
}): Promise<RunningWorker> {
  mkdirSync(opts.persistDir, { recursive: true });
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(opts.port),
    "--persist-to",
    opts.persistDir,
    "--test-scheduled",
    "--var",
    "ENVIRONMENT:development",
    "--show-interactive-dev-session=false",
    "--log-level",
    opts.quiet ? "error" : "warn",
    ...(opts.args ?? []),
  ];
  // Own process group: stopping it stops wrangler and workerd together.
  const proc = spawn(WRANGLER, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  const out: string[] = [];
  proc.stdout?.on("data", (d: Buffer) => out.push(d.toString()));
  proc.stderr?.on("data", (d: Buffer) => out.push(d.toString()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`wrangler dev exited early:\n${out.join("")}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 204) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not start in 90s:\n${out.join("").slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        try {
          process.kill(-(proc.pid as number), "SIGTERM");
        } catch {
          resolve();
        }
        setTimeout(() => {
          try {
            process.kill(-(proc.pid as number), "SIGKILL");
          } catch {
            // gone
          }
        }, 5000).unref();
      }),
  };
}

export async function seed(url: string, sandboxUrl: string, password: string, history = false) {
  const res = await fetch(`${url}/api/dev/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sandboxUrl, password, history }),
  });
  if (!res.ok) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as {
    workspaceId: string;
    email: string;
    password: string;
    sites: { id: string; name: string; publicKey: string; domains: string[] }[];
    links: { slug: string; siteId: string; offerId: string; campaignId: string | null }[];
    postbackKeys: { offerId: string; key: string; platform: string }[];
  };
}

export type Seed = Awaited<ReturnType<typeof seed>>;

/** Signs the seeded demo in through the API; returns its session cookie and a new API key of `scope`. */
export async function demoCredentials(url: string, demo: Seed, keyName: string, scope: "read" | "read_write") {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demo.email, password: demo.password }),
  });
  if (login.status !== 200) throw new Error(`login failed ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const made = await fetch(`${url}/api/api-keys`, {
    method: "POST",
    headers: { cookie, origin: url, "content-type": "application/json" },
    body: JSON.stringify({ name: keyName, scope }),
  });
  if (made.status !== 201) throw new Error(`API key failed ${made.status}`);
  return { cookie, apiKey: ((await made.json()) as { key: string }).key };
}

export async function triggerCron(url: string, cron = "*/30 * * * *"): Promise<void> {
  await fetch(`${url}/__scheduled?cron=${encodeURIComponent(cron)}`).catch(() => undefined);
}

export async function drain(url: string): Promise<void> {
  await fetch(`${url}/api/dev/drain`, { method: "POST" });
}
