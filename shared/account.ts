import { z } from "zod";
import { currencySchema, timezoneSchema } from "./entities";

/** Inputs of accounts, workspaces, members and invitations: validated by the Worker, typed for the dashboard. */
const email = z.string().trim().toLowerCase().email("must be an email address").max(200);
const newPassword = z.string().min(10, "must be at least 10 characters").max(200, "must be at most 200 characters");

export const signupSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(100),
    email,
    password: newPassword,
    workspaceName: z
      .string()
      .trim()
      .min(1, "is required")
      .max(80)
      .optional()
      .describe("The workspace the account creates and owns; required unless invitationToken is sent"),
    invitationToken: z
      .string()
      .trim()
      .min(1, "is required")
      .max(200)
      .optional()
      .describe("Instead of workspaceName: the token of the invitation link (/invite/<token>) the account is created to accept"),
  })
  // An account with neither has no workspace: every workspace route would answer 409 until it made one.
  .refine((s) => s.workspaceName !== undefined || s.invitationToken !== undefined, {
    message: "is required, unless you join a workspace by invitation (invitationToken)",
    path: ["workspaceName"],
  });
export const loginSchema = z.object({ email, password: z.string().min(1, "is required").max(200) });
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "is required").max(200),
  newPassword,
  /** Sign out every other session too (default yes). */
  revokeOtherSessions: z.boolean().default(true),
});
export const forgotPasswordSchema = z.object({ email });
export const resetPasswordSchema = z.object({ token: z.string().min(8).max(200), newPassword });

export const createWorkspaceSchema = z.object({
  name: z.string().trim().min(1, "is required").max(80),
  reportingCurrency: currencySchema.default("EUR"),
  reportingTimezone: timezoneSchema.default("UTC"),
});
export const updateWorkspaceSchema = createWorkspaceSchema.partial();
export const switchWorkspaceSchema = z.object({ workspaceId: z.string().min(1).max(64) });
export const updateMeSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  /** null = use the workspace's reporting timezone. */
  timezone: timezoneSchema.nullable().optional(),
});

/** The roles an invitation or a role change can give (owner is passed on with /api/workspace/owner). */
export const INVITABLE_ROLES = ["admin", "analyst", "viewer"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const inviteSchema = z.object({
  email,
  role: z.enum(INVITABLE_ROLES),
  hideFinancials: z.boolean().default(false),
});
export const makeOwnerSchema = z.object({ memberId: z.string().min(1, "is required").max(64) });
export const updateMemberSchema = z.object({
  role: z.enum(INVITABLE_ROLES).optional(),
  hideFinancials: z.boolean().optional(),
});
export const auditQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  entityType: z.string().max(40).optional(),
});
