/**
 * Response conformance (on for every Worker test file, test/setup.ts): `validateResponsesAgainstOpenApi()`
 * makes every call() under /api check its answer against GET /api/openapi.json (success → the operation's response schema, any other
 * status → the Error schema); `conformanceFailures()` lists what did not fit.
 */
import { type Schema, Validator } from "@cfworker/json-schema";
import { buildDocument } from "../workers/openapi/document";
import { checkResponses } from "./helpers";

type Json = Record<string, unknown>;
interface Op {
  method: string;
  template: string;
  re: RegExp;
  params: number;
  op: Json;
}

const NOT_DOCUMENTED = /^\/api\/(dev|outbox)(\/|$)/;
let doc: Json | null = null;
let ops: Op[] = [];
const validators = new Map<string, Validator>();
/** Per validator, the last body that fitted it. */
const lastValid = new Map<string, string>();
const failures: string[] = [];

/** Inline `#/components/schemas/X` refs (the validator gets one schema at a time). */
function deref(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(deref);
  if (!s || typeof s !== "object") return s;
  const ref = (s as Json).$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    const schemas = (doc?.components as { schemas: Json } | undefined)?.schemas;
    return deref(schemas?.[name]);
  }
  return Object.fromEntries(Object.entries(s as Json).map(([k, v]) => [k, deref(v)]));
}

export function openApiOperations(document: Json): Op[] {
  const out: Op[] = [];
  for (const [template, item] of Object.entries(document.paths as Json))
    for (const [method, op] of Object.entries(item as Json)) {
      const re = new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`);
      out.push({ method: method.toUpperCase(), template, re, params: (template.match(/\{/g) ?? []).length, op: op as Json });
    }
  // Literal segments win over parameters (/api/offers/test-connection before /api/offers/{id}).
  return out.sort((a, b) => a.params - b.params);
}

export const findOperation = (method: string, path: string) => ops.find((o) => o.method === method && o.re.test(path));

function validatorFor(key: string, schema: unknown): Validator {
  let v = validators.get(key);
  if (!v) {
    v = new Validator(deref(schema) as Schema, "2020-12", false);
    validators.set(key, v);
  }
  return v;
}

async function check(method: string, url: string, res: Response): Promise<void> {
  const path = url.split("?")[0] ?? url;
  if (!path.startsWith("/api/") || NOT_DOCUMENTED.test(path) || res.status === 101) return;
  const found = findOperation(method, path);
  if (!found) {
    // A path the API does not have (or a method it does not take) still answers with the one Error shape.
    if (res.status >= 400) await checkError(`${method} ${path} → ${res.status}`, res);
    else failures.push(`${method} ${path} → ${res.status}: no operation in the document`);
    return;
  }
  const responses = found.op.responses as Json;
  const success = responses[String(res.status)] as Json | undefined;
  const type = res.headers.get("content-type") ?? "";
  const where = `${method} ${found.template} → ${res.status}`;
  if (success && !type.includes("application/json")) {
    const expected = Object.keys((success.content as Json | undefined) ?? {});
    if (expected.length && !expected.some((t) => type.startsWith(t)))
      failures.push(`${where}: content-type ${type}, documented ${expected}`);
    return;
  }
  if (!type.includes("application/json")) {
    failures.push(`${where}: an error answered ${type || "without a body type"}, not the Error JSON`);
    return;
  }
  const response = success ?? (responses.default as Json);
  const schema = ((response.content as Json)["application/json"] as Json).schema;
  const text = await res.text();
  if (!text && res.status === 204) return;
  const key = `${found.method} ${found.template} ${success ? res.status : "default"}`;
  // The same answer again (a fuzz run repeats most of them; the document itself is 200 KB) fits as it did.
  if (lastValid.get(key) === text) return;
  const result = validatorFor(key, schema).validate(JSON.parse(text));
  if (result.valid) lastValid.set(key, text);
  else {
    const first = result.errors
      .slice(-3)
      .map((e) => `${e.instanceLocation} ${e.error}`)
      .join("; ");
    failures.push(`${where}${success ? "" : " (not a documented success)"}: ${first}`);
  }
}

async function checkError(where: string, res: Response): Promise<void> {
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    failures.push(`${where}: an error answered ${type || "without a body type"}, not the Error JSON`);
    return;
  }
  const result = validatorFor("error", { $ref: "#/components/schemas/Error" }).validate(JSON.parse(await res.text()));
  if (!result.valid) failures.push(`${where} (no operation): not the Error JSON`);
}

export function validateResponsesAgainstOpenApi(): void {
  doc ??= buildDocument();
  ops = openApiOperations(doc);
  checkResponses(check);
}

export const conformanceFailures = (): string[] => [...new Set(failures)];
