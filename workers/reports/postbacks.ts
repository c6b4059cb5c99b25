import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { PostbacksQuery } from "../../shared/postbacks-query";
import type { PostbackLogEntry } from "../../shared/report-types";
import { addDays, startOfLocalDay } from "../../shared/time";
import type { DB } from "../db/client";
import { campaigns, conversions, offers, postbacks, sites } from "../db/schema";

/**
 * Postbacks report: the real-time conversion log (every request: accepted, duplicate,
 * unattributed, rejected, with the reason and the raw request), newest first, keyset-paginated.
 * Day filters use the reader's reporting timezone (their own override, else the workspace's).
 */
export async function postbackLog(
  db: DB,
  workspaceId: string,
  q: PostbacksQuery,
  tz: string,
): Promise<{ rows: PostbackLogEntry[]; nextCursor: string | null }> {
  const conds: (SQL | undefined)[] = [eq(postbacks.workspaceId, workspaceId)];
  if (q.site) conds.push(eq(postbacks.siteId, q.site));
  if (q.campaign) conds.push(eq(postbacks.campaignId, q.campaign));
  if (q.offer) conds.push(eq(postbacks.offerId, q.offer));
  if (q.event) conds.push(eq(postbacks.eventType, q.event));
  if (q.outcome) conds.push(eq(postbacks.outcome, q.outcome));
  if (q.from) conds.push(gte(postbacks.receivedAt, startOfLocalDay(q.from, tz)));
  if (q.to) conds.push(lt(postbacks.receivedAt, startOfLocalDay(addDays(q.to, 1), tz)));
  if (q.cursor) {
    const [at, id] = q.cursor.split(".") as [string, string];
    conds.push(or(lt(postbacks.receivedAt, Number(at)), and(eq(postbacks.receivedAt, Number(at)), lt(postbacks.id, id))));
  }
  const rows = await db
    .select({
      id: postbacks.id,
      receivedAt: postbacks.receivedAt,
      siteId: postbacks.siteId,
      siteName: sites.name,
      offerId: postbacks.offerId,
      offerName: offers.name,
      campaignId: postbacks.campaignId,
      campaignName: campaigns.name,
      clickId: postbacks.clickId,
      eventType: postbacks.eventType,
      eventName: postbacks.eventName,
      outcome: postbacks.outcome,
      reason: postbacks.reason,
      conversionId: postbacks.conversionId,
      amountMicros: conversions.amountMicros,
      currency: conversions.currency,
      method: postbacks.method,
      rawQuery: postbacks.rawQuery,
      rawBody: postbacks.rawBody,
      remoteIp: postbacks.remoteIp,
    })
    .from(postbacks)
    .leftJoin(sites, eq(sites.id, postbacks.siteId))
    .leftJoin(offers, eq(offers.id, postbacks.offerId))
    .leftJoin(campaigns, eq(campaigns.id, postbacks.campaignId))
    .leftJoin(conversions, eq(conversions.id, postbacks.conversionId))
    .where(and(...conds))
    .orderBy(desc(postbacks.receivedAt), desc(postbacks.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > q.limit && last ? `${last.receivedAt}.${last.id}` : null };
}
