import { and, eq } from "drizzle-orm";
import { auditQuerySchema, inviteSchema, updateMemberSchema } from "../../shared/account";
import { mailerFor } from "../auth/mailer";
import { getDb } from "../db/client";
import { invitations, members, users, workspaces } from "../db/schema";
import { auditRow, diffOf } from "../lib/audit";
import { AppError, fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { randomToken } from "../lib/ids";
import { auditLogPage } from "../reports/audit-log";
import { teamOf } from "../reports/members";
import { parseBody } from "./input";
import { originOf } from "./session";

const INVITE_TTL_MS = 7 * 86_400_000;

async function memberIn(c: { env: Env }, workspaceId: string, id: string) {
  return (
    await getDb(c.env.DB)
      .select({ m: members, email: users.email })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(and(eq(members.id, id), eq(members.organizationId, workspaceId)))
  )[0];
}

/** Team: members (role, hide financials), invitations by link. Who may call what is decided in authz.ts. */
export const memberRoutes = newRouter()
  .get("/", async (c) => c.json(await teamOf(getDb(c.env.DB), c.get("session").workspaceId)))
  .patch("/:id", async (c) => {
    const input = await parseBody(c, updateMemberSchema, "member");
    const ws = c.get("session").workspaceId;
    const target = await memberIn(c, ws, c.req.param("id"));
    if (!target) throw notFound("member");
    // A data rule, not a role check: owners change only through POST /api/workspace/owner or by leaving.
    if (target.m.role === "owner")
      throw new AppError(409, "member_is_owner", "An owner's role or visibility cannot be changed here", { field: "id" });
    const diff = diffOf(target.m, input);
    if (Object.keys(diff).length === 0) return c.json({ ok: true });
    const db = getDb(c.env.DB);
    await db.batch([
      db.update(members).set(input).where(eq(members.id, target.m.id)),
      auditRow(c, {
        action: "member.update",
        entityType: "member",
        entityId: target.m.id,
        summary: `Changed ${target.email}: ${Object.keys(diff).join(", ")}`,
        diff,
      }),
    ]);
    return c.json({ ok: true });
  })
  .delete("/:id", async (c) => {
    const ws = c.get("session").workspaceId;
    const target = await memberIn(c, ws, c.req.param("id"));
    if (!target) throw notFound("member");
    if (target.m.role === "owner") throw new AppError(409, "member_is_owner", "An owner cannot be removed", { field: "id" });
    const db = getDb(c.env.DB);
    await db.batch([
      db.delete(members).where(eq(members.id, target.m.id)),
      auditRow(c, { action: "member.remove", entityType: "member", entityId: target.m.id, summary: `Removed ${target.email}` }),
    ]);
    return c.json({ ok: true });
  });

export const invitationRoutes = newRouter()
  .get("/", async (c) => c.json({ invitations: (await teamOf(getDb(c.env.DB), c.get("session").workspaceId)).invitations }))
  .post("/", async (c) => {
    const input = await parseBody(c, inviteSchema, "invitation");
    const s = c.get("session");
    const db = getDb(c.env.DB);
    const already = (
      await db
        .select({ id: members.id })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(and(eq(members.organizationId, s.workspaceId), eq(users.email, input.email)))
    )[0];
    if (already)
      throw new AppError(409, "already_member", `${input.email} is already a member`, {
        fields: [{ field: "email", message: "already a member" }],
      });
    const id = randomToken(24);
    const link = `${originOf(c)}/invite/${id}`;
    const ws = (await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, s.workspaceId)))[0];
    await db.batch([
      db.insert(invitations).values({
        id,
        organizationId: s.workspaceId,
        email: input.email,
        role: input.role,
        hideFinancials: input.hideFinancials,
        inviterId: s.userId,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      }),
      auditRow(c, {
        action: "member.invite",
        entityType: "member",
        entityId: id,
        summary: `Invited ${input.email} as ${input.role}`,
      }),
    ]);
    await mailerFor(c.env).send({
      to: input.email,
      subject: `${s.name} invited you to ${ws?.name ?? "a workspace"} on CasinoFlux`,
      text: `${s.name} (${s.email}) invited you to join "${ws?.name}" on CasinoFlux as ${input.role}.\n\nAccept within 7 days:\n${link}\n`,
    });
    return c.json({ id, link, expiresAt: Date.now() + INVITE_TTL_MS }, 201);
  })
  .delete("/:id", async (c) => {
    const s = c.get("session");
    const db = getDb(c.env.DB);
    const inv = (
      await db
        .select()
        .from(invitations)
        .where(and(eq(invitations.id, c.req.param("id")), eq(invitations.organizationId, s.workspaceId)))
    )[0];
    if (!inv) throw notFound("invitation");
    await db.batch([
      db.update(invitations).set({ status: "canceled" }).where(eq(invitations.id, inv.id)),
      auditRow(c, {
        action: "member.uninvite",
        entityType: "member",
        entityId: inv.id,
        summary: `Cancelled the invitation of ${inv.email}`,
      }),
    ]);
    return c.json({ ok: true });
  });

export const auditRoutes = newRouter().get("/", async (c) => {
  const q = auditQuerySchema.safeParse(c.req.query());
  if (!q.success) throw fromZod(q.error, "query");
  return c.json(await auditLogPage(getDb(c.env.DB), c.get("session").workspaceId, q.data));
});
