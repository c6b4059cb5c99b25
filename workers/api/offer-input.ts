/** The checks of Offers API input that zod alone cannot do (API Setup per platform) and its errors; the schemas are in shared/offer-input.ts. */

import { type ApiSetupIssue, parseApiSetup } from "../../shared/api-setup";
import type { PlatformId } from "../../shared/platforms";
import { AppError } from "../lib/errors";
import { fieldError as namedFieldError } from "./input";

/** 400 naming the API Setup fields (apiSetup.<key>), in the same shape as fromZod. */
export function apiSetupError(issues: ApiSetupIssue[]): AppError {
  const fields = issues.map((i) => ({ field: `apiSetup.${i.field}`, message: i.message }));
  const first = fields[0];
  return new AppError(400, "invalid_input", `Invalid offer: ${first ? `${first.field}: ${first.message}` : "API Setup"}`, { fields });
}

export const fieldError = (field: string, message: string): AppError => namedFieldError("offer", field, message);

/** Parses the apiSetup object for a platform or throws a 400 naming the field. */
export function parseSetupOrThrow(platform: PlatformId, input: Record<string, unknown>) {
  const parsed = parseApiSetup(platform, input);
  if (parsed.issues.length) throw apiSetupError(parsed.issues);
  return parsed;
}
