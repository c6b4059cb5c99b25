import type { Seed } from "../lib/stack";

/**
 * The chaos run's traffic: visitors click tracking links and read pages (beacons); operators send
 * postbacks for those clicks — each click's events shuffled (a deposit may come before its
 * registration), ~30% of sends repeating one sent before (operator retries), and every postback that
 * was not answered 200 retried later, as real senders do. It records exactly what was acknowledged.
 */
const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];
const PAGES = ["/", "/best-casinos", "/reviews/spinia", "/bonuses/free-spins"];

export interface RedirectedClick {
  clickId: string;
  slug: string;
  siteId: string;
  offerId: string;
  campaignId: string | null;
}

export interface SentPostback {
  txid: string;
  clickId: string;
  path: string;
  /** Answered 200 (accepted or duplicate) at least once: the sender will not send it again. */
  acked: boolean;
  sends: number;
}

export interface TrafficStats {
  clicksRedirected: number;
  clickErrors: number;
  beaconsAnswered: number;
  beaconErrors: number;
  postbackSends: number;
  postbackErrors: number;
  /** Answers "duplicate" (a retry of an event already stored). */
  duplicates: number;
  /** Answers other than accepted/duplicate, by outcome (must stay empty: every postback here is valid). */
  otherOutcomes: Record<string, number>;
}

type Rand = () => number;

/** Small seeded PRNG (mulberry32), so a run can be repeated with `--seed`. */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Traffic {
  readonly clicks = new Map<string, RedirectedClick>();
  readonly postbacks: SentPostback[] = [];
  readonly stats: TrafficStats = {
    clicksRedirected: 0,
    clickErrors: 0,
    beaconsAnswered: 0,
    beaconErrors: 0,
    postbackSends: 0,
    postbackErrors: 0,
    duplicates: 0,
    otherOutcomes: {},
  };
  /** Events not sent yet, per click, in the (shuffled) order the operator will send them. */
  private readonly queued: { click: RedirectedClick; path: string; txid: string }[][] = [];
  private n = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly seed: Seed,
    private readonly runId: string,
    private readonly rand: Rand,
  ) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)] as T;
  }

  /** The answer read whole, or null when the runtime died before answering (killed or restarting). */
  private async request(path: string, init: RequestInit): Promise<{ status: number; location: string | null; body: string } | null> {
    try {
      const res = await fetch(`${this.baseUrl()}${path}`, { redirect: "manual", signal: AbortSignal.timeout(10_000), ...init });
      return { status: res.status, location: res.headers.get("location"), body: await res.text() };
    } catch {
      return null;
    }
  }

  /** One visitor action or operator postback. */
  async step(): Promise<void> {
    const r = this.rand();
    if (r < 0.35) await this.click();
    else if (r < 0.55) await this.beacon();
    else await this.postback();
  }

  async click(): Promise<void> {
    const link = this.pick(this.seed.links);
    const res = await this.request(`/go/${link.slug}?sub1=chaos`, {
      headers: {
        "user-agent": this.pick(UAS),
        "cf-connecting-ip": `198.51.${Math.floor(this.rand() * 250)}.${1 + Math.floor(this.rand() * 250)}`,
      },
    });
    if (res === null || res.status !== 302) {
      this.stats.clickErrors++;
      return;
    }
    const location = new URL(res.location ?? "");
    const clickId = [...location.searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v));
    if (!clickId) throw new Error(`redirect of ${link.slug} carries no click id: ${location}`);
    const click = { clickId, slug: link.slug, siteId: link.siteId, offerId: link.offerId, campaignId: link.campaignId };
    this.clicks.set(clickId, click);
    this.stats.clicksRedirected++;
    this.queued.push(this.eventsFor(click));
  }

  /** A registration, for about half the clicks an FTD, and for some of those deposits — shuffled. */
  private eventsFor(click: RedirectedClick): { click: RedirectedClick; path: string; txid: string }[] {
    const key = this.seed.postbackKeys.find((k) => k.offerId === click.offerId)?.key;
    if (!key) throw new Error(`no postback key for ${click.offerId}`);
    const ev = (event: string, extra = "") => {
      const txid = `chaos-${this.runId}-${++this.n}`;
      return { click, txid, path: `/pb/${key}?click_id=${click.clickId}&event=${event}&txid=${txid}${extra}` };
    };
    const out = [ev("registration")];
    if (this.rand() < 0.5) {
      out.push(ev("ftd", `&amount=${20 + Math.floor(this.rand() * 80)}.00&currency=EUR`));
      const deposits = Math.floor(this.rand() * 3);
      for (let d = 0; d < deposits; d++) out.push(ev("deposit", `&amount=${10 + d}.50&currency=EUR`));
    }
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
    }
    return out;
  }

  async beacon(): Promise<void> {
    const site = this.pick(this.seed.sites);
    const domain = site.domains[0] ?? "localhost";
    const res = await this.request("/e", {
      method: "POST",
      headers: {
        "content-type": "text/plain;charset=UTF-8",
        origin: `https://${domain}`,
        "user-agent": this.pick(UAS),
        "cf-connecting-ip": `203.0.${Math.floor(this.rand() * 250)}.${1 + Math.floor(this.rand() * 250)}`,
      },
      body: JSON.stringify({ s: site.publicKey, t: "pv", u: `https://${domain}${this.pick(PAGES)}`, r: "", w: 1280 }),
    });
    if (res?.status === 204) this.stats.beaconsAnswered++;
    else this.stats.beaconErrors++;
  }

  async postback(): Promise<void> {
    const unacked = this.postbacks.filter((p) => !p.acked);
    // Retries: a sender re-sends what it got no 200 for, and operators re-send some acknowledged ones too.
    if (unacked.length > 0 && this.rand() < 0.5) return this.send(this.pick(unacked));
    if (this.postbacks.length > 0 && this.rand() < 0.3) return this.send(this.pick(this.postbacks));
    const withEvents = this.queued.filter((q) => q.length > 0);
    if (withEvents.length === 0) return this.click();
    const next = this.pick(withEvents).shift();
    if (!next) return;
    const pb: SentPostback = { txid: next.txid, clickId: next.click.clickId, path: next.path, acked: false, sends: 0 };
    this.postbacks.push(pb);
    return this.send(pb);
  }

  async send(pb: SentPostback): Promise<void> {
    pb.sends++;
    this.stats.postbackSends++;
    const res = await this.request(pb.path, { headers: { "user-agent": "operator-postback/1.0" } });
    if (res === null || res.status !== 200) {
      this.stats.postbackErrors++;
      return;
    }
    const body = JSON.parse(res.body) as { outcome?: string };
    if (body.outcome === "duplicate") this.stats.duplicates++;
    else if (body.outcome !== "accepted")
      this.stats.otherOutcomes[String(body.outcome)] = (this.stats.otherOutcomes[String(body.outcome)] ?? 0) + 1;
    pb.acked = true;
  }

  /** After the last restart: every postback still unanswered is retried until it is answered (or gives up). */
  async retryUnacked(deadlineMs: number): Promise<number> {
    for (;;) {
      const unacked = this.postbacks.filter((p) => !p.acked);
      if (unacked.length === 0 || Date.now() > deadlineMs) return unacked.length;
      for (const pb of unacked) await this.send(pb);
    }
  }
}
