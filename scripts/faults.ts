/**
 * `npm run faults`: the local stack and the sandbox platforms; one Affilka offer pulled clean, then
 * re-synced (through the dashboard's API) while the sandbox answers its account with one fault at a
 * time — 500, 429 with Retry-After, a timeout, a truncated body, HTTP 200 with an error text, a
 * failing second request, a restatement of last week, a column the platform stops sending. For each
 * it prints what the sync run recorded and the hash of every revenue partition (the connector's
 * windows) before and after, and checks that a failing pull changed no stored row, a restatement
 * changed only the restated week, and a vanished column blanked no stored figure.
 * Exit code 1 on damage.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SyncRunSummary } from "../shared/report-types";
import { addDays } from "../shared/time";
import { startSandbox } from "../test/sandbox/server";
import { signIn } from "./chaos/client";
import { partitionHashes, type RevenueTarget, startResync, windowsOf } from "./chaos/revenue";
import { queryLocalD1 } from "./lib/local-d1";
import { applyMigrations, ensureDevVars, freePort, seed, startWorker } from "./lib/stack";

const t0 = Date.now();
const log = (msg: string) => console.log(`[faults ${((Date.now() - t0) / 1000).toFixed(0)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Scenario {
  name: string;
  mode: string;
  count?: number;
  /** Run statuses that mean the pull reacted as it should. */
  expect: string[];
  /** Windows allowed (and required) to change. */
  changes?: (windows: string[]) => string[];
  before?: () => Promise<void>;
}

const persistDir = mkdtempSync(join(tmpdir(), "casinoflux-faults-"));
ensureDevVars();
applyMigrations(persistDir);
const sandbox = await startSandbox(0);
const worker = await startWorker({ port: await freePort(0), persistDir, quiet: true });
const damage: string[] = [];
let exitCode = 1;
try {
  const demo = await seed(worker.url, sandbox.url, "faults-password-1");
  const api = await signIn(() => worker, demo.email, "faults-password-1");
  const control = (path: string, body: unknown) =>
    fetch(`${sandbox.url}/__control/${path}`, { method: "POST", body: JSON.stringify(body) });
  const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
  const target: RevenueTarget = { offerId: "of_spinia", from: addDays(yesterday, -20), to: yesterday, windowDays: 7 };
  const windows = windowsOf(target).map((w) => `${w.from}..${w.to}`);
  const lastWeek = windows.at(-1) ?? "";

  /** Starts a re-sync and waits for its first run to finish (or, with `until`, for that status). */
  async function resync(timeoutMs: number, until?: string): Promise<{ run: SyncRunSummary | null; attempts: number }> {
    const rq = await startResync(api, target);
    if (!rq) throw new Error("re-sync not started");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = (
        await api.get<{ progress: { status: string; attempts: number; run: SyncRunSummary | null } }>(
          `/api/offers/${target.offerId}/resync/${rq}`,
        )
      ).progress;
      const done = p.status !== "queued" && p.status !== "running";
      if ((done && (!until || p.status === until)) || Date.now() > deadline) return { run: p.run, attempts: p.attempts };
      await sleep(500);
    }
  }

  const commissionNulls = () =>
    queryLocalD1<{ n: number }>(
      persistDir,
      "SELECT count(*) AS n FROM revenue_rows WHERE offer_id = 'of_spinia' AND state = 'active' AND commission_total_micros IS NULL",
    )[0]?.n ?? 0;

  const first = await resync(60_000);
  if (first.run?.status !== "ok") throw new Error(`clean pull ended ${first.run?.status}: ${first.run?.error}`);
  log(`clean pull: ${first.run.rowsRead} rows read, ${first.run.rowsInserted} inserted, windows ${windows.join(", ")}`);

  const scenarios: Scenario[] = [
    { name: "HTTP 500 on every request", mode: "500", expect: ["failed"] },
    { name: "429 with Retry-After: 2, once", mode: "429", count: 1, expect: ["ok"] },
    { name: "no answer within the 20 s timeout", mode: "timeout", expect: ["failed"] },
    { name: "truncated body", mode: "truncated", expect: ["failed"] },
    { name: "HTTP 200 with an error text", mode: "error200", expect: ["failed"] },
    { name: "second request fails (later page / window)", mode: "second", expect: ["partial"] },
    {
      name: "platform restates last week",
      mode: "none",
      expect: ["ok"],
      changes: () => [lastWeek],
      before: async () => {
        for (let d = lastWeek.slice(0, 10); d <= target.to; d = addDays(d, 1))
          await control("restate", { platform: "affilka", token: "demo-spinia-token", day: d, factor: 0.5 });
      },
    },
    { name: "platform stops sending partner_income (commission)", mode: "omit:partner_income", expect: ["failed"] },
  ];

  for (const sc of scenarios) {
    await sc.before?.();
    const before = partitionHashes(persistDir, target);
    const nullsBefore = commissionNulls();
    const startedAt = Date.now();
    await control("fault", { platform: "affilka", token: "demo-spinia-token", mode: sc.mode, count: sc.count });
    const { run, attempts } = await resync(sc.mode === "timeout" ? 60_000 : 30_000, sc.expect.length === 1 ? sc.expect[0] : undefined);
    await control("fault", { platform: "affilka", mode: "none" });
    const after = partitionHashes(persistDir, target);
    const allowed = new Set(sc.changes?.(windows) ?? []);
    log(`— ${sc.name}`);
    log(
      `  run: ${run?.status ?? "none"} after ${attempts} attempt(s), http ${run?.httpStatus ?? "-"}, windows ${run?.windowsDone ?? 0}/${run?.windowsTotal ?? 0}, rows read ${run?.rowsRead ?? 0} inserted ${run?.rowsInserted ?? 0} changed ${run?.rowsChanged ?? 0} removed ${run?.rowsRemoved ?? 0}${run?.error ? `, error: ${run.error.slice(0, 160)}` : ""}`,
    );
    // Queue retries of earlier scenarios' failed pulls may run meanwhile (backoff 30 s+): listed too.
    const during = (await api.get<{ runs: SyncRunSummary[] }>(`/api/offers/${target.offerId}/sync-runs`)).runs.filter(
      (r) => r.startedAt >= startedAt && r.id !== run?.id,
    );
    for (const r of during)
      log(`  also ran (a queued retry): ${r.status}, rows changed ${r.rowsChanged}${r.error ? `, error: ${r.error.slice(0, 80)}` : ""}`);
    if (run?.metricColumns) log(`  metric columns: ${JSON.stringify(run.metricColumns).slice(0, 300)}`);
    if (!run || !sc.expect.includes(run.status)) damage.push(`${sc.name}: run ${run?.status ?? "none"}, expected ${sc.expect.join("/")}`);
    for (const w of windows) {
      const same = before.get(w) === after.get(w);
      const ok = allowed.has(w) ? !same : same;
      log(`  partition ${w}: ${before.get(w)} → ${after.get(w)} ${same ? "unchanged" : "CHANGED"}${ok ? "" : "  ← DAMAGE"}`);
      if (!ok) damage.push(`${sc.name}: partition ${w} ${same ? "not updated" : "changed"}`);
    }
    const nullsAfter = commissionNulls();
    if (nullsAfter > nullsBefore) {
      log(`  ${nullsAfter - nullsBefore} stored commission figures became "not reported"  ← DAMAGE`);
      damage.push(`${sc.name}: ${nullsAfter - nullsBefore} stored commission figures blanked`);
    }
  }
  for (const d of damage) log(`DAMAGE: ${d}`);
  log(damage.length === 0 ? "no damage: earlier data survived every fault" : `${damage.length} problem(s)`);
  exitCode = damage.length === 0 ? 0 : 1;
} catch (err) {
  log(`failed: ${(err as Error).stack ?? err}`);
} finally {
  await worker.stop();
  await sandbox.close();
  rmSync(persistDir, { recursive: true, force: true });
}
process.exit(exitCode);
