/**
 * What the Offers API's CRUD and sync operations share: loading an offer in the session's workspace
 * (another workspace's offer is a 404), the edit check, and API Setup (merge, completeness, the state
 * shown to the dashboard with secrets masked, the connector's view of an offer).
 */
import { and, eq } from "drizzle-orm";
import { apiSetupFor, type ConfigValue, missingApiSetup, secretKeys } from "../../shared/api-setup";
import { parseConnectorConfig } from "../../shared/connector-config";
import type { PlatformId } from "../../shared/platforms";
import type { ApiSetupState } from "../../shared/report-types";
import type { DB } from "../db/client";
import { offers } from "../db/schema";
import { notFound } from "../lib/errors";
import { maskUrl, redact } from "../lib/secrets";
import { type RawConnectorOffer, redactionOffer } from "../revenue/connector-offer";
import { validateGenericConfig } from "../revenue/connectors/generic";
import { ConnectorError } from "../revenue/connectors/types";
import { secretsToRedact } from "../revenue/test-connection";
import { apiSetupError, parseSetupOrThrow } from "./offer-input";

export type OfferRow = typeof offers.$inferSelect;

export async function body(c: { req: { json: () => Promise<unknown> } }): Promise<unknown> {
  return c.req.json().catch(() => null);
}

export async function loadOffer(db: DB, workspaceId: string, id: string): Promise<OfferRow> {
  const row = (
    await db
      .select()
      .from(offers)
      .where(and(eq(offers.id, id), eq(offers.workspaceId, workspaceId)))
  )[0];
  if (!row) throw notFound("offer");
  return row;
}

/** Merges the saved API Setup with changes (for update and for testing unsaved settings). */
export function mergeSetup(
  platform: PlatformId,
  saved: { secrets: Record<string, string>; config: Record<string, unknown> },
  changes: Record<string, unknown> | undefined,
): { secrets: Record<string, string>; config: Record<string, ConfigValue> } {
  // Everything saved is kept (connector options set outside the form survive); callers pass an
  // empty `saved` when the platform changes, since one platform's settings mean nothing to another.
  const secrets: Record<string, string> = { ...saved.secrets };
  const config: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(saved.config)) {
    if (["string", "number", "boolean"].includes(typeof v) || (typeof v === "object" && v !== null)) config[k] = v as ConfigValue;
  }
  if (changes) {
    const parsed = parseSetupOrThrow(platform, changes);
    for (const k of parsed.cleared) {
      delete secrets[k];
      delete config[k];
    }
    Object.assign(secrets, parsed.secrets);
    Object.assign(config, parsed.config);
  }
  return { secrets, config };
}

/**
 * A setup with any value must be complete; an empty one is allowed (the offer just does not sync yet).
 * The generic connector's column mapping is also checked the way the connector will read it.
 */
export function checkComplete(
  platform: PlatformId,
  setup: { secrets: Record<string, string>; config: Record<string, unknown> },
  accountCurrency: string | null,
): void {
  // The same schema a sync parses with: what is saved is what will run (a kept value that no longer fits included).
  const config = parseConnectorConfig(platform, setup.config);
  if (!config.ok) throw apiSetupError(config.issues);
  const present = new Set([...Object.keys(setup.secrets), ...Object.keys(setup.config)]);
  if (present.size === 0) return;
  const missing = missingApiSetup(platform, present);
  if (missing.length) throw apiSetupError(missing);
  if (platform === "generic") {
    try {
      validateGenericConfig(setup.config, accountCurrency);
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      const problem = err.message.replace(/^column mapping is invalid: /, "");
      const head = /^[A-Za-z]+/.exec(problem)?.[0] ?? "";
      const field = apiSetupFor("generic").fields.some((f) => f.key === head) ? head : "mapping";
      throw apiSetupError([{ field, message: problem }]);
    }
  }
}

/** The offer as a connector will see it, config not yet parsed (sync and test connection parse it once). */
export function connectorOffer(
  o: Pick<OfferRow, "id" | "platform" | "brand" | "campaignTag" | "platformTimezone" | "accountCurrency">,
  setup: { secrets: Record<string, string>; config: Record<string, unknown> },
): RawConnectorOffer {
  return {
    id: o.id,
    platform: o.platform,
    brand: o.brand,
    campaignTag: o.campaignTag,
    platformTimezone: o.platformTimezone,
    accountCurrency: o.accountCurrency,
    config: setup.config,
    secrets: setup.secrets,
  };
}

export function apiSetupState(o: OfferRow, secrets: Record<string, string>): ApiSetupState {
  const fields = apiSetupFor(o.platform).fields;
  const hide = secretsToRedact(redactionOffer(connectorOffer(o, { secrets, config: o.apiConfig ?? {} })));
  const secretState: ApiSetupState["secrets"] = {};
  for (const key of secretKeys(o.platform)) {
    const v = secrets[key];
    if (!v) continue;
    const isUrl = fields.find((f) => f.key === key)?.input === "url";
    secretState[key] = { set: true, masked: isUrl ? redact(maskUrl(v), hide) : null };
  }
  const config: ApiSetupState["config"] = {};
  for (const [k, v] of Object.entries(o.apiConfig ?? {})) {
    if (typeof v === "string") config[k] = redact(v, hide);
    else if (typeof v === "number" || typeof v === "boolean") config[k] = v;
    else if (Array.isArray(v)) config[k] = v.map((x) => redact(String(x), hide));
    else if (v && typeof v === "object") config[k] = redactJson(v as Record<string, unknown>, hide);
  }
  const missing = missingApiSetup(o.platform, new Set([...Object.keys(secretState), ...Object.keys(config)]));
  return { config, secrets: secretState, complete: missing.length === 0, missing };
}

/** Config is not secret, but a secret pasted into it by mistake is still never echoed. */
function redactJson(v: Record<string, unknown>, hide: string[]): Record<string, unknown> {
  const text = JSON.stringify(v);
  const clean = redact(text, hide);
  if (clean === text) return v;
  try {
    return JSON.parse(clean) as Record<string, unknown>;
  } catch {
    return { redacted: true };
  }
}
