import { z } from "zod";
import { idSchema } from "./field-messages";

export const SLUG_RE = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export const createLinkSchema = z.strictObject({
  campaignId: idSchema,
  offerId: idSchema,
  slug: z.string().trim().toLowerCase().regex(SLUG_RE, "use 2-64 lowercase letters, digits, - or _").optional(),
  /** Override of the platform preset's click-id parameter name. */
  clickParam: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.[\]-]{1,40}$/, "must be a query parameter name")
    .optional(),
  /** Incoming parameters passed on to the operator link. The placement ref (p / placement) is never forwarded. */
  forwardParams: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_]{1,40}$/, "must be a query parameter name")
        .refine((p) => p !== "p" && p !== "placement", "placement is never forwarded"),
    )
    .max(20)
    .default([]),
});

export type CreateLink = z.infer<typeof createLinkSchema>;
