import type { MiddlewareHandler } from "hono";
import type { Role } from "../db/schema";
import { forbidden } from "../lib/errors";
import type { AppEnv } from "../lib/hono";

/**
 * The one place that decides, by role, what each /api route may do. Handlers never check roles.
 * - read: every member (owner, admin, analyst, viewer)
 * - inspect: members who read everything, including the team and the audit log (not viewers)
 * - write: changes shared data (owner, admin); analysts and viewers change nothing shared
 * - owner: only owners (ownership, deleting the workspace)
 */
export type Need = "read" | "inspect" | "write" | "owner";

const GRANTS: Record<Role, ReadonlySet<Need>> = {
  owner: new Set(["read", "inspect", "write", "owner"]),
  admin: new Set(["read", "inspect", "write"]),
  analyst: new Set(["read", "inspect"]),
  viewer: new Set(["read"]),
};

/** First match wins; anything not listed is "read" for GET/HEAD and "write" otherwise. */
const RULES: { methods: string[] | "*"; path: RegExp; need: Need }[] = [
  { methods: ["GET"], path: /^\/api\/(audit|members|invitations)(\/|$)/, need: "inspect" },
  { methods: "*", path: /^\/api\/workspace\/owner$/, need: "owner" },
];

export function needFor(method: string, path: string): Need {
  for (const r of RULES) if ((r.methods === "*" || r.methods.includes(method)) && r.path.test(path)) return r.need;
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

export function allowed(role: Role, need: Need): boolean {
  return GRANTS[role].has(need);
}

/** Runs after requireSession on every workspace-scoped /api route. */
export const authorize: MiddlewareHandler<AppEnv> = async (c, next) => {
  const need = needFor(c.req.method, c.req.path);
  const role = c.get("session").role;
  if (!allowed(role, need)) throw forbidden(need === "read" ? "Not allowed" : `Your role (${role}) cannot do this`);
  await next();
};
