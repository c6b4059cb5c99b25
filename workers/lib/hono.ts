import { Hono } from "hono";

export interface SessionInfo {
  userId: string;
  workspaceId: string;
  email: string;
  name: string;
  role: "owner" | "admin" | "viewer";
}

export type AppEnv = { Bindings: Env; Variables: { session: SessionInfo } };

export const newRouter = () => new Hono<AppEnv>();
