import { sha256Hex } from "../lib/ids";
import type { Sql } from "./types";

/**
 * Visitor identity without cookies or stored IPs: sha256(daily salt + site + ip + ua).
 * The salt is random per site and day, kept in the hub's storage and deleted after two days,
 * so yesterday's hashes can no longer be recomputed from anything stored.
 */
export const SALTS_DDL = "CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)";

// Per hub (keyed by its storage): several hubs can share one isolate.
const memos = new WeakMap<Sql, Map<string, string>>();

export function saltFor(sql: Sql, day: string): string {
  let memo = memos.get(sql);
  if (!memo) {
    memo = new Map();
    memos.set(sql, memo);
  }
  const cached = memo.get(day);
  if (cached) return cached;
  let row = sql.exec<{ salt: string }>("SELECT salt FROM salts WHERE day = ?", day).toArray()[0];
  if (!row) {
    const salt = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    sql.exec("INSERT OR IGNORE INTO salts (day, salt) VALUES (?, ?)", day, salt);
    row = sql.exec<{ salt: string }>("SELECT salt FROM salts WHERE day = ?", day).toArray()[0];
  }
  const salt = row?.salt ?? "";
  if (memo.size > 4) memo.clear();
  memo.set(day, salt);
  return salt;
}

/** 96 bits of sha256(salt|site|identity), hex. Synchronous, so it runs inside the write transaction. */
export function visitorHash(sql: Sql, day: string, siteId: string, identity: string): string {
  return sha256Hex(`${saltFor(sql, day)}|${siteId}|${identity}`, 12);
}

export function pruneSalts(sql: Sql, keepFromDay: string): void {
  sql.exec("DELETE FROM salts WHERE day < ?", keepFromDay);
  memos.delete(sql);
}
