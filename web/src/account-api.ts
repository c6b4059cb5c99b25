/** Dashboard calls for accounts, workspaces, the team, the audit log, API keys and the dev outbox. */
import type { z } from "zod";
import type {
  changePasswordSchema,
  createWorkspaceSchema,
  forgotPasswordSchema,
  inviteSchema,
  makeOwnerSchema,
  resetPasswordSchema,
  signupSchema,
  switchWorkspaceSchema,
  updateMemberSchema,
  updateMeSchema,
  updateWorkspaceSchema,
} from "../../shared/account";
import type { createApiKeySchema } from "../../shared/api-keys";
import { client, jsonBody, queryArgs, typed } from "./api";

const { auth, workspaces, workspace, members, invitations, invites } = client.api;
const id = (value: string) => ({ param: { id: value } });

export const signup = (input: z.input<typeof signupSchema>) => typed(auth.signup.$post(undefined, jsonBody<typeof signupSchema>(input)));
export const logoutEverywhere = () => typed(auth["logout-everywhere"].$post());
export const changePassword = (currentPassword: string, newPassword: string) =>
  typed(auth.password.$post(undefined, jsonBody<typeof changePasswordSchema>({ currentPassword, newPassword, revokeOtherSessions: true })));
export const forgotPassword = (email: string) =>
  typed(auth.password.forgot.$post(undefined, jsonBody<typeof forgotPasswordSchema>({ email })));
export const resetPassword = (token: string, newPassword: string) =>
  typed(auth.password.reset.$post(undefined, jsonBody<typeof resetPasswordSchema>({ token, newPassword })));
export const updateMe = (input: z.input<typeof updateMeSchema>) => typed(auth.me.$patch(undefined, jsonBody<typeof updateMeSchema>(input)));

export const createWorkspace = (input: z.input<typeof createWorkspaceSchema>) =>
  typed(workspaces.$post(undefined, jsonBody<typeof createWorkspaceSchema>(input)));
export const switchWorkspace = (workspaceId: string) =>
  typed(workspaces.switch.$post(undefined, jsonBody<typeof switchWorkspaceSchema>({ workspaceId })));

export type WorkspaceSettings = Awaited<ReturnType<typeof getWorkspace>>;
export const getWorkspace = () => typed(workspace.$get());
export const updateWorkspace = (input: z.input<typeof updateWorkspaceSchema>) =>
  typed(workspace.$patch(undefined, jsonBody<typeof updateWorkspaceSchema>(input)));
export const makeOwner = (memberId: string) => typed(workspace.owner.$post(undefined, jsonBody<typeof makeOwnerSchema>({ memberId })));

export type Team = Awaited<ReturnType<typeof getTeam>>;
export const getTeam = () => typed(members.$get());
export const updateMember = (memberId: string, input: z.input<typeof updateMemberSchema>) =>
  typed(members[":id"].$patch(id(memberId), jsonBody<typeof updateMemberSchema>(input)));
export const removeMember = (memberId: string) => typed(members[":id"].$delete(id(memberId)));
export const invite = (input: z.input<typeof inviteSchema>) => typed(invitations.$post(undefined, jsonBody<typeof inviteSchema>(input)));
export const cancelInvitation = (invitationId: string) => typed(invitations[":id"].$delete(id(invitationId)));
export const getInvite = (token: string) => typed(invites[":token"].$get({ param: { token } }));
export const acceptInvite = (token: string) => typed(invites[":token"].accept.$post({ param: { token } }));

export type AuditEntry = Awaited<ReturnType<typeof getAudit>>["entries"][number];
export const getAudit = (before?: number) => typed(client.api.audit.$get(queryArgs({}, { before: before ? String(before) : undefined })));

export const getOutbox = () => typed(client.api.outbox.$get());

export const getApiKeys = () => typed(client.api["api-keys"].$get());
export const createApiKey = (input: z.input<typeof createApiKeySchema>) =>
  typed(client.api["api-keys"].$post(undefined, jsonBody<typeof createApiKeySchema>(input)));
export const revokeApiKey = (keyId: string) => typed(client.api["api-keys"][":id"].revoke.$post(id(keyId)));
