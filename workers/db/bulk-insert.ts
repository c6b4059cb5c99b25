import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Many rows in one statement: the rows travel as ONE bound JSON parameter and SQLite unpacks them
 * with json_each. D1 allows 100 bound parameters per statement, which for wide tables (revenue_rows
 * has 42 columns) would mean 2 rows per statement; this way 300+ rows go in one. Values are never
 * pasted into the SQL text: column names come from the drizzle table, data from the parameter.
 */
export function insertJsonRows<T extends SQLiteTable>(
  table: T,
  rows: T["$inferInsert"][],
  opts: { orIgnore?: boolean; onConflict?: SQL } = {},
): SQL {
  const columns = Object.entries(getTableColumns(table));
  const payload = rows.map((row) => {
    const r = row as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [prop, col] of columns) {
      let v = r[prop];
      if (v === undefined) v = col.hasDefault ? undefined : null;
      // JSON-mode and boolean columns are stored as their driver values (text JSON, 0/1).
      if (v !== undefined && v !== null) v = col.mapToDriverValue(v);
      out[col.name] = v;
    }
    return out;
  });
  // Columns with defaults and no value in any row are left to SQLite.
  const used = columns.filter(([, col]) => payload.some((p) => p[col.name] !== undefined));
  const names = sql.join(
    used.map(([, col]) => sql.identifier(col.name)),
    sql`, `,
  );
  const values = sql.join(
    used.map(([, col]) => sql`json_extract(value, ${`$."${col.name}"`})`),
    sql`, `,
  );
  const verb = opts.orIgnore ? sql`INSERT OR IGNORE INTO` : sql`INSERT INTO`;
  // "WHERE true" is how SQLite tells an upsert's ON CONFLICT from a join clause after INSERT … SELECT.
  const tail = opts.onConflict ? sql` WHERE true ${opts.onConflict}` : sql``;
  return sql`${verb} ${table} (${names}) SELECT ${values} FROM json_each(${JSON.stringify(payload)})${tail}`;
}

/**
 * The ON CONFLICT clause for insertJsonRows: on `target`, set each `replace` column to the
 * incoming value and add each `add` column's incoming value to the stored one (rollup counters).
 */
export function onConflictUpdate(target: SQLiteColumn[], set: { replace?: SQLiteColumn[]; add?: SQLiteColumn[] }): SQL {
  const id = (c: SQLiteColumn) => sql.identifier(c.name);
  const assignments = [
    ...(set.replace ?? []).map((c) => sql`${id(c)} = excluded.${id(c)}`),
    ...(set.add ?? []).map((c) => sql`${id(c)} = ${id(c)} + excluded.${id(c)}`),
  ];
  return sql`ON CONFLICT (${sql.join(target.map(id), sql`, `)}) DO UPDATE SET ${sql.join(assignments, sql`, `)}`;
}
