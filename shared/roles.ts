/** Roles and what each may do: one table used by the API's authorization middleware and the dashboard. */
export const ROLES = ["owner", "admin", "analyst", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * - read: every member
 * - inspect: read everything, including the team and the audit log (not viewers)
 * - write: change shared data (owner, admin); analysts and viewers change nothing shared
 * - manage: the workspace itself — team changes, invitations, settings, API keys (owner, admin)
 * - owner: only owners (making another member an owner)
 */
export type Need = "read" | "inspect" | "write" | "manage" | "owner";

const GRANTS: Record<Role, readonly Need[]> = {
  owner: ["read", "inspect", "write", "manage", "owner"],
  admin: ["read", "inspect", "write", "manage"],
  analyst: ["read", "inspect"],
  viewer: ["read"],
};

export const allowed = (role: Role, need: Need): boolean => GRANTS[role].includes(need);

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  analyst: "Analyst — reads everything, changes nothing",
  viewer: "Viewer — reports only",
};

/**
 * Workspace API keys act as the workspace with a scope: read = GET only; read_write = what an admin
 * may do on data. No key manages the team, the settings, keys or owners, nor reads the team or audit log.
 */
export const API_KEY_SCOPES = ["read", "read_write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const SCOPE_GRANTS: Record<ApiKeyScope, readonly Need[]> = {
  read: ["read"],
  read_write: ["read", "write"],
};

export const scopeAllowed = (scope: ApiKeyScope, need: Need): boolean => SCOPE_GRANTS[scope].includes(need);

export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, string> = {
  read: "Read — reports and lists only",
  read_write: "Read and write — change data like an admin (not team, settings or keys)",
};
