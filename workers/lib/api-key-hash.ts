/** Workspace API key material: minted here, stored only as a SHA-256 hash (keys are 200 random bits, so no slow hash is needed). */
import { API_KEY_PREFIX, API_KEY_SHOWN } from "../../shared/api-keys";
import { sha256Hex } from "./ids";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function mintApiKey(): { key: string; prefix: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  let body = "";
  for (const b of bytes) body += ALPHABET[b & 31];
  const key = API_KEY_PREFIX + body;
  return { key, prefix: key.slice(0, API_KEY_SHOWN) };
}

export const hashApiKey = (key: string): string => sha256Hex(key);
