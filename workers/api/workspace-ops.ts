import { eq } from "drizzle-orm";
import { type DB, getDb } from "../db/client";
import { invitations, members, sessions, workspaces } from "../db/schema";
import { auditRowFor } from "../lib/audit";
import { AppError, notFound } from "../lib/errors";
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

/**
 * The invitation `token` names if `email` may still accept it, else the 4xx saying why: `field` names the
 * input that carried the token, `emailField` (when the email is input too) the address that does not match.
 */
export async function acceptableInvitation(
  db: DB,
  token: string,
  email: string,
  at: { field: string; emailField?: string; verb: "sign in" | "sign up" },
) {
  const inv = (await db.select().from(invitations).where(eq(invitations.id, token)))[0];
  if (!inv) throw notFound("invitation", at.field);
  if (inv.status !== "pending") throw new AppError(409, "invitation_used", `This invitation was ${inv.status}`, { field: at.field });
  if (inv.expiresAt.getTime() < Date.now())
    throw new AppError(410, "invitation_expired", "This invitation has expired; ask for a new one", { field: at.field });
  if (inv.email.toLowerCase() !== email.toLowerCase())
    throw new AppError(
      403,
      "invitation_other_email",
      `This invitation is for ${inv.email}; ${at.verb} with that address`,
      at.emailField ? { field: at.emailField } : undefined,
    );
  return inv;
}
