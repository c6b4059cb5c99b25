/** Input schemas of the Offers API (zod): they validate the requests and type the dashboard's writes. */

import { z } from "zod";
import { API_SETUPS } from "./api-setup";
import { countrySchema, currencySchema, httpUrlSchema, optionalText, requiredText, timezoneSchema } from "./entities";
import { isIpOrCidr } from "./ip-ranges";
import { PLATFORM_IDS } from "./platforms";
import { POSTBACK_EVENT_TYPES as EVENT_TYPES } from "./postback-events";
import { settleOverrideSchema } from "./settle";
import { calendarDate, daysBetween } from "./time";

/** The API Setup fields of every platform, for the API's docs: derived from shared/api-setup.ts, which validates them. */
function apiSetupDescription(): string {
  const platforms = Object.values(API_SETUPS).map((setup) => {
    const fields = setup.fields.map((f) => `${f.key}${f.kind === "secret" ? " (secret)" : ""}${f.required ? " (required)" : ""}`);
    const oneOf = setup.alternatives?.length ? `; complete with one of: ${setup.alternatives.map((g) => g.join(" + ")).join(" | ")}` : "";
    return `${setup.platform}: ${fields.join(", ")}${oneOf}`;
  });
  return `The connector's credentials and settings, by platform. Secret fields are encrypted at rest and never returned (GET shows which are set); a field sent as null is cleared. ${platforms.join(". ")}.`;
}

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
  markets: z.array(countrySchema).max(250).optional(),
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
  postbackEvents: z
    .array(z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(", ")}` }))
    .max(EVENT_TYPES.length)
    .refine((events) => new Set(events).size === events.length, "lists an event twice"),
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
  apiSetup: z.record(z.string(), z.unknown(), { error: "must be an object of API Setup fields" }).describe(apiSetupDescription()),
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
