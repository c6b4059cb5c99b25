/**
 * Offer API credentials encrypted at rest: AES-256-GCM, key from the SECRETS_KEY Worker secret
 * (base64 of 32 bytes). Format "v1.<iv>.<ciphertext>" (base64url). Never returned by the API.
 */
const keyCache = new Map<string, Promise<CryptoKey>>();

function keyFrom(secret: string): Promise<CryptoKey> {
  let k = keyCache.get(secret);
  if (!k) {
    const raw = Uint8Array.from(atob(secret), (ch) => ch.charCodeAt(0));
    if (raw.length !== 32) throw new Error("SECRETS_KEY must be base64 of 32 bytes");
    k = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keyCache.set(secret, k);
  }
  return k;
}

const b64u = (b: Uint8Array) =>
  btoa(String.fromCharCode(...b))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const unb64u = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));

export async function encryptSecrets(env: Env, value: Record<string, string>): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await keyFrom(env.SECRETS_KEY),
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return `v1.${b64u(iv)}.${b64u(new Uint8Array(ct))}`;
}

export async function decryptSecrets(env: Env, blob: string | null): Promise<Record<string, string>> {
  if (!blob) return {};
  const [v, iv, ct] = blob.split(".");
  if (v !== "v1" || !iv || !ct) throw new Error("unknown secret format");
  const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64u(iv) }, await keyFrom(env.SECRETS_KEY), unb64u(ct));
  return JSON.parse(new TextDecoder().decode(pt)) as Record<string, string>;
}

/** Replaces every secret (and its URL-encoded form) in a text with "[redacted]". */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("[redacted]");
  }
  return out;
}

/** The credentials in URLs' userinfo (https://user:pass@host): each part, as written and decoded. */
export function userinfoSecrets(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^\s/?#@]+)@/gi)) {
    for (const part of (m[1] ?? "").split(":")) {
      if (!part) continue;
      out.push(part);
      try {
        out.push(decodeURIComponent(part));
      } catch {
        // not percent-encoded: the raw form is enough
      }
    }
  }
  return out;
}

/** A URL with its credential-looking query parameters and any userinfo masked, for display. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username) u.username = "••••";
    if (u.password) u.password = "••••";
    for (const k of [...u.searchParams.keys()]) {
      if (/token|key|secret|password|apikey|apipassword|auth/i.test(k)) u.searchParams.set(k, "••••");
    }
    return u.toString().replace(/%E2%80%A2/g, "•");
  } catch {
    return "(invalid URL)";
  }
}
