/**
 * Site Analytics beacons for the benchmark (scripts/bench.ts): what /s.js sends from the demo site
 * site_uk (casinoguide.example), so `beacon_rps` can be measured next to `bare_rps` in the same run.
 *
 *   POST /e
 *   content-type: text/plain;charset=UTF-8        (what sendBeacon sends; no CORS preflight)
 *   origin: https://casinoguide.example           (must be one of the site's domains, else 403)
 *   user-agent: a desktop/mobile browser          (bot user agents are dropped with a 204, uncounted)
 *   cf-connecting-ip: 198.51.100.x                (with the UA, the daily visitor hash: 128 visitors)
 *   body: {"s":"pkcasinoguideuk01","t":"pv","u":"https://casinoguide.example/reviews/spinia?utm_source=google","r":"https://www.google.com/","w":1280}
 *
 * The mix is ~70% pageviews, ~20% engagement ("t":"e","d":ms) and ~10% offer-link clicks
 * ("t":"c","h":"https://go.spinia.example/visit/?bta=501"); every one is a valid beacon (204) that
 * goes through the site's Durable Object.
 */
export const BEACON_PATH = "/e";
export const BEACON_SITE_KEY = "pkcasinoguideuk01";
export const BEACON_ORIGIN = "https://casinoguide.example";

const PAGES = ["/", "/best-casinos", "/reviews/spinia", "/reviews/betano", "/bonuses/free-spins", "/guides/how-to-withdraw"];
const REFERRERS = ["https://www.google.com/", "", "https://www.bing.com/", "https://www.reddit.com/r/gambling"];
const UTM = ["", "?utm_source=google&utm_medium=cpc&utm_campaign=uk-brand", "?utm_source=newsletter", "?gclid=Cj0KCQiA"];
const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];

const at = <T>(xs: readonly T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length] as T;

/** The JSON body of beacon number `seed` (deterministic). */
export function beaconBody(seed: number): string {
  const page = `${BEACON_ORIGIN}${at(PAGES, seed)}${at(UTM, seed >> 3)}`;
  const kind = seed % 10;
  if (kind < 7) return JSON.stringify({ s: BEACON_SITE_KEY, t: "pv", u: page, r: at(REFERRERS, seed >> 2), w: 1280 });
  if (kind < 9) return JSON.stringify({ s: BEACON_SITE_KEY, t: "e", u: page, d: 1000 + (seed % 60) * 1000 });
  return JSON.stringify({ s: BEACON_SITE_KEY, t: "c", u: page, h: "https://go.spinia.example/visit/?bta=501" });
}

/**
 * Headers of beacon number `seed`: one of 128 visitors (128 addresses, 4 user agents). Spread over
 * enough addresses that no address crosses the per-IP beacon limit (600 a minute, wrangler.toml) when
 * two runs fall in one minute: over it the beacons would get 429s, which would not measure the path.
 */
export function beaconHeaders(seed: number): Record<string, string> {
  return {
    "content-type": "text/plain;charset=UTF-8",
    origin: BEACON_ORIGIN,
    "user-agent": at(UAS, seed),
    "cf-connecting-ip": `198.51.100.${1 + (seed % 128)}`,
  };
}

/** A request list for autocannon's `requests` option (cycled per connection). */
export function beaconRequests(n = 256): { method: "POST"; path: string; headers: Record<string, string>; body: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    method: "POST" as const,
    path: BEACON_PATH,
    headers: beaconHeaders(i),
    body: beaconBody(i),
  }));
}
