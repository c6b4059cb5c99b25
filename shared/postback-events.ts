/**
 * Postback event vocabulary and the per-offer event mapping. Every list of event types (D1
 * enum, query filters, the dashboard's choices) derives from POSTBACK_EVENT_TYPES.
 *
 * An incoming event name resolves, in order: the offer's own mapping → the platform preset's
 * names → the built-in tracker aliases. A name none of them knows is "unmapped": kept aside in
 * the Postbacks log, never counted as something it might be.
 */
import { z } from "zod";
import { POSTBACK_EVENT_TYPES, type PostbackEventType } from "./event-types";
import { PLATFORM_PRESETS, type PlatformId } from "./platforms";

export { POSTBACK_EVENT_TYPES, type PostbackEventType };

/** Event types that create a counted conversion (a chargeback or status change updates one). */
export const CONVERSION_EVENT_TYPES = ["registration", "ftd", "qualified", "deposit"] as const satisfies readonly PostbackEventType[];

export const EVENT_TYPE_LABELS: Record<PostbackEventType, string> = {
  registration: "Registration",
  ftd: "First deposit (FTD)",
  qualified: "Qualified FTD / CPA (QFTD)",
  deposit: "Deposit",
  chargeback: "Chargeback / reversal",
  status_change: "Status change",
};

/** Outcomes of a postback request in the log. `unmapped`: an event name the offer does not map (yet). */
export const POSTBACK_OUTCOMES = ["accepted", "duplicate", "unattributed", "unmapped", "rejected"] as const;
export type PostbackOutcome = (typeof POSTBACK_OUTCOMES)[number];

/** Tracker and platform conventions every offer understands (platforms.md §14, §16.2). */
export const BUILTIN_EVENT_NAMES: Record<string, PostbackEventType> = {
  registration: "registration",
  reg: "registration",
  signup: "registration",
  sign_up: "registration",
  lead: "registration",
  lead_registration: "registration",
  ftd: "ftd",
  first_deposit: "ftd",
  firstdeposit: "ftd",
  first_deposit_count: "ftd",
  qualified: "qualified",
  qftd: "qualified",
  cpa: "qualified",
  qualified_cpa: "qualified",
  deposit: "deposit",
  dep: "deposit",
  rdep: "deposit",
  redeposit: "deposit",
  rebill: "deposit",
  chargeback: "chargeback",
  reversal: "chargeback",
  reversed: "chargeback",
  refund: "chargeback",
  status: "status_change",
  status_change: "status_change",
  update: "status_change",
};

/** The form names are compared in: case-insensitive, spaces and hyphens as underscores ("Lead Qualified" = lead_qualified). */
export function eventNameKey(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

const eventNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[\p{L}\p{N} _.:-]+$/u, "must be letters, digits, spaces or _ . : -")
  .transform(eventNameKey);

export const eventMappingSchema = z.object({ name: eventNameSchema, type: z.enum(POSTBACK_EVENT_TYPES) });
export type EventMapping = z.infer<typeof eventMappingSchema>;

/** PUT /api/offers/:id/events — the offer's whole mapping (replaces it). */
export const putEventMapSchema = z
  .object({ mappings: z.array(eventMappingSchema).max(100, "at most 100 mappings") })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.mappings.forEach((m, i) => {
      if (seen.has(m.name)) ctx.addIssue({ code: "custom", path: ["mappings", i, "name"], message: `"${m.name}" is mapped twice` });
      seen.add(m.name);
    });
  });
export type PutEventMap = z.infer<typeof putEventMapSchema>;

/** POST /api/offers/:id/events/map — one click "map this event" from the Postbacks log. */
export const mapEventSchema = eventMappingSchema;

/** What an offer's stored mapping looks like (name key → type). */
export type EventMap = Record<string, PostbackEventType>;

export function toEventMap(list: EventMapping[]): EventMap {
  return Object.fromEntries(list.map((m) => [m.name, m.type]));
}

/** The names an offer understands without a mapping of its own: the built-ins, then the platform's names. */
export function defaultEventNames(platform: PlatformId): EventMap {
  return { ...BUILTIN_EVENT_NAMES, ...PLATFORM_PRESETS[platform].eventNames };
}

export function resolveEventName(name: string, platform: PlatformId, map: EventMap | null | undefined): PostbackEventType | null {
  const key = eventNameKey(name);
  const own = map && Object.hasOwn(map, key) ? map[key] : undefined;
  if (own) return own;
  const preset = PLATFORM_PRESETS[platform].eventNames;
  if (preset && Object.hasOwn(preset, key)) return preset[key] ?? null;
  return Object.hasOwn(BUILTIN_EVENT_NAMES, key) ? (BUILTIN_EVENT_NAMES[key] ?? null) : null;
}

/** One offer a postback key may report for, with what the hot path needs to resolve its events. */
export interface OfferEvents {
  offerId: string;
  platform: PlatformId;
  map: EventMap | null;
}

/**
 * Resolves an event name for every offer a key covers. When they agree (always, for an offer key)
 * `type` is the answer; when they differ, `byOffer` says it per offer and the hub picks by the
 * click's offer.
 */
export function resolveForOffers(
  name: string,
  offers: OfferEvents[],
  fallbackPlatform: PlatformId,
): { type: PostbackEventType | null; byOffer: Record<string, PostbackEventType | null> | null } {
  if (offers.length === 0) return { type: resolveEventName(name, fallbackPlatform, null), byOffer: null };
  const byOffer: Record<string, PostbackEventType | null> = {};
  for (const o of offers) byOffer[o.offerId] = resolveEventName(name, o.platform, o.map);
  const values = new Set(Object.values(byOffer));
  if (values.size === 1) return { type: [...values][0] ?? null, byOffer: null };
  return { type: null, byOffer };
}
