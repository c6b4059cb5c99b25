/** Messages and small schemas that every input schema words the same way (a 400 names the field and says this). */
import { z } from "zod";

/** A text field's type failure: absent "is required", present but not a string "must be text" (zod's own names JS types). */
export const textError = (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : "must be text");

/** The id of another entity in a body: `campaignId`, `offerId`, `siteId`. */
export const idSchema = z.string({ error: textError }).min(1, "is required").max(64, "is too long (64 at most)");
