/**
 * Traffic Sources API: list, create, edit, archive / restore. A source's click-id parameter and
 * outgoing postback URL template reach the edge through the published link routes, so every
 * change republishes them. The cost model is stored for ROI (nothing computes with it yet).
 */

import { and, count, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { createSourceSchema, updateSourceSchema } from "../../shared/entities";
import type { TrafficSourceView } from "../../shared/entity-types";
import { archivedQuerySchema } from "../../shared/list-queries";
import type { CostModel, SourceType } from "../../shared/traffic-sources";
import { type DB, getDb } from "../db/client";
import { campaigns, trafficSources } from "../db/schema";
import { auditRow, diffOf } from "../lib/audit";
import { notFound } from "../lib/errors";
import { type AppEnv, newRouter } from "../lib/hono";
import { newId } from "../lib/ids";
import { publishRoutes } from "../site-hub/build-routes";
import { parseBody, parseQuery } from "./input";

type SourceRow = typeof trafficSources.$inferSelect;
type CostInput = { model: CostModel; amount?: number; currency?: string; revsharePct?: string } | null;

async function loadSource(db: DB, workspaceId: string, id: string): Promise<SourceRow> {
  const row = (
    await db
      .select()
      .from(trafficSources)
      .where(and(eq(trafficSources.id, id), eq(trafficSources.workspaceId, workspaceId)))
  )[0];
  if (!row) throw notFound("traffic source");
  return row;
}

/** Cost columns: only the ones the model uses are kept, the others cleared. */
function costColumns(cost: CostInput) {
  if (!cost) return { costModel: null, costAmountMicros: null, costCurrency: null, costRevsharePct: null };
  return cost.model === "revshare"
    ? { costModel: cost.model, costAmountMicros: null, costCurrency: null, costRevsharePct: cost.revsharePct ?? null }
    : { costModel: cost.model, costAmountMicros: cost.amount ?? null, costCurrency: cost.currency ?? null, costRevsharePct: null };
}

function view(s: SourceRow, campaignCount: number): TrafficSourceView {
  return {
    id: s.id,
    name: s.name,
    type: s.type as SourceType,
    clickIdParam: s.clickIdParam,
    postbackUrlTemplate: s.postbackUrlTemplate,
    cost: s.costModel
      ? { model: s.costModel as CostModel, amountMicros: s.costAmountMicros, currency: s.costCurrency, revsharePct: s.costRevsharePct }
      : null,
    campaignCount,
    archivedAt: s.archivedAt,
    createdAt: s.createdAt,
  };
}

async function campaignCount(db: DB, workspaceId: string, sourceId: string): Promise<number> {
  const r = await db
    .select({ n: count() })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.trafficSourceId, sourceId)));
  return r[0]?.n ?? 0;
}

export const trafficSourceRoutes = newRouter()
  .get("/", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const withArchived = parseQuery(c, archivedQuerySchema).archived === "1";
    const [rows, used] = await Promise.all([
      db
        .select()
        .from(trafficSources)
        .where(and(eq(trafficSources.workspaceId, ws), withArchived ? undefined : isNull(trafficSources.archivedAt)))
        .orderBy(trafficSources.name),
      db
        .select({ id: campaigns.trafficSourceId, n: count() })
        .from(campaigns)
        .where(eq(campaigns.workspaceId, ws))
        .groupBy(campaigns.trafficSourceId),
    ]);
    return c.json({ sources: rows.map((s) => view(s, used.find((u) => u.id === s.id)?.n ?? 0)) });
  })
  .post("/", async (c) => {
    const input = await parseBody(c, createSourceSchema, "traffic source");
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const id = newId("ts");
    await db.batch([
      db.insert(trafficSources).values({
        id,
        workspaceId: ws,
        name: input.name,
        type: input.type,
        clickIdParam: input.clickIdParam ?? null,
        postbackUrlTemplate: input.postbackUrlTemplate ?? null,
        ...costColumns(input.cost ?? null),
      }),
      auditRow(c, {
        action: "traffic_source.create",
        entityType: "traffic_source",
        entityId: id,
        summary: `Created traffic source ${input.name}`,
      }),
    ]);
    return c.json({ source: view(await loadSource(db, ws, id), 0) }, 201);
  })
  .get("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const s = await loadSource(db, ws, c.req.param("id"));
    return c.json({ source: view(s, await campaignCount(db, ws, s.id)) });
  })
  .patch("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const current = await loadSource(db, ws, c.req.param("id"));
    const { cost, ...rest } = await parseBody(c, updateSourceSchema, "traffic source");
    const changes: Partial<typeof trafficSources.$inferInsert> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (changes as Record<string, unknown>)[k] = v;
    if (cost !== undefined) Object.assign(changes, costColumns(cost));
    const diff = diffOf(current as unknown as Record<string, unknown>, changes);
    if (Object.keys(diff).length) {
      await db.batch([
        db
          .update(trafficSources)
          .set(changes)
          .where(and(eq(trafficSources.id, current.id), eq(trafficSources.workspaceId, ws))),
        auditRow(c, {
          action: "traffic_source.update",
          entityType: "traffic_source",
          entityId: current.id,
          summary: `Edited traffic source ${changes.name ?? current.name}`,
          diff,
        }),
      ]);
      await publishRoutes(c.env, db, ws);
    }
    return c.json({ source: view(await loadSource(db, ws, current.id), await campaignCount(db, ws, current.id)) });
  })
  .post("/:id/archive", (c) => setArchived(c, c.req.param("id"), true))
  .post("/:id/restore", (c) => setArchived(c, c.req.param("id"), false));

/** Archiving hides the source from pickers; campaigns already using it keep it (and its postback URL). */
async function setArchived(c: Context<AppEnv>, id: string, archive: boolean) {
  const ws = c.get("session").workspaceId;
  const db = getDb(c.env.DB);
  const current = await loadSource(db, ws, id);
  if ((current.archivedAt !== null) !== archive) {
    const at = archive ? Date.now() : null;
    await db.batch([
      db
        .update(trafficSources)
        .set({ archivedAt: at })
        .where(and(eq(trafficSources.id, current.id), eq(trafficSources.workspaceId, ws))),
      auditRow(c, {
        action: archive ? "traffic_source.archive" : "traffic_source.restore",
        entityType: "traffic_source",
        entityId: current.id,
        summary: `${archive ? "Archived" : "Restored"} traffic source ${current.name}`,
        diff: { archivedAt: [current.archivedAt, at] },
      }),
    ]);
  }
  return c.json({ source: view(await loadSource(db, ws, current.id), await campaignCount(db, ws, current.id)) });
}
