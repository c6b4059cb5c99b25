import type { Context } from "hono";
import { type DB, getDb } from "../db/client";
import { auditLog } from "../db/schema";
import type { AppEnv } from "./hono";
import { ulid } from "./ids";

export interface AuditEntry {
  /** "<entity>.<verb>", e.g. "site.create". */
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  diff?: Record<string, [unknown, unknown]>;
}

/** The audit row for one change in a workspace by a user; batch it with the change itself. */
export function auditRowFor(db: DB, workspaceId: string, who: { userId: string; email: string }, e: AuditEntry) {
  return db.insert(auditLog).values({
    id: `au_${ulid()}`,
    workspaceId,
    userId: who.userId,
    userEmail: who.email,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    summary: e.summary,
    diff: e.diff ?? null,
    at: Date.now(),
  });
}

/** The audit row for one change by the signed-in member; insert it in the same batch as the change when you can. */
export function auditRow(c: Context<AppEnv>, e: AuditEntry) {
  const s = c.get("session");
  return auditRowFor(getDb(c.env.DB), s.workspaceId, s, e);
}

/** Records one change by the signed-in member. */
export async function audit(c: Context<AppEnv>, e: AuditEntry): Promise<void> {
  await auditRow(c, e);
}

/** Field-by-field diff of an update, for the audit log (only keys present in `next`). */
export function diffOf<T extends Record<string, unknown>>(
  prev: T,
  next: Partial<T>,
  secret: string[] = [],
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue;
    const before = prev[k];
    if (JSON.stringify(before) === JSON.stringify(v)) continue;
    out[k] = secret.includes(k) ? ["(secret)", "(changed)"] : [before ?? null, v];
  }
  return out;
}
