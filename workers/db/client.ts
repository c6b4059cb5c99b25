import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

const make = (d1: D1Database) => drizzle(d1, { schema });
export type DB = ReturnType<typeof make>;

// One drizzle instance per binding: building one walks the whole schema (its relational config),
// which was a measurable share of every API request's CPU (docs/performance.md, "API request floor").
// The instance holds no per-request state.
const instances = new WeakMap<D1Database, DB>();

export function getDb(d1: D1Database): DB {
  let db = instances.get(d1);
  if (!db) {
    db = make(d1);
    instances.set(d1, db);
  }
  return db;
}

/** D1 binds at most 100 parameters per statement: rows per multi-row insert for a given column count. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(100 / columns));
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A statement built once per drizzle instance (per binding), for queries every request runs: the
 * SQL is not rebuilt each time; values go in through `sql.placeholder`.
 */
export function prepared<T extends object>(build: (db: DB) => T): (db: DB) => T {
  const cache = new WeakMap<DB, T>();
  return (db) => {
    let s = cache.get(db);
    if (!s) {
      s = build(db);
      cache.set(db, s);
    }
    return s;
  };
}
