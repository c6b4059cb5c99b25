import { and, desc, eq, gte } from "drizzle-orm";
import { eventNameKey } from "../../shared/postback-events";
import type { UnmappedEvent } from "../../shared/report-types";
import type { DB } from "../db/client";
import { postbacks } from "../db/schema";

/** Entries looked at (newest first): enough to list every name a program sends; the count says "at least". */
const SCAN_LIMIT = 2_000;
const WINDOW_MS = 120 * 86_400_000;

/**
 * Event names an offer's postbacks used that it does not map (the Postbacks log's `unmapped`
 * entries of the last 120 days, which is how long the hubs keep them for re-applying), by name.
 */
export async function unmappedEvents(db: DB, workspaceId: string, offerId: string, now = Date.now()): Promise<UnmappedEvent[]> {
  const rows = await db
    .select({ eventName: postbacks.eventName, receivedAt: postbacks.receivedAt })
    .from(postbacks)
    .where(
      and(
        eq(postbacks.workspaceId, workspaceId),
        eq(postbacks.offerId, offerId),
        eq(postbacks.outcome, "unmapped"),
        gte(postbacks.receivedAt, now - WINDOW_MS),
      ),
    )
    .orderBy(desc(postbacks.receivedAt))
    .limit(SCAN_LIMIT);
  const byName = new Map<string, UnmappedEvent>();
  for (const r of rows) {
    if (!r.eventName) continue;
    const name = eventNameKey(r.eventName);
    const hit = byName.get(name);
    if (hit) hit.count++;
    else byName.set(name, { name, sentAs: r.eventName, count: 1, lastSeenAt: r.receivedAt });
  }
  return [...byName.values()];
}
