import { z } from "zod";
import { API_KEY_SCOPES } from "./roles";

/** Inputs and answers of /api/api-keys: validated by the Worker, typed for the dashboard, documented in OpenAPI. */
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  scope: z.enum(API_KEY_SCOPES),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters, to tell keys apart; the whole key is shown only once. */
  prefix: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  createdBy: z.string().nullable(),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ apiKeys: z.array(apiKeySchema) });
/** The create answer is the only time the key itself is sent. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, key: z.string() });

/** Keys look like `cfx_` + 40 base32 characters; the prefix shown is `cfx_` + 8. */
export const API_KEY_PREFIX = "cfx_";
export const API_KEY_SHOWN = API_KEY_PREFIX.length + 8;
