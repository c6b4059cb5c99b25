import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./stack";

const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

/**
 * Read-only query against the local D1 of a `wrangler dev --persist-to` directory, for the proof
 * scripts (chaos, faults) that check what was really stored. Statements are fixed text: callers
 * pass no outside values into them.
 */
export function queryLocalD1<T>(persistDir: string, sql: string): T[] {
  const out = execFileSync(WRANGLER, ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", sql], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  const parsed = JSON.parse(out) as { results: T[]; success: boolean }[];
  return parsed.flatMap((p) => p.results);
}
