import { and, asc, eq } from "drizzle-orm";
import { createWorkspaceSchema, makeOwnerSchema, switchWorkspaceSchema, updateWorkspaceSchema } from "../../shared/account";
import { getDb } from "../db/client";
import { invitations, members, users, workspaces } from "../db/schema";
import { auditRow, auditRowFor, diffOf } from "../lib/audit";
import { notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { ulid } from "../lib/ids";
import { parseBody } from "./input";
import { requireUser, setActiveWorkspace } from "./session";
import { acceptableInvitation, createWorkspace } from "./workspace-ops";

/** User-level routes: the workspaces I belong to, creating one, switching, and accepting an invitation. */
export const myWorkspaceRoutes = newRouter()
  .get("/workspaces", requireUser, async (c) => {
    const rows = await getDb(c.env.DB)
      .select({ id: workspaces.id, name: workspaces.name, role: members.role })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.organizationId))
      .where(eq(members.userId, c.get("user").userId))
      .orderBy(asc(workspaces.name));
    return c.json({ workspaces: rows, activeWorkspaceId: c.get("user").activeWorkspaceId });
  })
  .post("/workspaces", requireUser, async (c) => {
    const input = await parseBody(c, createWorkspaceSchema, "workspace");
    const u = c.get("user");
    const id = await createWorkspace(c.env, { userId: u.userId, email: u.email, sessionId: u.sessionId }, input);
    return c.json({ id }, 201);
  })
  .post("/workspaces/switch", requireUser, async (c) => {
    const input = await parseBody(c, switchWorkspaceSchema, "workspace switch");
    const m = (
      await getDb(c.env.DB)
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.userId, c.get("user").userId), eq(members.organizationId, input.workspaceId)))
    )[0];
    if (!m) throw notFound("workspace", "workspaceId");
    await setActiveWorkspace(c, input.workspaceId);
    return c.json({ ok: true, workspaceId: input.workspaceId });
  })
  .get("/invites/:token", async (c) => {
    const row = (
      await getDb(c.env.DB)
        .select({ inv: invitations, wsName: workspaces.name })
        .from(invitations)
        .innerJoin(workspaces, eq(workspaces.id, invitations.organizationId))
        .where(eq(invitations.id, c.req.param("token")))
    )[0];
    if (!row) throw notFound("invitation", "token");
    return c.json({
      workspaceName: row.wsName,
      email: row.inv.email,
      role: row.inv.role,
      status: row.inv.expiresAt.getTime() < Date.now() && row.inv.status === "pending" ? "expired" : row.inv.status,
    });
  })
  .post("/invites/:token/accept", requireUser, async (c) => {
    const db = getDb(c.env.DB);
    const u = c.get("user");
    const inv = await acceptableInvitation(db, c.req.param("token"), u.email, { field: "token", verb: "sign in" });
    await db.batch([
      db
        .insert(members)
        .values({
          id: `mem_${ulid()}`,
          organizationId: inv.organizationId,
          userId: u.userId,
          role: inv.role,
          hideFinancials: inv.hideFinancials,
        })
        .onConflictDoNothing(),
      db.update(invitations).set({ status: "accepted" }).where(eq(invitations.id, inv.id)),
      auditRowFor(db, inv.organizationId, u, {
        action: "member.join",
        entityType: "member",
        entityId: inv.id,
        summary: `${u.email} joined as ${inv.role}`,
      }),
    ]);
    await setActiveWorkspace(c, inv.organizationId);
    return c.json({ ok: true, workspaceId: inv.organizationId });
  });

/** The current workspace's settings. */
export const workspaceRoutes = newRouter()
  .get("/", async (c) => {
    const ws = (
      await getDb(c.env.DB)
        .select()
        .from(workspaces)
        .where(eq(workspaces.id, c.get("session").workspaceId))
    )[0];
    if (!ws) throw notFound("workspace");
    return c.json({ id: ws.id, name: ws.name, reportingCurrency: ws.reportingCurrency, reportingTimezone: ws.reportingTimezone });
  })
  .patch("/", async (c) => {
    const input = await parseBody(c, updateWorkspaceSchema, "workspace settings");
    const db = getDb(c.env.DB);
    const id = c.get("session").workspaceId;
    const ws = (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0];
    if (!ws) throw notFound("workspace");
    const diff = diffOf(ws, input);
    if (Object.keys(diff).length === 0) return c.json({ ok: true, changed: [] });
    await db.batch([
      db.update(workspaces).set(input).where(eq(workspaces.id, id)),
      auditRow(c, {
        action: "settings.update",
        entityType: "workspace",
        entityId: id,
        summary: `Changed ${Object.keys(diff).join(", ")}`,
        diff,
      }),
    ]);
    return c.json({ ok: true, changed: Object.keys(diff) });
  })
  .post("/owner", async (c) => {
    // Owner-only (authz): make another member an owner too.
    const input = await parseBody(c, makeOwnerSchema, "ownership");
    const { memberId } = input;
    const db = getDb(c.env.DB);
    const ws = c.get("session").workspaceId;
    const target = (
      await db
        .select({ m: members, email: users.email })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(and(eq(members.id, memberId), eq(members.organizationId, ws)))
    )[0];
    if (!target) throw notFound("member", "memberId");
    await db.batch([
      db.update(members).set({ role: "owner" }).where(eq(members.id, memberId)),
      auditRow(c, {
        action: "member.role",
        entityType: "member",
        entityId: memberId,
        summary: `${target.email} is now an owner`,
        diff: { role: [target.m.role, "owner"] },
      }),
    ]);
    return c.json({ ok: true });
  });
