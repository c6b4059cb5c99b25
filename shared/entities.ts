/**
 * Input schemas of the entity APIs (sites, traffic sources, campaigns, casino entries), shared
 * with the dashboard. Every 400 names the failing field (workers/lib/errors.ts fromZod).
 */
import { z } from "zod";
import { idSchema, textError } from "./field-messages";
import { SLUG_RE } from "./links";
import { isCurrency, parseDecimalToMicros } from "./money";
import { isValidTimeZone } from "./time";
import { COST_MODELS, SOURCE_MACRO_NAMES, SOURCE_TYPES } from "./traffic-sources";

/**
 * Control characters and bidirectional overrides: a name with U+202E shows reversed in the dashboard and in
 * a CSV opened elsewhere (one name can pass for another), and U+0000 cuts text short in other tools.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const HIDDEN_CHARS = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const NO_HIDDEN = "must not contain control or text-direction characters";

/** Required text, trimmed, with its length limit. */
export const requiredText = (max: number) =>
  z
    .string({ error: textError })
    .trim()
    .min(1, "is required")
    .max(max, `is too long (${max} at most)`)
    .refine((v) => !HIDDEN_CHARS.test(v), NO_HIDDEN);

/** Optional text: "" and null both clear it. */
export const optionalText = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, `is too long (${max} at most)`)
    .nullable()
    .transform((v) => (v === "" ? null : v));

/** A currency is an ISO 4217 code (the one list in shared/currencies.ts): "XYZ" is refused, never stored. */
export const currencySchema = z
  .string({ error: "must be a 3-letter ISO 4217 code like EUR" })
  .trim()
  .toUpperCase()
  .refine(isCurrency, "must be an ISO 4217 currency code like EUR");

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/**
 * An ISO 3166-1 code the runtime's CLDR knows, under its own name: "UK" (the common slip for GB) is
 * refused naming GB, the code clicks' countries (and the Market filter) use.
 */
/** ISO 3166 user-assigned codes (ZZ is CLDR's "Unknown Region"), except XK, the usual code for Kosovo. */
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ)$/;
export const countrySchema = z
  .string({ error: "must be a 2-letter country code like GB" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "must be a 2-letter country code like GB")
  .superRefine((code, ctx) => {
    if (!/^[A-Z]{2}$/.test(code)) return;
    const canonical = new Intl.Locale("und", { region: code }).region;
    if (canonical && canonical !== code) ctx.addIssue({ code: "custom", message: `is not an ISO 3166 country code: use ${canonical}` });
    else if (!regionNames.of(code) || USER_ASSIGNED.test(code))
      ctx.addIssue({ code: "custom", message: "is not a known country code (ISO 3166-1, like GB)" });
  });

export const timezoneSchema = z
  .string({ error: "must be an IANA timezone like Europe/London" })
  .trim()
  .refine((v) => /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(v) && isValidTimeZone(v), "must be an IANA timezone like Europe/London");

export const httpUrlSchema = z
  .string({ error: "must be a full http(s) URL" })
  .trim()
  .max(2000, "is too long (2000 at most)")
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be a full http(s) URL");

const HOST_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A hostname; a pasted URL ("https://www.x.com/path") is reduced to its host. Subdomains are allowed by the beacon check. */
const domainSchema = z
  .string({ error: "must be a hostname like casinoguide.com" })
  .trim()
  .toLowerCase()
  .transform((v) => {
    if (!/^[a-z][a-z0-9+.-]*:\/\//.test(v)) return v.replace(/\/.*$/, "").replace(/:\d+$/, "");
    try {
      return new URL(v).hostname;
    } catch {
      return v;
    }
  })
  .refine((v) => HOST_RE.test(v), "must be a hostname like casinoguide.com");

const paramName = z
  .string({ error: "must be a query parameter name" })
  .trim()
  .regex(/^[A-Za-z0-9_]{1,40}$/, "must be a query parameter name like sub1 or utm_source")
  .refine((p) => p !== "p" && p !== "placement", "placement (p) is never forwarded");

const siteShape = {
  name: requiredText(120),
  domains: z
    .array(domainSchema, { error: "must be a list of hostnames" })
    .min(1, "add at least one domain (the snippet only counts pages on the site's domains)")
    .max(50),
  market: countrySchema,
  locale: z
    .string({ error: "must be a locale like en or en-GB" })
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "must be a locale like en or en-GB"),
  timezone: timezoneSchema,
  offerIds: z.array(z.string().min(1).max(64)).max(200),
};

export const createSiteSchema = z.strictObject({
  ...siteShape,
  locale: siteShape.locale.default("en"),
  offerIds: siteShape.offerIds.optional(),
});
export const updateSiteSchema = z.strictObject(siteShape).partial();
export type CreateSiteInput = z.input<typeof createSiteSchema>;
export type UpdateSiteInput = z.input<typeof updateSiteSchema>;

export const siteOffersSchema = z.strictObject({ offerIds: siteShape.offerIds });

/** Exact decimal amount, never a float: "0.25", "120". */
export const decimalAmount = z
  .string({ error: 'must be an exact decimal string like "0.25"' })
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be an exact decimal string like "0.25" (up to 6 decimals)')
  .transform((v) => parseDecimalToMicros(v) as number);

/** A traffic source's outgoing postback URL: http(s), only known {macros}, no REPLACE_… placeholder left. */
export const postbackTemplateSchema = z
  .string({ error: "must be a URL template" })
  .trim()
  .max(2000, "is too long (2000 at most)")
  .refine((v) => !/REPLACE_/i.test(v), "replace the REPLACE_… parts with your account's values")
  .refine((v) => [...v.matchAll(/\{([^{}]*)\}/g)].every((m) => SOURCE_MACRO_NAMES.includes(m[1] ?? "")), {
    message: `uses an unknown macro (known: ${SOURCE_MACRO_NAMES.map((m) => `{${m}}`).join(" ")})`,
  })
  .refine((v) => {
    try {
      const u = new URL(v.replace(/\{[a-z_]+\}/g, "x"));
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be a full http(s) URL");

const costShape = z
  .strictObject({
    model: z.enum(COST_MODELS, { error: `must be one of ${COST_MODELS.join(", ")}` }),
    amount: decimalAmount.optional(),
    currency: currencySchema.optional(),
    revsharePct: z
      .string({ error: 'must be a percentage like "30"' })
      .trim()
      .regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a percentage like "30" or "27.5"')
      .refine((v) => Number(v) <= 100, "must be between 0 and 100")
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.model === "revshare") {
      if (c.revsharePct === undefined) ctx.addIssue({ code: "custom", path: ["revsharePct"], message: "is required for rev-share" });
    } else {
      if (c.amount === undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: `is required for ${c.model}` });
      if (c.currency === undefined) ctx.addIssue({ code: "custom", path: ["currency"], message: "is required with an amount" });
    }
  });

const sourceShape = {
  name: requiredText(120),
  type: z.enum(SOURCE_TYPES, { error: `must be one of ${SOURCE_TYPES.join(", ")}` }),
  clickIdParam: z
    .string({ error: "must be a query parameter name" })
    .trim()
    .regex(/^[A-Za-z0-9_.-]{0,40}$/, "must be a query parameter name like gclid or subid")
    .nullable()
    .transform((v) => (v === "" ? null : v)),
  postbackUrlTemplate: z.union([postbackTemplateSchema, z.literal(""), z.null()]).transform((v) => (v ? v : null)),
  /** null = no cost tracked. */
  cost: costShape.nullable(),
};
export const createSourceSchema = z.strictObject({
  ...sourceShape,
  type: sourceShape.type.default("ad_network"),
  clickIdParam: sourceShape.clickIdParam.optional(),
  postbackUrlTemplate: sourceShape.postbackUrlTemplate.optional(),
  cost: sourceShape.cost.optional(),
});
export const updateSourceSchema = z.strictObject(sourceShape).partial();
export type CreateSourceInput = z.input<typeof createSourceSchema>;

export const CAMPAIGN_STATUSES = ["active", "paused", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const campaignShape = {
  name: requiredText(120),
  siteId: idSchema,
  trafficSourceId: z.string().min(1).max(64).nullable(),
  offerIds: z.array(z.string().min(1).max(64)).min(1, "a campaign needs at least one offer").max(50),
  status: z.enum(CAMPAIGN_STATUSES, { error: `must be one of ${CAMPAIGN_STATUSES.join(", ")}` }),
  forwardParams: z.array(paramName).max(20),
};
export const createCampaignInputSchema = z.strictObject({
  ...campaignShape,
  trafficSourceId: campaignShape.trafficSourceId.default(null),
  status: campaignShape.status.default("active"),
  forwardParams: campaignShape.forwardParams.default([]),
});
export const updateCampaignSchema = z.strictObject(campaignShape).partial();
export type CreateCampaignInput = z.input<typeof createCampaignInputSchema>;

/** Sub-ids and UTM parameters a campaign can forward (the ones a click keeps, workers/edge/click.ts). */
export const FORWARDABLE_PARAMS = [
  "sub1",
  "sub2",
  "sub3",
  "sub4",
  "sub5",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "gclid",
  "fbclid",
] as const;

export const casinoEntrySchema = z
  .strictObject({
    name: requiredText(120),
    logoUrl: z.union([httpUrlSchema, z.literal(""), z.null()]).transform((v) => (v ? v : null)),
    bonusText: optionalText(500),
    paymentMethods: z.array(requiredText(60)).max(40),
    markets: z.array(countrySchema).max(250),
  })
  .partial();

export const testRoundTripSchema = z.strictObject({
  linkId: z.string().min(1).max(64).optional(),
});

export { SLUG_RE };

/** The snippet tag for a site, as pasted into its pages' <head>. */
export function snippetTag(origin: string, publicKey: string): string {
  return `<script defer src="${origin}/s.js" data-site="${publicKey}"></script>`;
}
