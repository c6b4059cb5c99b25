import { SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { DB } from "./client";

const dialect = new SQLiteSyncDialect();

/** A drizzle query builder (anything with toSQL; drizzle's own batch items) or an `sql` fragment. */
export type BatchStatement = SQL | BatchItem<"sqlite"> | { toSQL(): { sql: string; params: unknown[] } };

/**
 * One atomic D1 batch from drizzle queries and drizzle `sql` fragments (e.g. insertJsonRows).
 * drizzle's own batch() accepts only query builders; here both become D1 prepared statements
 * with bound parameters (nothing pasted into SQL text) and run in one transaction.
 */
export async function runBatch(db: DB, statements: BatchStatement[]): Promise<void> {
  if (statements.length === 0) return;
  const d1 = db.$client;
  const prepared = statements.map((s) => {
    const q = s instanceof SQL ? dialect.sqlToQuery(s) : "toSQL" in s ? s.toSQL() : null;
    if (!q) throw new Error("runBatch: a statement is neither a query builder nor an sql fragment");
    return d1.prepare(q.sql).bind(...q.params);
  });
  await d1.batch(prepared);
}

export { sql };
