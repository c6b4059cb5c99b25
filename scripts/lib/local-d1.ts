import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./stack";

const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

/**
 * Read-only query against the local D1 of a `wrangler dev --persist-to` directory, for the proof
 * scripts (chaos, faults) that check what was really stored. Statements are fixed text: callers
 * pass no outside values into them. The sqlite3 CLI reads the database file directly when it is
 * installed (a second each); otherwise `wrangler d1 execute` (several seconds: it starts a runtime).
 */
export function queryLocalD1<T>(persistDir: string, sql: string): T[] {
  const file = d1File(persistDir);
  if (file && hasSqlite3()) {
    const out = execFileSync("sqlite3", ["-readonly", "-json", file, sql], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    return out.trim() ? (JSON.parse(out) as T[]) : [];
  }
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

let sqlite3: boolean | null = null;
function hasSqlite3(): boolean {
  if (sqlite3 === null) {
    try {
      execFileSync("sqlite3", ["-version"], { stdio: "ignore" });
      sqlite3 = true;
    } catch {
      sqlite3 = false;
    }
  }
  return sqlite3;
}

/** Miniflare keeps the one local D1 database as `v3/d1/miniflare-D1DatabaseObject/<id>.sqlite`. */
function d1File(persistDir: string): string | null {
  const dir = join(persistDir, "v3/d1/miniflare-D1DatabaseObject");
  try {
    const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
    return files.length === 1 && files[0] ? join(dir, files[0]) : null;
  } catch {
    return null;
  }
}
