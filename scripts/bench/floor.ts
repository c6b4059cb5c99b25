import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../../test/sandbox/server";
import { groupCpuMs } from "../lib/proc-cpu";
import { applyMigrations, demoCredentials, ensureDevVars, freePort, seed, startWorker } from "../lib/stack";

const N = Number(process.argv[2] ?? 200);

const persistDir = mkdtempSync(join(tmpdir(), "casinoflux-floor-"));
ensureDevVars();
applyMigrations(persistDir);
const sandbox = await startSandbox(0);
const worker = await startWorker({ port: await freePort(0), persistDir, quiet: true });
const base = worker.url;
const group = worker.proc.pid as number;
try {
  const demo = await seed(base, sandbox.url, "floor-password-1");
  const { cookie, apiKey: key } = await demoCredentials(base, demo, "floor", "read_write");

  const routes: { name: string; path: string; init: RequestInit; status: number }[] = [
    { name: "bare /healthz", path: "/healthz", init: {}, status: 204 },
    { name: "GET /api/workspace (cookie)", path: "/api/workspace", init: { headers: { cookie } }, status: 200 },
    { name: "GET /api/nope (cookie, chain only)", path: "/api/nope", init: { headers: { cookie } }, status: 404 },
    { name: "GET /api/workspace (API key)", path: "/api/workspace", init: { headers: { authorization: `Bearer ${key}` } }, status: 200 },
    {
      name: "POST /api/sites bad body (cookie)",
      path: "/api/sites",
      init: { method: "POST", headers: { cookie, origin: base, "content-type": "application/json" }, body: "{}" },
      status: 400,
    },
  ];
  const out: Record<string, { p50_ms: number; mean_ms: number; cpu_ms: number }> = {};
  for (const r of routes) {
    for (let i = 0; i < 20; i++) await (await fetch(`${base}${r.path}`, r.init)).arrayBuffer(); // warm
    const ms: number[] = [];
    const cpu0 = groupCpuMs(group);
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${r.path}`, r.init);
      await res.arrayBuffer();
      if (res.status !== r.status) throw new Error(`${r.name}: ${res.status}`);
      ms.push(performance.now() - t);
    }
    const cpu = (groupCpuMs(group) - cpu0) / N;
    ms.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    out[r.name] = { p50_ms: round(ms[N >> 1] ?? 0), mean_ms: round(ms.reduce((a, b) => a + b, 0) / N), cpu_ms: round(cpu) };
    console.error(
      `${r.name.padEnd(36)} p50 ${out[r.name]?.p50_ms} ms  mean ${out[r.name]?.mean_ms} ms  stack CPU ${out[r.name]?.cpu_ms} ms/req`,
    );
  }
  console.log(JSON.stringify({ n: N, load: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "), routes: out }));
} finally {
  await worker.stop();
  await sandbox.close();
  rmSync(persistDir, { recursive: true, force: true });
}
