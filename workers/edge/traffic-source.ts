/**
 * Where a visit came from, read from the page URL and document.referrer: the referrer source
 * (known search engines and social networks by name, other sites by hostname), UTM parameters,
 * and the ad network whose click id is on the URL. Click id values themselves are never kept.
 */
const MAX_VALUE = 100;

const NAMED_REFERRERS: [RegExp, string][] = [
  [/(^|\.)google\.[a-z.]+$/, "Google"],
  [/(^|\.)bing\.com$/, "Bing"],
  [/(^|\.)duckduckgo\.com$/, "DuckDuckGo"],
  [/(^|\.)yahoo\.[a-z.]+$/, "Yahoo"],
  [/(^|\.)yandex\.[a-z.]+$/, "Yandex"],
  [/(^|\.)ecosia\.org$/, "Ecosia"],
  [/(^|\.)baidu\.com$/, "Baidu"],
  [/(^|\.)(facebook\.com|fb\.com|fb\.me)$/, "Facebook"],
  [/(^|\.)instagram\.com$/, "Instagram"],
  [/(^|\.)(t\.co|twitter\.com|x\.com)$/, "X"],
  [/(^|\.)reddit\.com$/, "Reddit"],
  [/(^|\.)(youtube\.com|youtu\.be)$/, "YouTube"],
  [/(^|\.)tiktok\.com$/, "TikTok"],
  [/(^|\.)(linkedin\.com|lnkd\.in)$/, "LinkedIn"],
  [/(^|\.)(t\.me|telegram\.org)$/, "Telegram"],
  [/(^|\.)chatgpt\.com$/, "ChatGPT"],
];

/** Traffic-source click-id parameters → ad network (first match wins). */
const CLICK_IDS: [string, string][] = [
  ["gclid", "Google Ads"],
  ["gbraid", "Google Ads"],
  ["wbraid", "Google Ads"],
  ["dclid", "Google Display"],
  ["fbclid", "Facebook"],
  ["msclkid", "Microsoft Ads"],
  ["ttclid", "TikTok Ads"],
  ["twclid", "X Ads"],
  ["li_fat_id", "LinkedIn Ads"],
  ["yclid", "Yandex Ads"],
  ["ScCid", "Snapchat Ads"],
  ["epik", "Pinterest Ads"],
];

export function hostOf(url: string): string | null {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host || null;
  } catch {
    return null;
  }
}

/** True when `host` is one of `domains` or a subdomain of one. */
export function hostAllowed(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/** "(direct)" for no referrer or one from the site itself, a known name, or the hostname without www. */
export function referrerSource(referrer: string, siteDomains: readonly string[]): string {
  const host = referrer ? hostOf(referrer) : null;
  if (!host || hostAllowed(host, siteDomains)) return "(direct)";
  for (const [re, name] of NAMED_REFERRERS) if (re.test(host)) return name;
  return host.replace(/^www\./, "").slice(0, MAX_VALUE);
}

export function utm(params: URLSearchParams, name: "source" | "medium" | "campaign"): string {
  return (params.get(`utm_${name}`) ?? "").trim().slice(0, MAX_VALUE);
}

export function clickSource(params: URLSearchParams): string {
  for (const [param, network] of CLICK_IDS) if (params.get(param)) return network;
  return "";
}
