import type { SandboxReply } from "./server";

/**
 * Faults injected in front of one platform's real handler (`POST /__control/fault`), so the same
 * account (same token, same data) fails in a chosen way and then recovers — what `npm run faults`
 * needs to prove that a bad answer never damages data stored by earlier pulls.
 * - `500`: Internal Server Error; `429`: Too Many Requests with Retry-After: 2;
 * - `timeout`: answers only after 25 s (past the connector's 20 s timeout);
 * - `truncated`: the real answer cut in half; `error200`: HTTP 200 whose body is an error message;
 * - `second`: the first request is answered, the second fails with a 500 (a failing second page/window);
 * - `omit:<column>`: the real answer with that column (JSON key or `{name: column}` cell) left out.
 * `count` limits how many requests the fault applies to (default: until cleared with mode `none`);
 * `token` limits it to one account's requests.
 */
export interface Fault {
  platform: string;
  /** Only requests whose URL or headers contain this credential (tests share one sandbox). */
  token?: string;
  mode: string;
  remaining: number;
  seen: number;
}

export function faultReply(fault: Fault, real: () => Promise<SandboxReply>): Promise<SandboxReply> | SandboxReply {
  fault.seen++;
  if (fault.remaining <= 0) return real();
  fault.remaining--;
  const [mode, arg] = fault.mode.split(":");
  switch (mode) {
    case "500":
      return { status: 500, body: "<html>Internal Server Error</html>" };
    case "429":
      return { status: 429, headers: { "Retry-After": "2" }, body: '{"error":"Too Many Requests"}' };
    case "timeout":
      return { status: 200, delayMs: 25_000, body: "{}" };
    case "error200":
      return { status: 200, body: JSON.stringify({ error: "Statistic token is invalid" }) };
    case "second":
      if (fault.seen === 2) return { status: 500, body: "<html>Internal Server Error</html>" };
      fault.remaining++;
      return real();
    case "truncated":
      return real().then((r) => ({ ...r, body: r.body.slice(0, Math.floor(r.body.length / 2)) }));
    case "omit":
      return real().then((r) => ({ ...r, body: JSON.stringify(omit(JSON.parse(r.body), arg ?? "")) }));
    default:
      return real();
  }
}

function omit(v: unknown, column: string): unknown {
  if (Array.isArray(v))
    return v.filter((x) => !(x && typeof x === "object" && (x as { name?: unknown }).name === column)).map((x) => omit(x, column));
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== column)
        .map(([k, x]) => [k, omit(x, column)]),
    );
  return v;
}
