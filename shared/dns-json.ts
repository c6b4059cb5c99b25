import { z } from "zod";

/**
 * DNS-over-HTTPS answers in the JSON form (`accept: application/dns-json`, Cloudflare and Google
 * resolvers): the outbound guard (workers/lib/outbound.ts) resolves report URLs' hosts with it.
 * Only the fields it reads; record `type` 1 = A, 28 = AAAA, 5 = CNAME.
 */
export const DNS_TYPES = { A: 1, AAAA: 28 } as const;
export type DnsQueryType = keyof typeof DNS_TYPES;

/** Response codes (RFC 1035/6895) a resolver may return in `Status`, by name for messages. */
export const DNS_RCODES: Record<number, string> = { 0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED" };

export const dnsJsonAnswerSchema = z.object({
  Status: z.number().int().min(0),
  Answer: z.array(z.object({ name: z.string(), type: z.number().int(), TTL: z.number().int().min(0), data: z.string() })).optional(),
});
export type DnsJsonAnswer = z.infer<typeof dnsJsonAnswerSchema>;
