/**
 * Traffic simulator: visitors read pages (beacons), click tracking links, and the operators'
 * platforms send postbacks back — with retries (duplicates), a few malformed ones and literal
 * unreplaced macros, as real traffic has. Used by `npm run dev` and the benchmarks.
 */
export interface SimSeed {
  sites: { id: string; publicKey: string; domains: string[] }[];
  links: { slug: string; siteId: string; offerId: string }[];
  postbackKeys: { offerId: string; key: string }[];
}

export interface SimStats {
  clicks: number;
  beacons: number;
  postbacks: number;
  duplicatesSent: number;
  badSent: number;
  errors: number;
}

const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];
const BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const PAGES = ["/", "/best-casinos", "/reviews/spinia", "/reviews/wildz", "/bonuses/free-spins", "/guides/how-to-withdraw"];
const REFERRERS = ["https://www.google.com/", "https://www.bing.com/", "", "https://www.reddit.com/r/gambling", "https://t.co/x"];
const COUNTRIES = ["GB", "DE", "IE", "AT", "CA"];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function simulate(
  baseUrl: string,
  seed: SimSeed,
  opts: { ticksPerSecond?: number; signal?: AbortSignal; maxTicks?: number } = {},
): Promise<SimStats> {
  const stats: SimStats = { clicks: 0, beacons: 0, postbacks: 0, duplicatesSent: 0, badSent: 0, errors: 0 };
  const pending: { at: number; url: string }[] = [];
  const interval = 1000 / (opts.ticksPerSecond ?? 4);
  let ticks = 0;
  const send = async (path: string, init: RequestInit = {}) => {
    try {
      const res = await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
      await res.arrayBuffer();
      return res;
    } catch {
      stats.errors++;
      return null;
    }
  };
  while (!opts.signal?.aborted && (opts.maxTicks === undefined || ticks < opts.maxTicks)) {
    ticks++;
    const site = pick(seed.sites);
    const ip = `198.51.100.${1 + Math.floor(Math.random() * 200)}`;
    const ua = Math.random() < 0.05 ? BOT_UA : pick(UAS);
    const domain = site.domains[0] ?? "localhost";
    const page = pick(PAGES);
    await send("/e", {
      method: "POST",
      headers: {
        "content-type": "text/plain",
        origin: `https://${domain}`,
        "user-agent": ua,
        "cf-connecting-ip": ip,
        "cf-ipcountry": pick(COUNTRIES),
      },
      body: JSON.stringify({
        s: site.publicKey,
        t: "pv",
        u: `https://${domain}${page}?utm_source=${Math.random() < 0.3 ? "google" : ""}`,
        r: pick(REFERRERS),
        w: 1280,
      }),
    });
    stats.beacons++;
    const beacon = (body: Record<string, unknown>) =>
      send("/e", {
        method: "POST",
        headers: { "content-type": "text/plain", origin: `https://${domain}`, "user-agent": ua, "cf-connecting-ip": ip },
        body: JSON.stringify({ s: site.publicKey, u: `https://${domain}${page}`, ...body }),
      });
    // Time on page, as the snippet sends it when the tab is hidden.
    if (Math.random() < 0.4) await beacon({ t: "e", d: 5_000 + Math.floor(Math.random() * 120_000) });

    if (Math.random() < 0.5) {
      const link = pick(seed.links.filter((l) => l.siteId === site.id));
      // The snippet reports the offer-link click with the page it came from, then the browser follows it.
      await beacon({ t: "c", h: `${baseUrl}/go/${link.slug}` });
      const res = await send(`/go/${link.slug}?sub1=${page.replace(/\W+/g, "-")}&p=cta-${Math.floor(Math.random() * 3)}`, {
        headers: { "user-agent": ua, "cf-connecting-ip": ip },
      });
      stats.clicks++;
      const location = res?.headers.get("location");
      const key = seed.postbackKeys.find((k) => k.offerId === link.offerId)?.key;
      if (location && key && ua !== BOT_UA) {
        const clickId = [...new URL(location).searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v));
        if (clickId && Math.random() < 0.35) {
          const now = Date.now();
          pending.push({ at: now + 2000 + Math.random() * 8000, url: `/pb/${key}?click_id=${clickId}&event=registration` });
          if (Math.random() < 0.45) {
            const amount = (20 + Math.floor(Math.random() * 180)).toFixed(2);
            pending.push({
              at: now + 5000 + Math.random() * 15000,
              url: `/pb/${key}?click_id=${clickId}&event=ftd&amount=${amount}&currency=EUR&txid=ftd-${clickId}`,
            });
            if (Math.random() < 0.5) {
              pending.push({
                at: now + 10000 + Math.random() * 20000,
                url: `/pb/${key}?click_id=${clickId}&event=deposit&amount=${(10 + Math.floor(Math.random() * 90)).toFixed(2)}&currency=EUR&txid=dep-${clickId}-1`,
              });
            }
          }
        }
      }
    }
    if (Math.random() < 0.02) {
      const key = pick(seed.postbackKeys).key;
      pending.push({
        at: Date.now(),
        url: Math.random() < 0.5 ? `/pb/${key}?click_id={clickid}&event=ftd` : `/pb/${key}?click_id=abc&event=ftd&amount=lots`,
      });
      stats.badSent++;
    }
    const now = Date.now();
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i];
      if (!p || p.at > now) continue;
      pending.splice(i, 1);
      await send(p.url, { headers: { "cf-connecting-ip": "192.0.2.10" } });
      stats.postbacks++;
      // Operators retry: about one postback in ten arrives twice.
      if (Math.random() < 0.1) {
        await send(p.url, { headers: { "cf-connecting-ip": "192.0.2.10" } });
        stats.duplicatesSent++;
      }
    }
    await sleep(interval);
  }
  return stats;
}
