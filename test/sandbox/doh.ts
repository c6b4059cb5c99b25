import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A DNS-over-HTTPS resolver on loopback speaking the JSON API of cloudflare-dns.com
 * (`GET /dns-query?name=…&type=A|AAAA`, `accept: application/dns-json`), with a fixed zone, so the
 * outbound guard's lookups are tested without the internet. The tests' Worker gets its URL as
 * DNS_RESOLVER_URL (vitest.config.ts). Names not in the zone answer NXDOMAIN, as a real resolver would.
 */
const A = 1;
const AAAA = 28;
const CNAME = 5;
type Rr = { type: number; data: string };

/** name → records; `status` overrides the DNS status, `http` makes the resolver itself fail. */
export const DOH_ZONE: Record<string, { records?: Rr[]; status?: number; http?: number }> = {
  // Resolves to loopback: allowed for the test runner (its sandboxes live there), as a literal 127.0.0.1 is.
  localhost: {
    records: [
      { type: A, data: "127.0.0.1" },
      { type: AAAA, data: "::1" },
    ],
  },
  "intranet.partners.example": { records: [{ type: A, data: "10.0.0.7" }] },
  "metadata-alias.partners.example": { records: [{ type: A, data: "169.254.169.254" }] },
  // A public IPv4 next to a unique-local IPv6: one private address is enough to refuse.
  "dual.partners.example": {
    records: [
      { type: A, data: "93.184.215.14" },
      { type: AAAA, data: "fd00:ec2::254" },
    ],
  },
  // A CNAME chain: the resolver returns the alias and its target's address in one Answer.
  "alias.partners.example": {
    records: [
      { type: CNAME, data: "intranet.partners.example." },
      { type: A, data: "10.0.0.7" },
    ],
  },
  "servfail.partners.example": { status: 2 },
  "resolver-down.partners.example": { http: 503 },
};

export interface DohSandbox {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startDohSandbox(port = 0, host = "127.0.0.1"): Promise<DohSandbox> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${host}`);
    const name = (url.searchParams.get("name") ?? "").toLowerCase().replace(/\.$/, "");
    const type = url.searchParams.get("type") === "AAAA" ? AAAA : A;
    if (url.pathname !== "/dns-query" || !name) {
      res.writeHead(400).end("bad request");
      return;
    }
    const entry = DOH_ZONE[name];
    if (entry?.http) {
      res.writeHead(entry.http).end("resolver unavailable");
      return;
    }
    const status = entry ? (entry.status ?? 0) : 3;
    const answer = (entry?.records ?? [])
      .filter((r) => r.type === type || r.type === CNAME)
      .map((r) => ({ name: `${name}.`, type: r.type, TTL: 30, data: r.data }));
    const body = {
      Status: status,
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: [{ name: `${name}.`, type }],
      ...(answer.length && status === 0 ? { Answer: answer } : {}),
    };
    res.writeHead(200, { "content-type": "application/dns-json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/dns-query`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
