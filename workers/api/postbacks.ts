import { formatMicros } from "../../shared/money";
import { postbacksQuerySchema } from "../../shared/postbacks-query";
import { getDb } from "../db/client";
import { recordsToCsv } from "../lib/csv";
import { fromZod } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { outgoingPostbacks } from "../reports/outgoing-postbacks";
import { postbackLog } from "../reports/postbacks";

const CSV_MAX_ROWS = 50_000;
const POSTBACK_CSV_COLUMNS = [
  "received_at",
  "outcome",
  "reason",
  "event",
  "click_id",
  "site",
  "campaign",
  "offer",
  "conversion_id",
  "method",
  "raw_query",
  "raw_body",
  "event_name",
  "amount",
  "currency",
] as const;

export const postbackRoutes = newRouter()
  .get("/", async (c) => {
    const q = postbacksQuerySchema.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, "query");
    return c.json(await postbackLog(getDb(c.env.DB), c.get("session").workspaceId, q.data, c.get("session").timezone));
  })
  .get("/export.csv", async (c) => {
    const q = postbacksQuerySchema.safeParse({ ...c.req.query(), limit: 500 });
    if (!q.success) throw fromZod(q.error, "query");
    const db = getDb(c.env.DB);
    const ws = c.get("session").workspaceId;
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await postbackLog(db, ws, { ...q.data, cursor }, c.get("session").timezone);
      all.push(...page.rows);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && all.length < CSV_MAX_ROWS);
    const csv = recordsToCsv(
      POSTBACK_CSV_COLUMNS,
      all.map((r) => ({
        received_at: new Date(r.receivedAt).toISOString(),
        outcome: r.outcome,
        reason: r.reason ?? "",
        event: r.eventType ?? "",
        click_id: r.clickId ?? "",
        site: r.siteName ?? "",
        campaign: r.campaignName ?? "",
        offer: r.offerName ?? "",
        conversion_id: r.conversionId ?? "",
        method: r.method,
        raw_query: r.rawQuery,
        raw_body: r.rawBody ?? "",
        event_name: r.eventName ?? "",
        amount: r.amountMicros === null ? "" : formatMicros(r.amountMicros),
        currency: r.currency ?? "",
      })),
    );
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="postbacks-${new Date().toISOString().slice(0, 10)}.csv"`,
    });
  })
  .get("/outgoing", async (c) => {
    const rows = await outgoingPostbacks(getDb(c.env.DB), c.get("session").workspaceId);
    return c.json({ rows });
  });
