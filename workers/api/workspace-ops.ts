import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { members, sessions, workspaces } from "../db/schema";
import { auditRowFor } from "../lib/audit";
import { randomToken, ulid } from "../lib/ids";

/** Creates a workspace with its creator as owner, and makes it the session's active one. */
export async function createWorkspace(
  env: Env,
  who: { userId: string; email: string; sessionToken?: string; sessionId?: string },
  input: { name: string; reportingCurrency?: string; reportingTimezone?: string },
): Promise<string> {
  const db = getDb(env.DB);
  const id = `ws_${ulid()}`;
  const slug = `${input.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40)}-${randomToken(4).slice(0, 6).toLowerCase()}`;
  const activate = who.sessionId
    ? db.update(sessions).set({ activeOrganizationId: id }).where(eq(sessions.id, who.sessionId))
    : db
        .update(sessions)
        .set({ activeOrganizationId: id })
        .where(eq(sessions.token, who.sessionToken ?? "-"));
  await db.batch([
    db.insert(workspaces).values({
      id,
      name: input.name,
      slug,
      reportingCurrency: input.reportingCurrency ?? "EUR",
      reportingTimezone: input.reportingTimezone ?? "UTC",
    }),
    db.insert(members).values({ id: `mem_${ulid()}`, organizationId: id, userId: who.userId, role: "owner" }),
    auditRowFor(db, id, who, {
      action: "workspace.create",
      entityType: "workspace",
      entityId: id,
      summary: `Created workspace "${input.name}"`,
    }),
    activate,
  ]);
  return id;
}
