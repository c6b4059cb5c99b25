import { z } from "zod";
import { POSTBACK_EVENT_TYPES, POSTBACK_OUTCOMES } from "./postback-events";
import { calendarDate } from "./time";

/** Filters of the Postbacks report (API query string and CSV export). */
export const postbacksQuerySchema = z
  .object({
    site: z.string().max(64).optional(),
    campaign: z.string().max(64).optional(),
    offer: z.string().max(64).optional(),
    event: z.enum(POSTBACK_EVENT_TYPES).optional(),
    outcome: z.enum(POSTBACK_OUTCOMES).optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    /** Opaque cursor from the previous page (received_at.id). */
    cursor: z
      .string()
      .regex(/^\d{1,15}\.[A-Za-z0-9_]{1,64}$/, "must be a cursor returned by the previous page")
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export type PostbacksQuery = z.infer<typeof postbacksQuerySchema>;
