import { scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashes for better-auth: native scrypt from `node:crypto` (nodejs_compat). better-auth's
 * default is a pure-JS scrypt that can exceed a Worker's CPU limit; the native one is fast and the
 * same algorithm. Hashes created before better-auth are PBKDF2-SHA256 and still verify.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

function scryptBytes(password: string, salt: Uint8Array, n: number, r: number, p: number, len: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, len, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(new Uint8Array(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `scrypt$${N}$${R}$${P}$${b64(salt)}$${b64(await scryptBytes(password, salt, N, R, P, KEY_LEN))}`;
}

export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const parts = hash.split("$");
  let got: Uint8Array;
  let want: Uint8Array;
  if (parts[0] === "scrypt" && parts.length === 6) {
    const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
    want = unb64(key);
    got = await scryptBytes(password, unb64(salt), Number(n), Number(r), Number(p), want.length);
  } else if (parts[0] === "pbkdf2" && parts.length === 4) {
    const [, iter, salt, key] = parts as [string, string, string, string];
    want = unb64(key);
    got = await pbkdf2(password, unb64(salt), Number(iter));
  } else {
    return false;
  }
  return got.length === want.length && timingSafeEqual(got, want);
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256));
}
