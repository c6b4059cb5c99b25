import { and, asc, eq } from "drizzle-orm";
import type { DB } from "../db/client";
import { invitations, members, users } from "../db/schema";

/** Members of a workspace and its pending invitations. */
export async function teamOf(db: DB, workspaceId: string) {
  const [mems, invs] = await Promise.all([
    db
      .select({
        id: members.id,
        userId: members.userId,
        role: members.role,
        hideFinancials: members.hideFinancials,
        joinedAt: members.createdAt,
        email: users.email,
        name: users.name,
      })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(eq(members.organizationId, workspaceId))
      .orderBy(asc(users.email)),
    db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, workspaceId), eq(invitations.status, "pending")))
      .orderBy(asc(invitations.createdAt)),
  ]);
  return {
    members: mems.map((m) => ({ ...m, joinedAt: m.joinedAt.getTime() })),
    invitations: invs.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      hideFinancials: i.hideFinancials,
      expiresAt: i.expiresAt.getTime(),
      expired: i.expiresAt.getTime() < Date.now(),
    })),
  };
}
