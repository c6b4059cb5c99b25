/** Input schemas of the Offers API (zod), and the checks zod alone cannot do (API Setup per platform). */

import { z } from "zod";
import { type ApiSetupIssue, parseApiSetup } from "../../shared/api-setup";
import { currencySchema, httpUrlSchema, optionalText, requiredText, timezoneSchema } from "../../shared/entities";
import { PLATFORM_IDS, type PlatformId } from "../../shared/platforms";
import { settleOverrideSchema } from "../../shared/settle";
import { calendarDate, daysBetween } from "../../shared/time";
import { EVENT_TYPES } from "../db/schema";
import { isIpOrCidr } from "../edge/ip-allowlist";
import { AppError } from "../lib/errors";
import { fieldError as namedFieldError } from "./input";

const dealSchema = z.strictObject({
  type: z.enum(["cpa", "revshare", "hybrid", "other"], { error: "must be cpa, revshare, hybrid or other" }).nullable().optional(),
  /** Exact decimal string, never a float: "100", "100.50". */
  cpa: z
    .string({ error: 'must be an exact decimal string like "100.00"' })
    .trim()
    .regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be an exact decimal string like "100.00" (up to 6 decimals)')
    .nullable()
    .optional(),
  currency: currencySchema.nullable().optional(),
  revsharePct: z
    .string({ error: 'must be a percentage string like "35"' })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a percentage like "35" or "27.5"')
    .refine((v) => Number(v) <= 100, "must be between 0 and 100")
    .nullable()
    .optional(),
  baseline: optionalText(200).optional(),
  notes: optionalText(2000).optional(),
});

const casinoSchema = z.strictObject({
  name: requiredText(120).optional(),
  logoUrl: z.union([httpUrlSchema, z.literal(""), z.null()]).optional(),
  bonusText: optionalText(500).optional(),
  paymentMethods: z.array(requiredText(60)).max(40).optional(),
  markets: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, "must be a 2-letter country code"),
    )
    .max(250)
    .optional(),
});

const offerShape = {
  name: requiredText(120),
  platform: z.enum(PLATFORM_IDS, { error: `must be one of ${PLATFORM_IDS.join(", ")}` }),
  brand: requiredText(120),
  merchant: optionalText(120).optional(),
  channel: optionalText(120).optional(),
  campaignTag: optionalText(120).optional(),
  trackingUrl: httpUrlSchema,
  clickParam: z
    .string({ error: "must be a query parameter name" })
    .trim()
    .regex(/^[A-Za-z0-9_.[\]-]{0,40}$/, "must be a query parameter name like btag or var1")
    .nullable()
    .transform((v) => (v === "" ? null : v))
    .optional(),
  postbackEvents: z.array(z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(", ")}` })).max(EVENT_TYPES.length),
  ipAllowlist: z
    .array(z.string().trim().refine(isIpOrCidr, "must be an IP address or CIDR range like 203.0.113.0/24 or 2001:db8::/32"))
    .max(50),
  deal: dealSchema,
  platformTimezone: timezoneSchema,
  accountCurrency: currencySchema.nullable(),
  syncEnabled: z.boolean({ error: "must be true or false" }),
  cadenceHours: z.number({ error: "must be a number of hours" }).int("must be whole hours").min(1).max(168),
  siteIds: z.array(z.string().min(1).max(64)).max(200),
  casino: casinoSchema,
  apiSetup: z.record(z.string(), z.unknown(), { error: "must be an object of API Setup fields" }),
  /** Publishing delay and settle horizons over the platform defaults (shared/settle.ts); null = defaults. */
  settleHorizons: settleOverrideSchema,
};

export const createOfferSchema = z.strictObject({
  ...offerShape,
  postbackEvents: offerShape.postbackEvents.optional(),
  ipAllowlist: offerShape.ipAllowlist.optional(),
  deal: offerShape.deal.optional(),
  platformTimezone: offerShape.platformTimezone.optional(),
  accountCurrency: offerShape.accountCurrency.optional(),
  syncEnabled: offerShape.syncEnabled.optional(),
  cadenceHours: offerShape.cadenceHours.optional(),
  siteIds: offerShape.siteIds.optional(),
  casino: offerShape.casino.optional(),
  apiSetup: offerShape.apiSetup.optional(),
  settleHorizons: offerShape.settleHorizons.optional(),
});
export type CreateOfferInput = z.infer<typeof createOfferSchema>;

export const updateOfferSchema = z.strictObject(offerShape).partial();
export type UpdateOfferInput = z.infer<typeof updateOfferSchema>;

/** Settings a test connection may take from the request instead of (or on top of) the saved offer. */
export const testSettingsSchema = z.strictObject({
  platform: offerShape.platform.optional(),
  brand: offerShape.brand.optional(),
  campaignTag: offerShape.campaignTag,
  platformTimezone: offerShape.platformTimezone.optional(),
  accountCurrency: offerShape.accountCurrency.optional(),
  apiSetup: offerShape.apiSetup.optional(),
});
export type TestSettings = z.infer<typeof testSettingsSchema>;

export const resyncSchema = z
  .strictObject({
    from: calendarDate,
    to: calendarDate,
  })
  .refine((r) => r.from <= r.to, { message: "must not be after to", path: ["from"] })
  .refine((r) => daysBetween(r.from, r.to) + 1 <= 366, { message: "the range is limited to 366 days", path: ["to"] });

/** 400 naming the API Setup fields (apiSetup.<key>), in the same shape as fromZod. */
export function apiSetupError(issues: ApiSetupIssue[]): AppError {
  const fields = issues.map((i) => ({ field: `apiSetup.${i.field}`, message: i.message }));
  const first = fields[0];
  return new AppError(400, "invalid_input", `Invalid offer: ${first ? `${first.field}: ${first.message}` : "API Setup"}`, { fields });
}

export const fieldError = (field: string, message: string): AppError => namedFieldError("offer", field, message);

/** Parses the apiSetup object for a platform or throws a 400 naming the field. */
export function parseSetupOrThrow(platform: PlatformId, input: Record<string, unknown>) {
  const parsed = parseApiSetup(platform, input);
  if (parsed.issues.length) throw apiSetupError(parsed.issues);
  return parsed;
}
