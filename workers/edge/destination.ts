import type { LinkRoute } from "../site-hub/routes";

/**
 * A click's destination: the offer's tracking URL with the forwarded parameters and the click id
 * set, exactly as `URL.searchParams.set` would write it (the query re-serialised as form fields),
 * but from a template parsed once per tracking URL per isolate instead of a URL parsed and
 * re-serialised per click (docs/performance.md, session 5).
 */
const MAX_PARAM = 200;
/** Stored with the click (which page / button), never forwarded. */
export const PLACEMENT_PARAMS = ["placement", "p"];

interface Template {
  /** The URL up to its query: scheme, host, path. */
  head: string;
  /** Its query's pairs: the name, and the pair as serialised ("name=value"). */
  pairs: readonly (readonly [string, string])[];
  /** "#…" or "". */
  hash: string;
}

// null: not a usable http(s) URL (answered with the broken-offer page).
const templates = new Map<string, Template | null>();

function templateOf(trackingUrl: string): Template | null {
  let t = templates.get(trackingUrl);
  if (t !== undefined) return t;
  t = null;
  try {
    const u = new URL(trackingUrl);
    if (u.protocol === "https:" || u.protocol === "http:") {
      const hash = u.hash;
      const pairs = [...u.searchParams].map(([k, v]) => [k, pair(k, v)] as const);
      u.search = "";
      u.hash = "";
      t = { head: u.href, pairs, hash };
    }
  } catch {
    // not a URL: null
  }
  if (templates.size > 1000) templates.clear();
  templates.set(trackingUrl, t);
  return t;
}

const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;
const FORM_EXTRA = /[!'()~]/g;
/** application/x-www-form-urlencoded, as URLSearchParams serialises (space as "+", only *-._ and alphanumerics bare). */
function formEncode(s: string): string {
  if (FORM_SAFE.test(s)) return s;
  return encodeURIComponent(s)
    .replace(FORM_EXTRA, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

const pair = (name: string, value: string) => `${formEncode(name)}=${formEncode(value)}`;

/** The redirect target, or null when the route's tracking URL is not a usable http(s) URL. */
export function buildDestination(route: LinkRoute, clickId: string, incoming: URLSearchParams): string | null {
  const t = templateOf(route.trackingUrl);
  if (!t) return null;
  let pairs = t.pairs;
  // URLSearchParams.set: the first pair of that name takes the value, later ones are removed; a new name is appended.
  const set = (name: string, value: string) => {
    const out = pairs === t.pairs ? pairs.slice() : (pairs as (readonly [string, string])[]);
    const i = out.findIndex((p) => p[0] === name);
    const p = [name, pair(name, value)] as const;
    if (i < 0) out.push(p);
    else {
      out[i] = p;
      for (let j = out.length - 1; j > i; j--) if (out[j]?.[0] === name) out.splice(j, 1);
    }
    pairs = out;
  };
  for (const name of route.forwardParams) {
    const v = incoming.get(name);
    if (v !== null && v.length <= MAX_PARAM && !PLACEMENT_PARAMS.includes(name)) set(name, v);
  }
  set(route.clickParam, clickId);
  return `${t.head}?${pairs.map((p) => p[1]).join("&")}${t.hash}`;
}
