import { and, desc, eq, lt } from "drizzle-orm";
import type { DB } from "../db/client";
import { auditLog } from "../db/schema";

/** The workspace's audit log, newest first, paged by time. */
export async function auditLogPage(db: DB, workspaceId: string, q: { before?: number; limit: number; entityType?: string }) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        q.before ? lt(auditLog.at, q.before) : undefined,
        q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      userEmail: r.userEmail,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      summary: r.summary,
      diff: r.diff,
    })),
    nextBefore: rows.length > q.limit ? (page[page.length - 1]?.at ?? null) : null,
  };
}
