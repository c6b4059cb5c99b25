import { createHash } from "node:crypto";

/** Identifiers. Click ids are sortable (time first) and unguessable (80 random bits). */

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeBase32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out.slice(0, length);
}

/** 26-char lowercase ULID: 10 chars of ms timestamp + 16 chars of randomness. */
export function ulid(now = Date.now()): string {
  let t = now;
  let time = "";
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + encodeBase32(randomBytes(10), 16);
}

// Random bytes drawn 4 KiB at a time: one getRandomValues call per ~400 ids instead of one per id
// (each call crosses into the runtime; a click mints one id, a postback two). Each byte is used once.
let pool = new Uint8Array(0);
let poolAt = 0;
function randomBytes(n: number): Uint8Array {
  if (poolAt + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

/**
 * Click id = site hub code (6) + ULID (26): routes a postback to its site's Durable Object. With a
 * link id, the first 6 of the ULID's 16 random chars are the link's tag (30 bits; 50 random bits
 * remain), so a postback whose click was lost before its write still names its link
 * (docs/decisions.md, "Postbacks of lost clicks").
 */
export function mintClickId(hubCode: string, now = Date.now(), linkId?: string): string {
  const id = ulid(now);
  return linkId ? hubCode + id.slice(0, 10) + linkTag(linkId) + id.slice(16) : hubCode + id;
}

const tags = new Map<string, string>();
/** The 6-char tag of a link in its click ids (memoised: computed once per link per isolate). */
export function linkTag(linkId: string): string {
  let tag = tags.get(linkId);
  if (!tag) {
    tag = encodeBase32(createHash("sha256").update(`link:${linkId}`).digest().subarray(0, 4), 6);
    if (tags.size > 10_000) tags.clear();
    tags.set(linkId, tag);
  }
  return tag;
}

/** Click ids minted before this moment carry random characters where the link tag now is. */
export const LINK_TAGS_SINCE = Date.UTC(2026, 10, 29);

/** The link tag a click id carries, or null for an id minted before click ids carried one. */
export function linkTagOf(clickId: string): string | null {
  if (!CLICK_ID_RE.test(clickId)) return null;
  let t = 0;
  for (const ch of clickId.slice(6, 16)) t = t * 32 + CROCKFORD.indexOf(ch);
  return t >= LINK_TAGS_SINCE ? clickId.slice(16, 22) : null;
}

export const CLICK_ID_RE = /^[0-9a-z]{6}[0-9a-hjkmnp-tv-z]{26}$/;

export function hubCodeOf(clickId: string): string | null {
  return CLICK_ID_RE.test(clickId) ? clickId.slice(0, 6) : null;
}

export function randomToken(bytes = 24): string {
  return encodeBase32(crypto.getRandomValues(new Uint8Array(bytes)), Math.ceil((bytes * 8) / 5));
}

export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

/** SHA-256 of a string as hex (the first `bytes` bytes), synchronously: node:crypto is native in workerd. */
export function sha256Hex(input: string, bytes = 32): string {
  return createHash("sha256")
    .update(input)
    .digest("hex")
    .slice(0, bytes * 2);
}
