import { z } from "zod";

/**
 * Beacon bodies sent by /s.js (web/snippet/s.ts). Short keys keep the snippet small; every field is
 * validated with a length cap. Unknown keys are dropped.
 */
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048);

const common = {
  /** site public key (data-site) */
  s: z.string().regex(/^[a-z0-9]{8,40}$/, "must be the site's public key"),
  /** page URL (absolute): path, UTM parameters and traffic-source click ids are read from it */
  u: httpUrl,
};

/** Longest visible time one engagement beacon may report (a tab left open all night is not reading). */
export const MAX_ENGAGED_MS = 30 * 60_000;

export const beaconSchema = z.discriminatedUnion("t", [
  z.object({
    ...common,
    /** pageview */
    t: z.literal("pv"),
    /** document.referrer, may be empty */
    r: z.string().max(2048).optional().default(""),
    /** screen width in CSS pixels */
    w: z.number().int().min(0).max(20000).optional(),
  }),
  z.object({
    ...common,
    /** engagement: visible time on the page `u` since it was shown or last reported */
    t: z.literal("e"),
    d: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000),
  }),
  z.object({
    ...common,
    /** click on a link leaving the page (offer links are kept, others ignored) */
    t: z.literal("c"),
    /** the link's href */
    h: httpUrl,
  }),
]);
export type Beacon = z.infer<typeof beaconSchema>;
