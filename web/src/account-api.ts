/** Dashboard calls for accounts, workspaces, the team, the audit log and the dev outbox. */
import type { z } from "zod";
import type { ApiKey, apiKeyListSchema, createApiKeySchema, createdApiKeySchema } from "../../shared/api-keys";
import type { Role } from "./api";
import { request } from "./api";

type ApiKeyList = z.infer<typeof apiKeyListSchema>;
type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

const post = <T>(path: string, body?: unknown, method = "POST") =>
  request<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

export const signup = (input: { name: string; email: string; password: string; workspaceName?: string }) =>
  post<{ user: { id: string }; workspaceId: string | null }>("/api/auth/signup", input);
export const logoutEverywhere = () => post<{ ok: true }>("/api/auth/logout-everywhere");
export const changePassword = (currentPassword: string, newPassword: string) =>
  post<{ ok: true }>("/api/auth/password", { currentPassword, newPassword, revokeOtherSessions: true });
export const forgotPassword = (email: string) => post<{ ok: true; message: string }>("/api/auth/password/forgot", { email });
export const resetPassword = (token: string, newPassword: string) => post<{ ok: true }>("/api/auth/password/reset", { token, newPassword });
export const updateMe = (input: { name?: string; timezone?: string | null }) => post<{ ok: true }>("/api/auth/me", input, "PATCH");

export const createWorkspace = (input: { name: string; reportingCurrency?: string; reportingTimezone?: string }) =>
  post<{ id: string }>("/api/workspaces", input);
export const switchWorkspace = (workspaceId: string) => post<{ ok: true }>("/api/workspaces/switch", { workspaceId });

export interface WorkspaceSettings {
  id: string;
  name: string;
  reportingCurrency: string;
  reportingTimezone: string;
}
export const getWorkspace = () => request<WorkspaceSettings>("/api/workspace");
export const updateWorkspace = (input: Partial<Omit<WorkspaceSettings, "id">>) => post<{ ok: true }>("/api/workspace", input, "PATCH");
export const makeOwner = (memberId: string) => post<{ ok: true }>("/api/workspace/owner", { memberId });

export interface Team {
  members: { id: string; userId: string; email: string; name: string; role: Role; hideFinancials: boolean; joinedAt: number }[];
  invitations: { id: string; email: string; role: Role; hideFinancials: boolean; expiresAt: number; expired: boolean }[];
}
export const getTeam = () => request<Team>("/api/members");
export const updateMember = (id: string, input: { role?: Role; hideFinancials?: boolean }) =>
  post<{ ok: true }>(`/api/members/${encodeURIComponent(id)}`, input, "PATCH");
export const removeMember = (id: string) => post<{ ok: true }>(`/api/members/${encodeURIComponent(id)}`, undefined, "DELETE");
export const invite = (input: { email: string; role: Role; hideFinancials: boolean }) =>
  post<{ id: string; link: string; expiresAt: number }>("/api/invitations", input);
export const cancelInvitation = (id: string) => post<{ ok: true }>(`/api/invitations/${encodeURIComponent(id)}`, undefined, "DELETE");
export const getInvite = (token: string) =>
  request<{ workspaceName: string; email: string; role: Role; status: string }>(`/api/invites/${encodeURIComponent(token)}`);
export const acceptInvite = (token: string) => post<{ ok: true; workspaceId: string }>(`/api/invites/${encodeURIComponent(token)}/accept`);

export interface AuditEntry {
  id: string;
  at: number;
  userEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  diff: Record<string, [unknown, unknown]> | null;
}
export const getAudit = (before?: number) =>
  request<{ entries: AuditEntry[]; nextBefore: number | null }>(`/api/audit${before ? `?before=${before}` : ""}`);

export const getOutbox = () =>
  request<{ mail: { id: string; to: string; subject: string; text: string; sentAt: number }[] }>("/api/outbox");

export const getApiKeys = () => request<ApiKeyList>("/api/api-keys");
export const createApiKey = (input: CreateApiKeyInput) => post<CreatedApiKey>("/api/api-keys", input);
export const revokeApiKey = (id: string) => post<{ apiKey: ApiKey }>(`/api/api-keys/${encodeURIComponent(id)}/revoke`);
