/**
 * Outbound requests to user-given report URLs (Test connection, syncs): outside development they
 * must not reach private, loopback, link-local, unique-local or cloud-metadata targets — checked on
 * the hostname literal, on the addresses a hostname resolves to (A and AAAA over DNS-over-HTTPS: a
 * Worker has no resolver API) and on every redirect, which is followed here by hand so that a public
 * URL cannot bounce the request inside. A lookup that fails refuses the fetch; it never lets it through.
 */
import { DNS_RCODES, DNS_TYPES, type DnsQueryType, dnsJsonAnswerSchema } from "../../shared/dns-json";
import { ipAllowed, parseIp } from "../../shared/ip-ranges";

const PRIVATE_RANGES = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10", // carrier-grade NAT; 100.100.100.200 is a cloud metadata address
  "127.0.0.0/8",
  "169.254.0.0/16", // link-local, 169.254.169.254 = metadata
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/3", // multicast and reserved
  "::/128",
  "::1/128",
  "fe80::/10", // link-local
  "fc00::/7", // unique-local (fd00:ec2::254 = metadata)
  "64:ff9b::/96", // NAT64 of IPv4 (could embed a private address)
];
const LOOPBACK = ["127.0.0.0/8", "::1/128"];
/** Names that mean "this machine" or a cloud's metadata service, whatever DNS says. */
const PRIVATE_NAMES = /(^|\.)(localhost|internal|local|localdomain|home\.arpa)$|^metadata(\.google\.internal)?$|^instance-data$/i;
const MAX_REDIRECTS = 5;
const DNS_TIMEOUT_MS = 5_000;
/** Answers are kept per isolate for their TTL, at most this long, so a sync's many windows resolve once. */
const DNS_CACHE_MAX_MS = 60_000;
const dnsCache = new Map<string, { addresses: string[]; until: number }>();

/** The bindings the guard reads: ENVIRONMENT and the DoH resolver (wrangler.toml [vars] DNS_RESOLVER_URL). */
export interface OutboundEnv {
  ENVIRONMENT?: string;
  DNS_RESOLVER_URL?: string;
}

export class BlockedTargetError extends Error {
  override readonly name = "BlockedTargetError";
}

/** The target could not be checked (resolver down or failing): refused too, but worth a later retry. */
export class TargetCheckError extends Error {
  override readonly name = "TargetCheckError";
}

/** Which targets an environment may reach: development anything; the test runner its loopback sandboxes; else public only. */
function allowedPrivate(environment: string | undefined): string[] | "all" {
  if (environment === "development") return "all";
  return environment === "test" ? LOOPBACK : [];
}

/** Why a URL may not be fetched here (null: it may). */
export function blockedReason(url: string, environment: string | undefined): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "is not a valid URL";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "must be http(s)";
  const allowed = allowedPrivate(environment);
  if (allowed === "all") return null;
  const host = u.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const ip = parseIp(host);
  if (ip) {
    if (ipAllowed(host, PRIVATE_RANGES) && !ipAllowed(host, allowed)) return `points to a private or local address (${host})`;
    return null;
  }
  if (PRIVATE_NAMES.test(host)) {
    const loopbackName = /(^|\.)localhost$/i.test(host);
    if (!(loopbackName && allowed.length)) return `points to a local or internal host (${host})`;
  }
  return null;
}

/** A and AAAA of `host` through the DoH resolver; throws BlockedTargetError when they cannot be known. */
async function resolveHost(host: string, resolver: string | undefined, fetcher: typeof fetch): Promise<string[]> {
  const key = host.toLowerCase();
  const cached = dnsCache.get(key);
  if (cached && cached.until > Date.now()) return cached.addresses;
  const refuse = (why: string) =>
    new TargetCheckError(`The report URL's host ${host} could not be checked (${why}), so it was not fetched; try again later`);
  if (!resolver)
    throw new BlockedTargetError(`The report URL's host ${host} could not be checked: no DNS resolver is configured (DNS_RESOLVER_URL)`);
  const lookup = async (type: DnsQueryType) => {
    const u = new URL(resolver);
    u.searchParams.set("name", host);
    u.searchParams.set("type", type);
    let res: Response;
    try {
      res = await fetcher(u.toString(), { headers: { accept: "application/dns-json" }, signal: AbortSignal.timeout(DNS_TIMEOUT_MS) });
    } catch (err) {
      throw refuse(`DNS lookup failed: ${String((err as Error).message ?? err)}`);
    }
    if (!res.ok) throw refuse(`DNS resolver answered ${res.status}`);
    const parsed = dnsJsonAnswerSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw refuse("unreadable DNS answer");
    const { Status, Answer = [] } = parsed.data;
    if (Status === 3) throw new BlockedTargetError(`The report URL's host ${host} does not exist (DNS NXDOMAIN)`);
    if (Status !== 0) throw refuse(`DNS ${DNS_RCODES[Status] ?? `status ${Status}`}`);
    // Only the records of the asked type: a CNAME chain's target addresses come along in the same Answer.
    return Answer.filter((a) => a.type === DNS_TYPES[type]);
  };
  const records = (await Promise.all([lookup("A"), lookup("AAAA")])).flat();
  if (!records.length) throw new BlockedTargetError(`The report URL's host ${host} has no address (no A or AAAA record)`);
  const addresses = records.map((r) => r.data);
  const ttlMs = Math.min(...records.map((r) => r.TTL * 1000), DNS_CACHE_MAX_MS);
  if (ttlMs > 0) dnsCache.set(key, { addresses, until: Date.now() + ttlMs });
  return addresses;
}

/** Why a URL may not be fetched, including what its hostname resolves to (null: it may). */
async function targetRefusal(url: string, env: OutboundEnv, fetcher: typeof fetch): Promise<string | null> {
  const why = blockedReason(url, env.ENVIRONMENT);
  if (why) return `The report URL ${why}: only public addresses can be reached`;
  const allowed = allowedPrivate(env.ENVIRONMENT);
  if (allowed === "all") return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (parseIp(host)) return null;
  for (const ip of await resolveHost(host, env.DNS_RESOLVER_URL, fetcher)) {
    if (!parseIp(ip)) return `The report URL's host ${host} resolves to an unreadable address (${ip})`;
    if (ipAllowed(ip, PRIVATE_RANGES) && !ipAllowed(ip, allowed)) {
      return `The report URL's host ${host} resolves to a private or local address (${ip}): only public addresses can be reached`;
    }
  }
  return null;
}

/** `fetcher` refusing private targets (by literal and by DNS) and checking each redirect before following it. */
export function guardedFetch(env: OutboundEnv, fetcher: typeof fetch = fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    let url = input instanceof Request ? input.url : String(input);
    let req: RequestInit = { ...init, redirect: "manual" };
    for (let hop = 0; ; hop++) {
      const why = await targetRefusal(url, env, fetcher);
      if (why) throw new BlockedTargetError(why);
      const res = await fetcher(url, req);
      const location = res.headers.get("location");
      if (res.status < 300 || res.status > 399 || !location) return res;
      if (hop >= MAX_REDIRECTS) throw new BlockedTargetError("The report URL redirects too many times");
      url = new URL(location, url).toString();
      // 303 (and 301/302 after a POST, as browsers do) continue as GET without a body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && req.method && req.method !== "GET")) {
        req = { ...req, method: "GET", body: undefined };
      }
    }
  }) as typeof fetch;
}
