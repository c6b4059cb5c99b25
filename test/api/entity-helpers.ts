import { getDb } from "../../workers/db/client";
import { users, workspaces } from "../../workers/db/schema";
import { ulid } from "../../workers/lib/ids";
import { hashPassword } from "../../workers/lib/password";
import { api, env, login } from "../helpers";

export type ErrorBody = { error: { code: string; message: string; details?: { fields: { field: string; message: string }[] } } };

export const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

export const fieldsOf = (body: unknown): string[] => ((body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

/** A second workspace with its own signed-in user (for "another workspace's ids → 404"). */
export async function otherWorkspace(): Promise<string> {
  const ws = `ws_${ulid()}`;
  const email = `other-${ulid()}@example.com`;
  await getDb(env.DB).insert(workspaces).values({ id: ws, name: "Other affiliates" });
  await getDb(env.DB)
    .insert(users)
    .values({ id: `us_${ulid()}`, workspaceId: ws, email, name: "Other", passwordHash: await hashPassword("other-password-1") });
  return login(email, "other-password-1");
}

/** Every path answers 404 for a member of another workspace. */
export async function expectAll404(cookie: string, paths: [string, RequestInit][]): Promise<string[]> {
  const wrong: string[] = [];
  for (const [path, init] of paths) {
    const { status } = await api(cookie, path, init);
    if (status !== 404) wrong.push(`${init.method ?? "GET"} ${path} → ${status}`);
  }
  return wrong;
}
