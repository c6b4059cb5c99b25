/** Exact IPs and IPv4 CIDR ranges ("203.0.113.0/24"). */
export function ipAllowed(ip: string | null, allowlist: string[]): boolean {
  if (!ip) return false;
  return allowlist.some((entry) => (entry.includes("/") ? inCidr(ip, entry) : entry.trim() === ip));
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.trim().split("/");
  const bits = Number(bitsText);
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? "");
  if (a === null || b === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}
