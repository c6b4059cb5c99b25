/**
 * Outbound requests to user-given report URLs (Test connection, syncs): outside development they
 * must not reach private, loopback, link-local, unique-local or cloud-metadata targets — checked on
 * the hostname literal (a Worker cannot resolve DNS itself) and on every redirect, which is
 * followed here by hand so that a public URL cannot bounce the request inside.
 */
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

export class BlockedTargetError extends Error {
  override readonly name = "BlockedTargetError";
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

/** `fetcher` refusing private targets (by literal) and checking each redirect before following it. */
export function guardedFetch(environment: string | undefined, fetcher: typeof fetch = fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    let url = input instanceof Request ? input.url : String(input);
    let req: RequestInit = { ...init, redirect: "manual" };
    for (let hop = 0; ; hop++) {
      const why = blockedReason(url, environment);
      if (why) throw new BlockedTargetError(`The report URL ${why}: only public addresses can be reached`);
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
