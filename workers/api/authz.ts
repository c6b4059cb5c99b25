import type { MiddlewareHandler } from "hono";
import { allowed, type Need, scopeAllowed } from "../../shared/roles";
import { forbidden } from "../lib/errors";
import type { AppEnv } from "../lib/hono";

/**
 * The one place that decides, by role, what each /api route may do (grants in shared/roles.ts);
 * handlers never check roles. First match wins; anything not listed is "read" for GET/HEAD and
 * "write" otherwise, so a new route is closed to analysts and viewers unless it only reads.
 */
const RULES: { methods: string[] | "*"; path: RegExp; need: Need }[] = [
  { methods: ["GET"], path: /^\/api\/(audit|members|invitations)(\/|$)/, need: "inspect" },
  { methods: "*", path: /^\/api\/workspace\/owner$/, need: "owner" },
  { methods: "*", path: /^\/api\/(members|invitations|api-keys)(\/|$)/, need: "manage" },
  { methods: ["PATCH"], path: /^\/api\/workspace$/, need: "manage" },
];

export function needFor(method: string, path: string): Need {
  for (const r of RULES) if ((r.methods === "*" || r.methods.includes(method)) && r.path.test(path)) return r.need;
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/** Runs after requireSession on every workspace-scoped /api route; an API key is judged by its scope, not a role. */
export const authorize: MiddlewareHandler<AppEnv> = async (c, next) => {
  const need = needFor(c.req.method, c.req.path);
  const { role, apiKey } = c.get("session");
  if (apiKey) {
    if (!scopeAllowed(apiKey.scope, need)) throw forbidden(`An API key with scope ${apiKey.scope} cannot do this`);
  } else if (!allowed(role, need)) throw forbidden(need === "read" ? "Not allowed" : `Your role (${role}) cannot do this`);
  await next();
};
