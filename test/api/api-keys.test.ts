/** Workspace API keys through HTTP: shown once, stored hashed, scoped, last-used, revocable, audited, owner/admin only. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiKey, call, demo, login, signUp } from "../helpers";
import { conformanceFailures, validateResponsesAgainstOpenApi } from "../openapi-check";

const JSON_HEADERS = { "content-type": "application/json" };
const post = (body: unknown): RequestInit => ({ method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });

interface Key {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  createdBy: string | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

describe("workspace API keys", () => {
  beforeAll(validateResponsesAgainstOpenApi);
  afterAll(() => expect(conformanceFailures()).toEqual([]));

  it("shows the key once, lists only its prefix, and the key acts as the workspace", async () => {
    await demo();
    const owner = await login();
    const created = await api<{ apiKey: Key; key: string }>(owner, "/api/api-keys", post({ name: "Reporting script", scope: "read" }));
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^cfx_[0-9a-z]{40}$/);
    expect(created.body.key.startsWith(created.body.apiKey.prefix)).toBe(true);
    expect(created.body.apiKey).toMatchObject({ name: "Reporting script", scope: "read", lastUsedAt: null, revokedAt: null });

    const list = await api<{ apiKeys: Key[] }>(owner, "/api/api-keys");
    const listed = list.body.apiKeys.find((k) => k.id === created.body.apiKey.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(listed?.createdBy).toBe("demo@casinoflux.local");

    const bearer = `Bearer ${created.body.key}`;
    const sites = await api<{ sites: { id: string }[] }>(bearer, "/api/sites");
    expect(sites.status).toBe(200);
    expect(sites.body.sites.map((s) => s.id)).toContain("site_uk");
    const overview = await api<{ totals: unknown }>(bearer, "/api/sites/site_uk/overview?from=2026-01-01&to=2026-01-31");
    expect(overview.status).toBe(200);

    const after = await api<{ apiKeys: Key[] }>(owner, "/api/api-keys");
    const used = after.body.apiKeys.find((k) => k.id === created.body.apiKey.id);
    expect(used?.lastUsedAt).toBeTypeOf("number");
    // Written at most once a minute: a second call within the minute leaves it as it was.
    await api(bearer, "/api/sites");
    const again = (await api<{ apiKeys: Key[] }>(owner, "/api/api-keys")).body.apiKeys.find((k) => k.id === created.body.apiKey.id);
    expect(again?.lastUsedAt).toBe(used?.lastUsedAt);
  });

  it("read keys only read; read_write keys change data but not the team, settings or keys", async () => {
    await demo();
    const owner = await login();
    const read = await apiKey(owner, "read");
    const rw = await apiKey(owner, "read_write");
    const source = { name: `Key source ${crypto.randomUUID().slice(0, 6)}`, type: "seo" };
    const refused = await api<{ error: { code: string } }>(read, "/api/traffic-sources", post(source));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const made = await api<{ source: { id: string } }>(rw, "/api/traffic-sources", post(source));
    expect(made.status).toBe(201);

    for (const [path, init] of [
      ["/api/api-keys", post({ name: "x", scope: "read" })],
      ["/api/api-keys", {}],
      ["/api/invitations", post({ email: "k@example.com", role: "viewer" })],
      ["/api/members", {}],
      ["/api/audit", {}],
    ] as const) {
      expect((await api(rw, path, init)).status, path).toBe(403);
    }
    expect(
      (await api(rw, "/api/workspace", { method: "PATCH", headers: JSON_HEADERS, body: JSON.stringify({ name: "Hijacked" }) })).status,
    ).toBe(403);

    // The change is in the audit log, naming the key (and its creator).
    const audit = await api<{ entries: { action: string; userEmail: string | null; entityId: string | null }[] }>(owner, "/api/audit");
    const entry = audit.body.entries.find((e) => e.entityId === made.body.source.id);
    expect(entry).toBeDefined();
    expect(entry?.userEmail).toContain("API key key read_write");
  });

  it("a bearer request needs no Origin check; unknown and revoked keys get 401", async () => {
    await demo();
    const owner = await login();
    const rw = await apiKey(owner, "read_write");
    const crossSite = await call("/api/traffic-sources", {
      method: "POST",
      headers: { ...JSON_HEADERS, authorization: rw, origin: "https://elsewhere.example" },
      body: JSON.stringify({ name: `Cross ${crypto.randomUUID().slice(0, 6)}`, type: "seo" }),
    });
    expect(crossSite.status).toBe(201);

    const unknown = await api<{ error: { code: string } }>("Bearer cfx_notakey", "/api/sites");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("invalid_api_key");
    const malformed = await call("/api/sites", { headers: { authorization: "Bearer" } });
    expect(malformed.status).toBe(401);

    const list = await api<{ apiKeys: Key[] }>(owner, "/api/api-keys");
    const id = list.body.apiKeys.find((k) => rw.startsWith(`Bearer ${k.prefix}`))?.id;
    expect(id).toBeDefined();
    const revoked = await api<{ apiKey: Key }>(owner, `/api/api-keys/${id}/revoke`, { method: "POST" });
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey.revokedAt).toBeTypeOf("number");
    const after = await api<{ error: { code: string } }>(rw, "/api/sites");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("api_key_revoked");

    const audit = await api<{ entries: { action: string; entityId: string | null }[] }>(owner, "/api/audit");
    expect(audit.body.entries.filter((e) => e.entityId === id).map((e) => e.action)).toEqual(["api_key.revoke", "api_key.create"]);
  });

  it("only owners and admins manage keys; names are validated", async () => {
    await demo();
    const owner = await login();
    const email = `keys-analyst-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const inv = await api<{ id: string }>(owner, "/api/invitations", post({ email, role: "analyst" }));
    const analyst = await signUp({ email, invitationToken: inv.body.id });
    expect((await api(analyst.cookie, `/api/invites/${inv.body.id}/accept`, { method: "POST" })).status).toBe(200);
    expect((await api(analyst.cookie, "/api/api-keys")).status).toBe(403);
    expect((await api(analyst.cookie, "/api/api-keys", post({ name: "mine", scope: "read" }))).status).toBe(403);

    const bad = await api<{ error: { details: { fields: { field: string }[] } } }>(
      owner,
      "/api/api-keys",
      post({ name: "", scope: "admin" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f) => f.field).sort()).toEqual(["name", "scope"]);
  });
});
