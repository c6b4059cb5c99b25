import { z } from "zod";
import { calendarDate } from "./time";

export const dateRangeSchema = z
  .object({
    from: calendarDate,
    to: calendarDate,
    campaign: z.string().max(64).optional(),
  })
  .refine((r) => r.from <= r.to, { message: "from must not be after to", path: ["from"] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, { message: "range is limited to 366 days", path: ["to"] });

/** Site Analytics range: ?from&to[&compare=1][&limit]. */
export const analyticsRangeSchema = z
  .object({
    from: calendarDate,
    to: calendarDate,
    compare: z.enum(["0", "1", "true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .refine((r) => r.from <= r.to, { message: "from must not be after to", path: ["from"] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, { message: "range is limited to 366 days", path: ["to"] });
