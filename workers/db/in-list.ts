import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * `col IN (…)` for a list of any length, as ONE bound parameter: D1 refuses a query with more than
 * 100 (`too many SQL variables`), and drizzle's inArray binds one per value, so a workspace with a
 * hundred offers or campaigns turned every report into a 500. json_each reads the list inside SQLite.
 * Values are compared as stored (text ids, numbers): no column encoding is applied.
 */
export function inList(col: Column | SQL, values: readonly (string | number)[]): SQL {
  return sql`${col} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
