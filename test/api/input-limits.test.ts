import { describe, expect, it } from "vitest";
import { API_MAX_BODY_BYTES } from "../../workers/api/body-cap";
import { api, call, demo, login } from "../helpers";

type ErrBody = { error?: { code: string; message: string; details?: { field?: string; fields?: { field: string }[] } } };
const fieldsOf = (b: ErrBody) => (b.error?.details?.fields ?? []).map((f) => f.field);

const chunks = (n: number, size: number) =>
  new ReadableStream<Uint8Array>({
    start(ctrl) {
      for (let i = 0; i < n; i++) ctrl.enqueue(new TextEncoder().encode("y".repeat(size)));
      ctrl.close();
    },
  });

describe("API body cap", () => {
  it("refuses an oversized login body by Content-Length and while streaming (413 JSON naming the body)", async () => {
    const big = JSON.stringify({ email: "a@b.co", password: "x".repeat(API_MAX_BODY_BYTES) });
    const declared = await call("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(declared.status).toBe(413);
    const body = (await declared.json()) as ErrBody;
    expect(body.error?.code).toBe("body_too_large");
    expect(body.error?.details?.field).toBe("body");

    const chunked = await call("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks(40, 4096),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("passes a body within the cap to the handler unchanged", async () => {
    await demo();
    const cookie = await login();
    expect(cookie).toContain("=");
    const small = await call("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.com", password: "wrong-password-1" }),
    });
    expect(small.status).toBe(401);
  });
});

describe("public endpoints answer errors in JSON", () => {
  it("/go/ without a slug → 404 JSON naming slug", async () => {
    for (const path of ["/go/", "/go"]) {
      const res = await call(path);
      expect(res.status).toBe(404);
      const body = (await res.json()) as ErrBody;
      expect(body.error?.code).toBe("unknown_link");
      expect(body.error?.details?.field).toBe("slug");
    }
  });

  it("non-GET /s.js → 405 with Allow and a JSON error", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await call("/s.js", { method, body: method === "DELETE" ? undefined : "x" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
      expect(((await res.json()) as ErrBody).error?.code).toBe("method_not_allowed");
    }
    expect((await call("/s.js")).status).toBe(200);
  });
});

describe("dates that do not exist are refused", () => {
  it.each([
    ["/api/sites/site_de/overview?from=2026-02-30&to=2026-03-05", "from"],
    ["/api/sites/site_de/overview?from=2026-01-01&to=2026-13-01", "to"],
    ["/api/sites/site_de/analytics?from=2026-02-29&to=2026-03-01", "from"],
    ["/api/postbacks?from=2026-04-31", "from"],
    ["/api/offers/of_wildz/days?from=2026-06-31&to=2026-07-01", "from"],
  ])("%s → 400 naming %s", async (path, field) => {
    await demo();
    const res = await api<ErrBody>(await login(), path);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain(field);
  });

  it("a re-sync range with 2026-02-30 → 400 naming from; a leap day is a real date", async () => {
    await demo();
    const cookie = await login();
    const bad = await api<ErrBody>(cookie, "/api/offers/of_wildz/resync", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://cf.test" },
      body: JSON.stringify({ from: "2026-02-30", to: "2026-03-01" }),
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toContain("from");
    const leap = await api<ErrBody>(cookie, "/api/sites/site_de/overview?from=2024-02-29&to=2024-03-01");
    expect(leap.status).toBe(200);
  });
});

describe("ingest errors name the field (found by test/fuzz/public.test.ts)", () => {
  it("an unknown postback key names key; a beacon that is not JSON names body; an unknown site names s", async () => {
    const pb = (await (await call("/pb/zzzzzzzzzzzzzzzzzzzz?click_id=x")).json()) as ErrBody;
    expect(pb.error?.code).toBe("unknown_postback_key");
    expect(pb.error?.details?.field).toBe("key");
    const notJson = await call("/e", { method: "POST", body: "not json" });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrBody).error?.details?.field).toBe("body");
    const unknownSite = await call("/e", { method: "POST", body: JSON.stringify({ t: "pv", s: "zzzzzzzzzz", u: "https://a.example/" }) });
    expect(unknownSite.status).toBe(404);
    expect(((await unknownSite.json()) as ErrBody).error?.details?.field).toBe("s");
  });
});

describe("API errors name the input that failed (found by the API fuzz, test/fuzz/api-routes.ts)", () => {
  it("an unknown id names id, an unknown dimension names dim, an unknown route names path", async () => {
    await demo();
    const cookie = await login();
    const cases: [string, string][] = [
      ["/api/sites/nope_0000", "id"],
      ["/api/sites/site_uk/analytics/breakdown/nope?from=2026-11-01&to=2026-11-02", "dim"],
      ["/api/no-such-route", "path"],
      ["/api/invites/nope", "token"],
    ];
    for (const [path, field] of cases) {
      const res = await api<ErrBody>(cookie, path);
      expect(res.status, path).toBe(404);
      expect(res.body.error?.details?.field, path).toBe(field);
    }
  });
});
