import { type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { DB } from "./client";

const dialect = new SQLiteSyncDialect();

type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

/**
 * One atomic D1 batch from drizzle queries and drizzle `sql` fragments (e.g. insertJsonRows).
 * drizzle's own batch() accepts only query builders; here both become D1 prepared statements
 * with bound parameters (nothing pasted into SQL text) and run in one transaction.
 */
export async function runBatch(db: DB, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return;
  const d1 = db.$client;
  const prepared = statements.map((s) => {
    const q = "toSQL" in s ? s.toSQL() : dialect.sqlToQuery(s);
    return d1.prepare(q.sql).bind(...q.params);
  });
  await d1.batch(prepared);
}

export { sql };
