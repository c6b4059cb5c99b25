/**
 * Tracking-link clicks for the benchmark (scripts/bench.ts) and the profiler (profile.ts): what a browser
 * sends to /go/spinia-uk through Cloudflare, which adds the visitor's address (cf-connecting-ip).
 *
 * 256 visitors (128 addresses × 2 placements), so unique-click tracking does real work and no address
 * crosses the per-IP click limit (120 a minute, wrangler.toml): over it, clicks would be stored flagged
 * and skip part of the work, which would flatter the figure.
 */
export const BENCH_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

export function clickRequests(n = 256): { method: "GET"; path: string; headers: Record<string, string> }[] {
  return Array.from({ length: n }, (_, i) => ({
    method: "GET" as const,
    path: `/go/spinia-uk?sub1=bench-${i % 2}`,
    headers: { "user-agent": BENCH_UA, "cf-connecting-ip": `198.51.100.${1 + (i >> 1)}` },
  }));
}
