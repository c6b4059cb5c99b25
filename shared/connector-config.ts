/**
 * Connector settings as a typed zod schema per platform ("spec plus quirks"). Each key's type is
 * declared once here; which keys a platform takes, and each value's rules (pattern, range, options,
 * URL checks), come from its API Setup fields (shared/api-setup.ts), so the form, the API and the
 * connectors read one definition. Parsed once when a sync or test connection starts and when API
 * Setup is saved: a bad or unknown value is an issue naming the field, never a default.
 */
import { z } from "zod";
import { API_SETUPS, type ApiSetupField, type ApiSetupIssue, parseFieldValue, unknownFieldMessage } from "./api-setup";
import { PLATFORM_IDS, type PlatformId } from "./platforms";

const text = z.string();
const list = z.array(z.string());
const names = z.record(z.string(), z.string());

/** Every config key any connector reads, with the type it has once parsed. */
const CONFIG_TYPES = {
  affiliateId: text,
  arrayPath: text,
  authHeader: text,
  baseUrl: text,
  brand: text,
  brandId: text,
  brandName: text,
  breakdown: list,
  clickIdColumn: text,
  clickIdField: text,
  clickIdParam: text,
  clickIdTag: text,
  clickIdVariable: text,
  clientId: text,
  columns: names,
  conversionField: text,
  currencyId: text,
  dailyRows: z.enum(["request_per_day", "display_by_date"]),
  dateField: text,
  dateFormat: text,
  decimalComma: z.boolean(),
  eventField: text,
  format: z.enum(["auto", "csv", "json"]),
  fromParam: text,
  groupBy: text,
  host: text,
  mapping: z.record(z.string(), z.unknown()),
  maxDays: z.number(),
  merchantId: text,
  metricMap: names,
  offerId: text,
  perDayRequests: z.union([z.boolean(), z.literal("auto")]),
  promo: text,
  report: z.enum(["mediareport", "commissions"]),
  reportTypeCode: text,
  scope: text,
  tagDimension: text,
  tenant: text,
  timeoutMs: z.number(),
  timezoneId: z.number(),
  toParam: text,
  tokenUrl: text,
  urlDateFormat: text,
  username: text,
  version: text,
} satisfies Record<string, z.ZodType>;

type ConfigKey = keyof typeof CONFIG_TYPES;

/** A connector's parsed settings: every key optional (presence is API Setup completeness, checked apart). */
export type ConnectorConfig = { [K in ConfigKey]?: z.output<(typeof CONFIG_TYPES)[K]> };

/** One key's schema: its declared type, checked by its API Setup field's own rules. */
function fieldSchema(field: ApiSetupField): z.ZodType {
  const type = (CONFIG_TYPES as Record<string, z.ZodType | undefined>)[field.key];
  if (!type) throw new Error(`API Setup field ${field.key} has no type in shared/connector-config.ts`);
  return z.unknown().transform((raw, ctx) => {
    const checked = parseFieldValue(field, raw);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", message: checked.message });
      return z.NEVER;
    }
    const typed = type.safeParse(checked.value);
    if (!typed.success) {
      ctx.addIssue({ code: "custom", message: typed.error.issues[0]?.message ?? "has the wrong type" });
      return z.NEVER;
    }
    return typed.data;
  });
}

/** Per platform: a strict object of its config fields (secrets are not config). */
export const CONNECTOR_CONFIG_SCHEMAS = Object.fromEntries(
  PLATFORM_IDS.map((p) => [
    p,
    z.strictObject(
      Object.fromEntries(API_SETUPS[p].fields.filter((f) => f.kind === "config").map((f) => [f.key, fieldSchema(f).optional()])),
    ),
  ]),
) as unknown as Record<PlatformId, z.ZodType<ConnectorConfig>>; // each value is checked against CONFIG_TYPES above

export type ConfigParse = { ok: true; config: ConnectorConfig } | { ok: false; issues: ApiSetupIssue[] };

/** Parses stored or submitted config for a platform; issues name the field. */
export function parseConnectorConfig(platform: PlatformId, raw: Record<string, unknown> | null | undefined): ConfigParse {
  const out = CONNECTOR_CONFIG_SCHEMAS[platform].safeParse(raw ?? {});
  if (out.success) return { ok: true, config: out.data };
  const issues: ApiSetupIssue[] = [];
  for (const issue of out.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ field: key, message: unknownFieldMessage(platform, key) });
    } else {
      issues.push({ field: String(issue.path[0] ?? "config"), message: issue.message });
    }
  }
  return { ok: false, issues };
}
