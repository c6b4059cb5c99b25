/**
 * Postback keys rotated out, as told by the rotation itself (api/key-rotation.ts → every hub of the
 * workspace). Isolates cache a key's route for up to 30 s (edge/resolve.ts), so without this an old key
 * would keep working that long after a rotation with no grace. Every accepted postback already goes
 * through a hub, so the check costs one in-memory lookup there: no extra read on the hot path.
 * Entries are kept until every cached route has expired (ROUTE_CACHE_MS after their end), then dropped.
 */
const ROUTE_CACHE_MS = 30_000;
const KEEP_AFTER_MS = 10 * ROUTE_CACHE_MS;

export const REVOKED_KEYS_DDL = ["CREATE TABLE IF NOT EXISTS revoked_keys (pb_key TEXT PRIMARY KEY, not_after INTEGER NOT NULL)"];

export interface KeyRevocation {
  key: string;
  /** The key is refused from this instant on (the end of its grace period; now for no grace). */
  notAfter: number;
}

export class RevokedKeys {
  private readonly ends = new Map<string, number>();

  constructor(private readonly sql: SqlStorage) {
    for (const r of sql.exec<{ pb_key: string; not_after: number }>("SELECT pb_key, not_after FROM revoked_keys")) {
      this.ends.set(r.pb_key, r.not_after);
    }
  }

  add(entries: KeyRevocation[], now = Date.now()): void {
    for (const { key, notAfter } of entries) {
      this.ends.set(key, notAfter);
      this.sql.exec("INSERT OR REPLACE INTO revoked_keys (pb_key, not_after) VALUES (?, ?)", key, notAfter);
    }
    for (const [key, end] of this.ends) {
      if (end + KEEP_AFTER_MS < now) this.ends.delete(key);
    }
    this.sql.exec("DELETE FROM revoked_keys WHERE not_after < ?", now - KEEP_AFTER_MS);
  }

  /** True when `key` was rotated out and its grace period is over. */
  refuses(key: string, now = Date.now()): boolean {
    const end = this.ends.get(key);
    return end !== undefined && now >= end;
  }
}
