/**
 * Whether an offer has an API Setup saved. A saved setup is complete or empty (the API refuses a partial
 * one), so "nothing saved" is the whole test. The cron skips offers without one, and freshness shows them
 * as "not set up": one rule for both.
 */
export function apiSetupSaved(o: { secrets: string | null; config: Record<string, unknown> | null }): boolean {
  return o.secrets !== null || Object.keys(o.config ?? {}).length > 0;
}
