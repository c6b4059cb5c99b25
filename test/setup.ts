import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, expect } from "vitest";
import { conformanceFailures, validateResponsesAgainstOpenApi } from "./openapi-check";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// OpenAPI conformance over the whole suite: every answer a test file sees under /api is checked against the
// document (success → its operation's schema, else the Error schema); a file whose answers do not fit fails.
validateResponsesAgainstOpenApi();
afterAll(() => expect(conformanceFailures(), "answers that do not fit GET /api/openapi.json").toEqual([]));
