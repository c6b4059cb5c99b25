/**
 * Postback IP allowlists: exact addresses and CIDR ranges, IPv4 ("203.0.113.0/24") and IPv6
 * ("2001:db8::/32"). An IPv4-mapped IPv6 sender (::ffff:203.0.113.7) matches IPv4 entries.
 * Written here rather than pulled in: ~60 lines of parsing, tested in test/api/ip-allowlist.test.ts.
 * In shared/: the offer input schema (also typing the dashboard) validates allowlist entries with it.
 */

interface Addr {
  v: 4 | 6;
  n: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseV4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256n + BigInt(p);
  }
  return n;
}

function parseV6(s: string): bigint | null {
  if (s.includes("%")) return null; // zone ids are local-only, never a postback sender
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === "") return [];
    const out: number[] = [];
    const items = h.split(":");
    for (const [i, g] of items.entries()) {
      if (i === items.length - 1 && g.includes(".")) {
        const v4 = parseV4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(Number.parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let n = 0n;
  for (const g of [...head, ...new Array<number>(missing).fill(0), ...tail]) n = (n << 16n) | BigInt(g);
  return n;
}

/** An address, IPv4-mapped IPv6 read as IPv4. */
export function parseIp(s: string): Addr | null {
  const t = s.trim();
  const v4 = parseV4(t);
  if (v4 !== null) return { v: 4, n: v4 };
  const v6 = parseV6(t);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { v: 4, n: v6 & 0xffffffffn };
  return { v: 6, n: v6 };
}

/** A range from "addr" or "addr/bits"; null when malformed. */
export function parseRange(entry: string): { v: 4 | 6; n: bigint; bits: number } | null {
  const [base = "", bitsText, extra] = entry.trim().split("/");
  if (extra !== undefined) return null;
  const a = parseIp(base);
  if (!a) return null;
  const max = BITS[a.v];
  // A mapped IPv6 base with a prefix counts its prefix over 128 bits: take off the 96 mapping bits.
  const mapped = a.v === 4 && base.includes(":");
  let bits = max;
  if (bitsText !== undefined) {
    if (!/^\d{1,3}$/.test(bitsText)) return null;
    bits = Number(bitsText) - (mapped ? 96 : 0);
  }
  if (bits < 0 || bits > max) return null;
  return { v: a.v, n: a.n, bits };
}

function inRange(ip: Addr, range: { v: 4 | 6; n: bigint; bits: number }): boolean {
  if (ip.v !== range.v) return false;
  const shift = BigInt(BITS[ip.v] - range.bits);
  return ip.n >> shift === range.n >> shift;
}

/** Whether `ip` is one of the allowlist's addresses or inside one of its ranges (malformed entries match nothing). */
export function ipAllowed(ip: string | null, allowlist: string[]): boolean {
  const addr = ip ? parseIp(ip) : null;
  if (!addr) return false;
  return allowlist.some((entry) => {
    const range = parseRange(entry);
    return range !== null && inRange(addr, range);
  });
}

/** Whether an allowlist entry is an address or CIDR range this module understands. */
export const isIpOrCidr = (entry: string): boolean => parseRange(entry) !== null;
