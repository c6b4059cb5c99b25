/**
 * `npm run deploy`: D1 migrations (remote), the Worker (API, ingest, cron, queue, Durable Objects,
 * dashboard as static assets), and — when PAGES_PROJECT is set — the same dashboard build to Pages.
 * Needs `wrangler login` (or CLOUDFLARE_API_TOKEN). First run creates the D1 database and queue.
 */
import { execFileSync, execSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./lib/stack";

const wrangler = (args: string[], capture = false) =>
  execFileSync(join(ROOT, "node_modules/.bin/wrangler"), args, { cwd: ROOT, stdio: capture ? "pipe" : "inherit", encoding: "utf8" });
const step = (msg: string) => console.log(`\n\x1b[36m▸ ${msg}\x1b[0m`);

step("checking Cloudflare login");
wrangler(["whoami"]);

const tomlPath = join(ROOT, "wrangler.toml");
let toml = readFileSync(tomlPath, "utf8");
if (toml.includes('database_id = "00000000-0000-0000-0000-000000000000"')) {
  step("creating the D1 database (first deploy)");
  const out = wrangler(["d1", "create", "casinoflux"], true);
  const id = /database_id\s*=\s*"([0-9a-f-]{36})"/.exec(out)?.[1] ?? /"uuid":\s*"([0-9a-f-]{36})"/.exec(out)?.[1];
  if (!id) throw new Error(`could not read the new database id from:\n${out}`);
  toml = toml.replace("00000000-0000-0000-0000-000000000000", id);
  writeFileSync(tomlPath, toml);
  console.log(`wrangler.toml now points at D1 database ${id} — commit it.`);
  step("creating the sync queue");
  try {
    wrangler(["queues", "create", "casinoflux-sync"]);
  } catch {
    console.log("queue exists already");
  }
  console.log(
    "\nSet the secrets once:\n  openssl rand -base64 32 | npx wrangler secret put SECRETS_KEY\n  npx wrangler secret put MAIL_API_KEY   # your email provider (Resend-compatible API)\n",
  );
}

step("building dashboard and snippet");
execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
step("applying D1 migrations (remote)");
wrangler(["d1", "migrations", "apply", "DB", "--remote"]);
step("deploying the Worker (with the dashboard as static assets)");
wrangler(["deploy"]);
if (process.env.PAGES_PROJECT) {
  step(`deploying the dashboard to Pages project ${process.env.PAGES_PROJECT}`);
  wrangler(["pages", "deploy", "web/dist", "--project-name", process.env.PAGES_PROJECT]);
}
console.log("\nDone.");
