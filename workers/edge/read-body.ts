import { AppError } from "../lib/errors";

/**
 * Reads a request body of at most `max` BYTES: refused (413) up front when Content-Length says
 * more, and while streaming when a sender lies or sends chunked, so an oversized body is never
 * held whole in memory.
 */
export async function readBodyCapped(req: Request, max: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => new AppError(413, "body_too_large", `${what} body over ${max} bytes`, { field: "body", maxBytes: max });
  const header = req.headers.get("content-length");
  const declared = Number(header ?? "0");
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!req.body) return new Uint8Array();
  // The common case (a beacon, a postback): a declared length within the cap. The runtime never hands
  // over more than Content-Length says, so one native read is enough and the hot path skips the loop.
  if (header !== null && Number.isFinite(declared)) return new Uint8Array(await req.arrayBuffer());
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, capped like readBodyCapped; the common case (a declared length within the cap) is one native read and decode. */
export async function readTextCapped(req: Request, max: number, what: string): Promise<string> {
  const header = req.headers.get("content-length");
  const declared = Number(header ?? "0");
  if (req.body && header !== null && Number.isFinite(declared) && declared <= max) return req.text();
  return new TextDecoder().decode(await readBodyCapped(req, max, what));
}
