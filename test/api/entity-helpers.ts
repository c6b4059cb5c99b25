import { api, signUp } from "../helpers";

export type ErrorBody = { error: { code: string; message: string; details?: { fields: { field: string; message: string }[] } } };

export { json } from "../helpers";

export const fieldsOf = (body: unknown): string[] => ((body as ErrorBody).error.details?.fields ?? []).map((f) => f.field);

/** A second workspace with its own signed-in user (for "another workspace's ids → 404"). */
export async function otherWorkspace(): Promise<string> {
  return (await signUp({ workspaceName: "Other affiliates" })).cookie;
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
