/**
 * The OpenAPI 3.1 document, built once per isolate from the route contracts (routes.ts) with zod's own
 * JSON Schema output (z.toJSONSchema, draft 2020-12 = OpenAPI 3.1's dialect): request schemas as the
 * handler reads them (io "input"), answers as it writes them (io "output").
 */
import { z } from "zod";
import { scopeAllowed } from "../../shared/roles";
import { needFor } from "../api/authz";
import { isMoneyKey } from "../lib/financials";
import type { RouteContract } from "./contract";
import { ROUTES } from "./routes";

type Json = Record<string, unknown>;

const ERROR_REF = { $ref: "#/components/schemas/Error" };

const errorSchema: Json = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable machine code, e.g. invalid_input, not_found, forbidden" },
        message: { type: "string", description: "One human sentence" },
        details: { description: "For invalid_input: { fields: [{ field, message }] } naming each failing field" },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  delete out.$schema;
  return io === "output" ? moneyOptional(out) : out;
}

/** Members with "hide financials" get answers without money keys: the document marks those keys optional. */
function moneyOptional(s: unknown): Json {
  if (Array.isArray(s)) return s.map(moneyOptional) as unknown as Json;
  if (!s || typeof s !== "object") return s as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(s as Json)) {
    if (k === "required" && Array.isArray(v)) out[k] = v.filter((key) => !(typeof key === "string" && isMoneyKey(key)));
    else out[k] = k === "properties" && v && typeof v === "object" ? mapValues(v as Json, moneyOptional) : moneyOptional(v);
  }
  return out;
}

const mapValues = (o: Json, f: (v: unknown) => unknown): Json => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** /api/sites/:id → /api/sites/{id} */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, "{$1}");

function parameters(r: RouteContract): Json[] {
  const params: Json[] = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (r.query) {
    const q = jsonSchema(r.query, "input");
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties as Json | undefined) ?? {}))
      params.push({ name, in: "query", required: required.has(name), schema });
  }
  return params;
}

function operation(r: RouteContract): Json {
  const status = String(r.status ?? 200);
  // Every JSON answer has its schema: a route without one fails the document's build (and so its tests).
  if (!r.content && !r.response && r.status !== 204) throw new Error(`${r.method} ${r.path}: no response schema (routes.ts)`);
  const success: Json = r.content
    ? { description: r.content.toUpperCase(), content: { [`text/${r.content}`]: { schema: { type: "string" } } } }
    : r.response
      ? { description: "OK", content: { "application/json": { schema: jsonSchema(r.response, "output") } } }
      : { description: "No content" };
  // An API key is listed only where some key scope reaches (authz.ts decides; not team, keys or owner routes).
  const keyReaches = (r.auth ?? "session") === "session" && scopeAllowed("read_write", needFor(r.method.toUpperCase(), r.path));
  const security = r.auth === "public" ? [] : keyReaches ? [{ session: [] }, { apiKey: [] }] : [{ session: [] }];
  return {
    operationId: `${r.method}${openApiPath(r.path)
      .replace(/[{}]/g, "")
      .replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? "").toUpperCase())}`,
    tags: [r.tag],
    summary: r.summary,
    security,
    parameters: parameters(r),
    ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body, "input") } } } } : {}),
    responses: {
      [status]: success,
      default: { description: "Error (400 names each failing field)", content: { "application/json": { schema: ERROR_REF } } },
    },
  };
}

export function buildDocument(routes: RouteContract[] = ROUTES): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const p = openApiPath(r.path);
    paths[p] ??= {};
    (paths[p] as Json)[r.method] = operation(r);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "CasinoFlux API",
      version: "1",
      description:
        "The API the CasinoFlux dashboard uses. Authenticate with a workspace API key (`Authorization: Bearer cfx_…`, " +
        "Settings → API keys) or a dashboard session cookie. Money is integer micros with its currency.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "cf.session_token", description: "Dashboard session (sign in)" },
        apiKey: { type: "http", scheme: "bearer", description: "Workspace API key, scope read or read_write" },
      },
    },
    paths,
  };
}

let cached: Json | null = null;
export const openApiDocument = (): Json => {
  cached ??= buildDocument();
  return cached;
};
