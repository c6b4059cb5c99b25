import { DurableObject } from "cloudflare:workers";

/**
 * Directory: slug / postback key / site key / hub code → routing record.
 * Sharded by key hash into a few objects so no single object is hot; the edge caches results
 * per isolate, so the redirect path reads neither D1 nor (usually) this object.
 */
export class Directory extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS routes (k TEXT PRIMARY KEY, ws TEXT NOT NULL, v TEXT NOT NULL)");
  }

  get(key: string): string | null {
    const row = this.ctx.storage.sql.exec<{ v: string }>("SELECT v FROM routes WHERE k = ?", key).toArray()[0];
    return row?.v ?? null;
  }

  /** Replaces every route of a workspace that lives in this shard. */
  replaceWorkspace(workspaceId: string, entries: [string, string][]): void {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      sql.exec("DELETE FROM routes WHERE ws = ?", workspaceId);
      for (const [k, v] of entries) sql.exec("INSERT OR REPLACE INTO routes (k, ws, v) VALUES (?, ?, ?)", k, workspaceId, v);
    });
  }
}

export const DIRECTORY_SHARDS = 8;

export function shardOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % DIRECTORY_SHARDS;
}

export function directoryStub(env: Env, key: string) {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName(`dir-${shardOf(key)}`));
}
