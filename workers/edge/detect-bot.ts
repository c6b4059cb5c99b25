import { isbot } from "isbot";

/** Why a click is not counted, or null. isbot's maintained list covers crawlers and link-preview fetchers. */
export function clickFlag(method: string, userAgent: string | null, purpose: string | null): string | null {
  if (method === "HEAD") return "head";
  if (purpose && /prefetch|preview|prerender/i.test(purpose)) return "preview";
  if (!userAgent) return "no_user_agent";
  if (isbot(userAgent)) return "bot";
  return null;
}
