/** Roles and what each may do: one table used by the API's authorization middleware and the dashboard. */
export const ROLES = ["owner", "admin", "analyst", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * - read: every member
 * - inspect: read everything, including the team and the audit log (not viewers)
 * - write: change shared data (owner, admin); analysts and viewers change nothing shared
 * - owner: only owners (making another member an owner)
 */
export type Need = "read" | "inspect" | "write" | "owner";

const GRANTS: Record<Role, readonly Need[]> = {
  owner: ["read", "inspect", "write", "owner"],
  admin: ["read", "inspect", "write"],
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
