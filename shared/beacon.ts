import { z } from "zod";

/** Beacon body sent by /s.js (short keys keep the snippet small). */
export const beaconSchema = z.object({
  /** site public key */
  s: z.string().regex(/^[a-z0-9]{8,40}$/, "must be the site's public key"),
  /** event type: pageview */
  t: z.enum(["pv"]),
  /** page URL (absolute) */
  u: z.string().url().max(2048),
  /** referrer URL, may be empty */
  r: z.string().max(2048).optional().default(""),
  /** screen width in CSS pixels */
  w: z.number().int().min(0).max(20000).optional(),
});
export type Beacon = z.infer<typeof beaconSchema>;
