/** The longest prefix of `text` that fits in `max` UTF-8 bytes (never cuts a character in two). */
export function truncateBytes(text: string, max: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short text (every normal postback) needs no encoding.
  if (text.length * 3 <= max) return text;
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength <= max) return text;
  let end = max;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut falls between characters.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
