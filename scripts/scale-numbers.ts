import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../test/sandbox/server";
import { queryLocalD1 } from "./lib/local-d1";
import { groupCpuMs } from "./lib/proc-cpu";
import { applyMigrations, drain, ensureDevVars, freePort, seed, startWorker } from "./lib/stack";

const N = Number(process.env.SCALE_N ?? 2000);
const UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const _TICK_MS = 1000 / 100; // USER_HZ

const persistDir = mkdtempSync(join(tmpdir(), "casinoflux-scale-"));
ensureDevVars();
applyMigrations(persistDir);
const sandbox = await startSandbox(0);
const worker = await startWorker({ port: await freePort(0), persistDir, quiet: true });
const group = worker.proc.pid as number;
try {
  const demo = await seed(worker.url, sandbox.url, "scale-password-1");
  const key = demo.postbackKeys.find((k) => k.offerId === "of_spinia")?.key ?? "";
  /** CPU ms of the stack's workerd processes for `n` requests made by `make(i)`, 10 at a time. */
  const cpuOf = async (make: (i: number) => Promise<unknown>) => {
    const c0 = groupCpuMs(group, "workerd");
    for (let i = 0; i < N; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => make(i + j)));
    return groupCpuMs(group, "workerd") - c0;
  };
  const clickIds: string[] = [];
  const bare = await cpuOf(() => fetch(`${worker.url}/healthz`).then((r) => r.arrayBuffer()));
  const click = await cpuOf(async (i) => {
    const r = await fetch(`${worker.url}/go/spinia-uk?sub1=s${i % 7}`, {
      redirect: "manual",
      headers: { "user-agent": UA, "cf-connecting-ip": `198.51.${(i >> 8) & 255}.${i & 255}` },
    });
    clickIds.push(new URL(r.headers.get("location") ?? "").searchParams.get("click_id") ?? "");
  });
  const beacon = await cpuOf((i) =>
    fetch(`${worker.url}/e`, {
      method: "POST",
      headers: {
        "content-type": "text/plain",
        origin: "https://casinoguide.example",
        "user-agent": UA,
        "cf-connecting-ip": `203.0.${(i >> 8) & 255}.${i & 255}`,
      },
      body: JSON.stringify({
        s: demo.sites[0]?.publicKey,
        t: "pv",
        u: `https://casinoguide.example/p${i % 50}`,
        r: "https://www.google.com/",
        w: 1280,
      }),
    }).then((r) => r.arrayBuffer()),
  );
  const postback = await cpuOf((i) =>
    fetch(`${worker.url}/pb/${key}?click_id=${clickIds[i]}&event=deposit&amount=10.00&currency=EUR&txid=scale-${i}`).then((r) =>
      r.arrayBuffer(),
    ),
  );
  await drain(worker.url);
  // Revenue rows: 30 days × 200 campaigns of one Affilka account (the benchmark's bulk sync).
  const bulk = await fetch(`${worker.url}/api/dev/bulk-sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sandboxUrl: sandbox.url, from: "2026-10-01", to: "2026-10-30", rowsPerDay: 200 }),
  });
  if (!bulk.ok) throw new Error(`bulk sync ${bulk.status} ${await bulk.text()}`);
  const revenueSync = (await bulk.json()) as { inserted: number; ms: number };
  const per = (ms: number) => Math.round(((ms - bare) / N) * 100) / 100;

  const tables = queryLocalD1<{ name: string; bytes: number }>(persistDir, "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name");
  const indexes = queryLocalD1<{ name: string; tbl_name: string }>(
    persistDir,
    "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'",
  );
  const bytesOf = (table: string) =>
    tables
      .filter((t) => t.name === table || indexes.some((i) => i.name === t.name && i.tbl_name === table))
      .reduce((a, t) => a + t.bytes, 0);
  const d1 = Object.fromEntries(
    ["clicks", "conversions", "postbacks", "analytics_hourly", "revenue_rows", "revenue_changes"].map((t) => {
      const rows = queryLocalD1<{ n: number }>(persistDir, `SELECT count(*) AS n FROM ${t}`)[0]?.n ?? 0;
      return [t, { rows, bytes: bytesOf(t), bytesPerRow: rows ? Math.round(bytesOf(t) / rows) : null }];
    }),
  );
  const hubDir = join(persistDir, "v3/do/casinoflux-SiteHub");
  const hubBytes = readdirSync(hubDir)
    .filter((f) => f.endsWith(".sqlite") || f.endsWith(".sqlite-wal"))
    .reduce((a, f) => a + statSync(join(hubDir, f)).size, 0);
  console.log(
    JSON.stringify(
      {
        requests_per_route: N,
        cpu_ms_per_request_over_bare: { click: per(click), beacon: per(beacon), postback: per(postback) },
        bare_cpu_ms_per_request: Math.round((bare / N) * 100) / 100,
        d1,
        hub_sqlite_bytes_total: hubBytes,
        hub_bytes_per_event: Math.round(hubBytes / (3 * N)),
        revenue_sync: { rows: revenueSync.inserted, wall_ms: revenueSync.ms },
      },
      null,
      2,
    ),
  );
} finally {
  await worker.stop();
  await sandbox.close();
  rmSync(persistDir, { recursive: true, force: true });
}
