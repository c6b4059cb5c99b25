/**
 * `npm run dev`: the whole CasinoFlux data flow on this machine, no Cloudflare account, no network.
 * Builds the dashboard and snippet, applies local D1 migrations, starts the sandbox affiliate
 * platforms, `wrangler dev` (Worker + Durable Objects + D1 + Queues + static dashboard), seeds a demo
 * workspace, fires the revenue cron, and runs the traffic simulator until Ctrl-C.
 */
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { startSandbox } from "../test/sandbox/server";
import { simulate } from "../test/sandbox/simulator";
import { examples } from "./lib/examples";
import { applyMigrations, ensureDevVars, freePort, ROOT, seed, startWorker, triggerCron } from "./lib/stack";

const persistDir = join(ROOT, ".wrangler/state");
const log = (msg: string) => console.log(`\x1b[36m[casinoflux]\x1b[0m ${msg}`);

log("building dashboard and snippet…");
execSync("npm run build --silent", { cwd: ROOT, stdio: "inherit" });
ensureDevVars();
log("applying D1 migrations (local)…");
applyMigrations(persistDir);

const sandbox = await startSandbox(await freePort(8790));
log(`sandbox affiliate platforms on ${sandbox.url}`);
const port = await freePort(Number(process.env.PORT ?? 8787));
const worker = await startWorker({ port, persistDir });
const password = randomBytes(6).toString("hex");
const demo = await seed(worker.url, sandbox.url, password, true);
await triggerCron(worker.url);

const controller = new AbortController();
const sim = simulate(worker.url, demo, { ticksPerSecond: 4, signal: controller.signal });
const cronTimer = setInterval(() => void triggerCron(worker.url), 60_000);

const ex = examples(worker.url, demo);
console.log(`
  \x1b[1mCasinoFlux is running\x1b[0m

  Dashboard   ${worker.url}/
  Login       ${demo.email}  /  ${password}

  A click and its FTD postback (paste both lines into one shell; the click carries a browser user agent,
  curl's own is counted as a bot):
    ${ex.click}
    ${ex.postback}

  Site Analytics: put this tag in a page served from ${ex.snippetHosts.map((h) => `http://${h}`).join(" or ")} (any port);
  data-dev makes it count on a local host:
    ${ex.snippet}

  Sandbox     ${sandbox.url} (affiliate platform APIs: paths and credentials in test/sandbox/README.md)

  The simulator is sending clicks, beacons and postbacks (with duplicates and bad ones). Ctrl-C stops everything.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  controller.abort();
  clearInterval(cronTimer);
  const stats = await sim;
  log(`simulator sent ${stats.clicks} clicks, ${stats.beacons} beacons, ${stats.postbacks} postbacks`);
  await worker.stop();
  await sandbox.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
