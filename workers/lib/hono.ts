import { Hono } from "hono";
import type { ApiKeyScope } from "../../shared/roles";
import type { Role } from "../db/schema";

/** The signed-in member, in the workspace the session is working in. */
export interface SessionInfo {
  userId: string;
  workspaceId: string;
  email: string;
  name: string;
  role: Role;
  /** Revenue, NGR, commission, EPC, cost and ROI are removed from every response to this member. */
  hideFinancials: boolean;
  /** The reporting timezone this member sees: their own override, else the workspace's. */
  timezone: string;
  /** Set when the caller is a workspace API key (Bearer): userId is then the key's creator, for the audit log. */
  apiKey?: { id: string; scope: ApiKeyScope };
}

/** A signed-in user, with or without a workspace yet. */
export interface UserInfo {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  activeWorkspaceId: string | null;
  timezone: string | null;
}

/** One of the signed-in user's workspaces, as read with the session (workers/auth/session-read.ts). */
export interface Membership {
  workspaceId: string;
  role: Role;
  hideFinancials: boolean;
  /** The workspace's reporting timezone. */
  tz: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: { session: SessionInfo; user: UserInfo; memberships?: Membership[] };
};

export const newRouter = () => new Hono<AppEnv>();
