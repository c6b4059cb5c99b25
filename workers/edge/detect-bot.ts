import { isbot } from "isbot";
import type { ClickFlag } from "../../shared/click-flags";

/**
 * isbot's verdict per user agent, remembered per isolate: the same few thousand agents come back
 * all day, and isbot's pattern is a long regular expression.
 */
const verdicts = new Map<string, boolean>();
export function isBot(userAgent: string): boolean {
  let bot = verdicts.get(userAgent);
  if (bot === undefined) {
    bot = isbot(userAgent);
    if (userAgent.length <= 512) {
      if (verdicts.size >= 5000) verdicts.clear();
      verdicts.set(userAgent, bot);
    }
  }
  return bot;
}

/** Why a click is not counted, or null. isbot's maintained list covers crawlers and link-preview fetchers. */
export function clickFlag(method: string, userAgent: string | null, purpose: string | null): ClickFlag | null {
  if (method === "HEAD") return "head";
  if (purpose && /prefetch|preview|prerender/i.test(purpose)) return "preview";
  if (!userAgent) return "no_user_agent";
  if (isBot(userAgent)) return "bot";
  return null;
}
