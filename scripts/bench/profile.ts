/**
 * `npx tsx --experimental-websocket scripts/bench/profile.ts [click|postback|beacon|bare|api|apikey] [seconds]`
 * — a V8 CPU profile of the Worker's isolate (the Worker and its Durable Objects run in it) while
 * autocannon drives one route of the local stack, taken over wrangler dev's inspector. Prints the
 * functions and files with the most self time, per request; writes the .cpuprofile to /tmp for
 * Chrome DevTools. docs/performance.md says what it found. `api` / `apikey`: a signed-in no-op API
 * GET (`/api/workspace`) with the demo owner's session cookie / a read API key (the API request floor).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startSandbox } from "../../test/sandbox/server";
import { applyMigrations, demoCredentials, drain, ensureDevVars, freePort, ROOT, seed, startWorker } from "../lib/stack";
import { beaconRequests } from "./beacon";
import { BENCH_UA, clickRequests } from "./click";

const route = (process.argv[2] ?? "click") as "click" | "postback" | "beacon" | "bare" | "api" | "apikey";
const seconds = Number(process.argv[3] ?? 5);
const log = (...a: unknown[]) => console.error(...a);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const persistDir = mkdtempSync(join(tmpdir(), "casinoflux-profile-"));
ensureDevVars();
applyMigrations(persistDir);
const sandbox = await startSandbox(0);
const inspectorPort = await freePort(0);
const worker = await startWorker({ port: await freePort(0), persistDir, quiet: true, args: ["--inspector-port", String(inspectorPort)] });
const base = worker.url;
try {
  const demo = await seed(base, sandbox.url, "bench-password-1");
  const key = demo.postbackKeys.find((k) => k.offerId === "of_spinia")?.key ?? "";
  const ua = BENCH_UA;
  const first = await fetch(`${base}/go/spinia-uk`, { redirect: "manual", headers: { "user-agent": ua } });
  const clickId = new URL(first.headers.get("location") ?? "").searchParams.get("click_id") ?? "";
  const { cookie, apiKey } = await demoCredentials(base, demo, "profile", "read");
  const bearer = `Bearer ${apiKey}`;
  let n = 0;
  const opts: Record<typeof route, autocannon.Options> = {
    bare: { url: `${base}/healthz` },
    click: { url: base, requests: clickRequests() },
    postback: {
      url: base,
      requests: [
        {
          method: "GET",
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            headers: { "cf-connecting-ip": `203.0.113.${1 + (++n % 8)}` },
            path: `/pb/${key}?click_id=${clickId}&event=deposit&amount=10.00&currency=EUR&txid=prof-${n}`,
          }),
        },
      ],
    },
    beacon: { url: base, requests: beaconRequests() },
    api: { url: `${base}/api/workspace`, headers: { cookie } },
    apikey: { url: `${base}/api/workspace`, headers: { authorization: bearer } },
  };
  const run = (d: number) => autocannon({ connections: 50, duration: d, ...opts[route] });
  await run(2); // warm: route caches, hubs, JIT
  await drain(base);

  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    webSocketDebuggerUrl: string;
    title?: string;
  }[];
  log("inspector targets:", targets.map((t) => t.title ?? t.webSocketDebuggerUrl).join(", "));
  const target = targets.find((t) => /casinoflux|user/i.test(`${t.title} ${t.webSocketDebuggerUrl}`)) ?? targets[0];
  if (!target) throw new Error("no inspector target");
  // Node's WebSocket (undici) takes headers as a non-standard init; wrangler's inspector proxy wants a local Origin.
  const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { origin: "http://localhost" } } as unknown as string[]);
  await new Promise((r, j) => {
    ws.onopen = r;
    ws.onerror = j;
  });
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.onmessage = (e) => {
    const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  };
  const send = (method: string, params: unknown = {}) =>
    new Promise<unknown>((r) => {
      pending.set(++id, r);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  const res = await run(seconds);
  const { profile } = (await send("Profiler.stop")) as { profile: Profile };
  ws.close();
  const file = join(tmpdir(), `casinoflux-${route}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));

  // Self time per node (µs), then per function and per file.
  const self = new Map<number, number>();
  profile.samples.forEach((nodeId, i) => {
    self.set(nodeId, (self.get(nodeId) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    const f = node.callFrame;
    const file = f.url ? f.url.replace(/^.*\/(node_modules\/)?/, "$1") : `(${f.functionName || "program"})`;
    const fn = `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
    byFile.set(file, (byFile.get(file) ?? 0) + t);
  }
  const requests = Math.max(1, res.requests.total);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...byFn.entries()].filter(([k]) => k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
  const fmt = (us: number) => `${(us / requests / 1000).toFixed(3)} ms/req`;
  log(`${route}: ${requests} requests, ${res.requests.average} req/s; isolate busy ${fmt(total - idle)} (profile ${file})`);
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .filter(([name]) => !name.startsWith("(idle)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
  log("-- by file --");
  for (const [name, us] of top(byFile, 15)) log(`${fmt(us).padStart(16)}  ${name}`);
  // The dev bundle wrangler is serving, to show the source line of each bundled function.
  const tmp = join(ROOT, ".wrangler/tmp");
  const dev = readdirSync(tmp)
    .filter((d) => d.startsWith("dev-"))
    .map((d) => join(tmp, d, "index.js"))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const lines = dev ? readFileSync(dev, "utf8").split("\n") : [];
  log("-- by function --");
  for (const [name, us] of top(byFn, 30)) {
    const line = /index\.js:(\d+)$/.exec(name)?.[1];
    const src = line ? (lines[Number(line) - 1] ?? "").trim().slice(0, 90) : "";
    log(`${fmt(us).padStart(16)}  ${name}${src ? `   | ${src}` : ""}`);
  }
} finally {
  await worker.stop();
  await sandbox.close();
  rmSync(persistDir, { recursive: true, force: true });
}
