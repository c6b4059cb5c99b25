/**
 * `npm run chaos [-- --kills N --seed S --keep]` (`--keep` leaves the persisted state dir for inspection): the local stack (wrangler dev with local D1 / Durable
 * Object persistence in a temp dir, the sandbox platforms) under a mixed stream of clicks, beacons
 * and postbacks (retries, shuffled events) with a revenue re-sync in flight, while the runtime is
 * killed with SIGKILL at random moments and restarted. Then it checks what was promised:
 * - every acknowledged postback is stored exactly once (by its txid);
 * - every redirected click is stored, or its loss is counted (the design accepts losing a click whose
 *   only acknowledgement was its redirect), and the postbacks of lost clicks are still attributed to
 *   the site, offer and campaign of their link, from the click id alone;
 * - live counters (hub) equal the D1 reports, both read through the API;
 * - no revenue partition is half-replaced: each window's rows equal its state before the re-sync or after it.
 * Last line: `acked=N stored=N duplicates=N lost=N clicks_redirected=N clicks_stored=N counters_match=yes|no`;
 * exit code 1 on any violation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { addDays } from "../shared/time";
import { startSandbox } from "../test/sandbox/server";
import { signIn } from "./chaos/client";
import { awaitResync, partitionHashes, type RevenueTarget, startResync } from "./chaos/revenue";
import { prng, Traffic } from "./chaos/traffic";
import { checkStored, compareCounters } from "./chaos/verify";
import { applyMigrations, drain, ensureDevVars, freePort, type RunningWorker, seed, startWorker } from "./lib/stack";

const { values: args } = parseArgs({
  options: {
    kills: { type: "string", default: "5" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    concurrency: { type: "string", default: "6" },
    keep: { type: "boolean", default: false },
  },
});
const KILLS = Number(args.kills);
const SEED = Number(args.seed);
const rand = prng(SEED);
const t0 = Date.now();
const log = (msg: string) => console.error(`[chaos ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const violations: string[] = [];

const persistDir = mkdtempSync(join(tmpdir(), "casinoflux-chaos-"));
ensureDevVars();
applyMigrations(persistDir);
const sandbox = await startSandbox(0);
const port = await freePort(0);
let worker: RunningWorker = await startWorker({ port, persistDir, quiet: true });
log(`stack up on ${worker.url} (state in ${persistDir}), seed ${SEED}, ${KILLS} kill(s)`);

/** SIGKILL to wrangler dev's whole process group: workerd (runtime, D1, Durable Objects) dies mid-write. */
function killRuntime(w: RunningWorker): Promise<void> {
  return new Promise((resolve) => {
    if (w.proc.exitCode !== null) return resolve();
    w.proc.once("exit", () => resolve());
    try {
      process.kill(-(w.proc.pid as number), "SIGKILL");
    } catch {
      resolve();
    }
  });
}

let exitCode = 1;
try {
  const demo = await seed(worker.url, sandbox.url, "chaos-password-1");
  const api = await signIn(() => worker, demo.email, "chaos-password-1");

  // Revenue: a clean pull first (state "before"), then the sandbox restates every day so the pull in
  // flight during the kills really replaces rows.
  const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
  const revenue: RevenueTarget = { offerId: "of_spinia", from: addDays(yesterday, -20), to: yesterday, windowDays: 7 };
  const first = await startResync(api, revenue);
  if (!first) throw new Error("could not start the first re-sync");
  const firstStatus = await awaitResync(api, revenue, first, 60_000);
  if (firstStatus !== "ok") throw new Error(`first re-sync ended ${firstStatus}`);
  const before = partitionHashes(persistDir, revenue);
  log("first re-sync done");
  for (let d = revenue.from; d <= revenue.to; d = addDays(d, 1)) {
    await fetch(`${sandbox.url}/__control/restate`, {
      method: "POST",
      body: JSON.stringify({ platform: "affilka", token: "demo-spinia-token", day: d, factor: 0.5 }),
    });
  }

  const runId = `${SEED.toString(36)}${Date.now().toString(36)}`;
  const traffic = new Traffic(() => worker.url, demo, runId, rand);
  let stopTraffic = false;
  const loops = Array.from({ length: Number(args.concurrency) }, async () => {
    while (!stopTraffic) {
      const before = traffic.stats.postbackErrors + traffic.stats.clickErrors + traffic.stats.beaconErrors;
      await traffic.step();
      // While the runtime is down every request fails at once: back off instead of spinning.
      if (traffic.stats.postbackErrors + traffic.stats.clickErrors + traffic.stats.beaconErrors > before) await sleep(100);
    }
  });

  const resyncs: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    const runMs = 1500 + Math.floor(rand() * 2500);
    // The re-sync starts at a random moment of the segment, so the kill lands before, during or after it.
    const resyncAt = Math.floor(rand() * runMs);
    await sleep(resyncAt);
    const rq = await startResync(api, revenue);
    if (rq) resyncs.push(rq);
    await sleep(runMs - resyncAt);
    log(
      `kill ${k + 1}/${KILLS} after ${runMs} ms (${traffic.stats.clicksRedirected} clicks redirected, ${traffic.postbacks.length} postbacks planned)`,
    );
    await killRuntime(worker);
    worker = await startWorker({ port, persistDir, quiet: true });
  }
  await sleep(1500);
  stopTraffic = true;
  await Promise.all(loops);

  log("traffic stopped; retrying unanswered postbacks");
  const left = await traffic.retryUnacked(Date.now() + 30_000);
  if (left > 0) violations.push(`${left} postbacks never answered 200 after the last restart`);
  await drain(worker.url);

  // A re-sync interrupted by a kill is not resumed by anyone: hash what the kills left, then pull once more.
  const last = resyncs.at(-1);
  if (last) log(`last re-sync started during the kills: ${await awaitResync(api, revenue, last, 20_000)}`);
  const during = partitionHashes(persistDir, revenue);
  const final = await startResync(api, revenue);
  const finalStatus = final ? await awaitResync(api, revenue, final, 60_000) : "not started";
  log(`final re-sync: ${finalStatus}`);
  if (finalStatus !== "ok") violations.push(`final re-sync ended ${finalStatus}`);
  const after = partitionHashes(persistDir, revenue);
  let halfReplaced = 0;
  for (const [w, h] of during) {
    const state = h === before.get(w) ? "before" : h === after.get(w) ? "after" : "MIXED";
    log(`revenue partition ${w}: before ${before.get(w)} after-kills ${h} final ${after.get(w)} → ${state}`);
    if (state === "MIXED") halfReplaced++;
  }
  if (halfReplaced > 0) violations.push(`${halfReplaced} revenue partitions half-replaced`);
  const runs = (await api.get<{ runs: { status: string }[] }>(`/api/offers/${revenue.offerId}/sync-runs`)).runs;
  const running = runs.filter((r) => r.status === "running").length;
  if (running > 0) log(`note: ${running} sync run(s) killed mid-pull still show "running"`);

  const stored = checkStored(persistDir, traffic, `chaos-${runId}-`, violations, log);
  const counters = await compareCounters(api, demo, log);
  if (!counters) violations.push("live counters differ from D1");
  const s = traffic.stats;
  log(
    `sent: ${s.postbackSends} postback requests (${s.postbackErrors} unanswered), ${s.beaconsAnswered} beacons, ${resyncs.length} re-syncs started; other outcomes ${JSON.stringify(s.otherOutcomes)}`,
  );
  if (Object.keys(s.otherOutcomes).length > 0) violations.push(`unexpected postback outcomes ${JSON.stringify(s.otherOutcomes)}`);
  for (const v of violations) log(`VIOLATION: ${v}`);
  exitCode = violations.length > 0 ? 1 : 0;
  console.log(
    `acked=${stored.acked} stored=${stored.stored} duplicates=${s.duplicates} lost=${stored.lost} clicks_redirected=${s.clicksRedirected} clicks_stored=${stored.clicksStored} counters_match=${counters ? "yes" : "no"}`,
  );
} catch (err) {
  log(`failed: ${(err as Error).stack ?? err} ${(err as Error).cause ?? ""}`);
} finally {
  await worker.stop();
  await sandbox.close();
  if (!args.keep) rmSync(persistDir, { recursive: true, force: true });
}
process.exit(exitCode);
