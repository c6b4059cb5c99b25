import { and, desc, eq } from "drizzle-orm";
import type { DB } from "../db/client";
import { campaigns, sourcePostbacks } from "../db/schema";

/** Outgoing (source) postbacks: the workspace's latest 200 with their campaign and delivery state. */
export async function outgoingPostbacks(db: DB, workspaceId: string) {
  return db
    .select({
      id: sourcePostbacks.id,
      campaignId: sourcePostbacks.campaignId,
      campaignName: campaigns.name,
      conversionId: sourcePostbacks.conversionId,
      eventType: sourcePostbacks.eventType,
      url: sourcePostbacks.url,
      status: sourcePostbacks.status,
      attempts: sourcePostbacks.attempts,
      lastHttpStatus: sourcePostbacks.lastHttpStatus,
      lastError: sourcePostbacks.lastError,
      nextAttemptAt: sourcePostbacks.nextAttemptAt,
      updatedAt: sourcePostbacks.updatedAt,
    })
    .from(sourcePostbacks)
    .leftJoin(campaigns, eq(campaigns.id, sourcePostbacks.campaignId))
    .where(and(eq(sourcePostbacks.workspaceId, workspaceId)))
    .orderBy(desc(sourcePostbacks.createdAt))
    .limit(200);
}
