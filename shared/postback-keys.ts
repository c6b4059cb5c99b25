import { z } from "zod";

/** How long a rotated-out postback key keeps working unless the request says otherwise. */
export const DEFAULT_KEY_GRACE_DAYS = 7;

/** POST …/rotate-key: graceDays 0 ends the old key at once; at most 90 days. */
export const rotateKeySchema = z.strictObject({
  graceDays: z.number({ error: "must be a number of days" }).min(0, "must be 0 or more").max(90, "must be at most 90").optional(),
});

/** The key state the dashboard shows after a rotation (the old key's end, when one is still accepted). */
export interface PostbackKeyState {
  postbackKey: string;
  previousKeyExpiresAt: number | null;
}
