/**
 * Cost of accounts on this stack: wall time of sign-up and sign-in, and the runtime's CPU per
 * sign-in (workerd processes' CPU time from /proc, less the CPU of as many bare requests).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time of the workerd processes in the stack's own process group (not other stacks on the machine). */
function workerdCpuMs(group: number): number {
  let pids: string[] = [];
  try {
    pids = execFileSync("pgrep", ["-g", String(group), "-x", "workerd"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch {
    return 0;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // process ended
    }
  }
  return ticks * TICK_MS;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(fn: () => Promise<Response>, expect: number): Promise<number> {
  const t = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status !== expect) throw new Error(`expected ${expect}, got ${res.status}`);
  return performance.now() - t;
}

export async function measureAuth(base: string, group: number, n = 40) {
  const post = (path: string, body: unknown, ip: string) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": ip },
      body: JSON.stringify(body),
    });
  const signups: number[] = [];
  const emails: string[] = [];
  for (let i = 0; i < 10; i++) {
    const email = `bench-${Date.now()}-${i}@example.com`;
    emails.push(email);
    signups.push(
      await timed(
        () => post("/api/auth/signup", { name: "Bench", email, password: "bench-password-1", workspaceName: "Bench" }, `10.9.0.${i}`),
        201,
      ),
    );
  }
  const email = emails[0] ?? "";
  const bare = async () => {
    const cpu0 = workerdCpuMs(group);
    for (let i = 0; i < n; i++) await timed(() => fetch(`${base}/healthz`), 204);
    return workerdCpuMs(group) - cpu0;
  };
  const bareCpu = await bare();
  const logins: number[] = [];
  const cpu0 = workerdCpuMs(group);
  // Each from its own address, and successful, so throttling never kicks in.
  for (let i = 0; i < n; i++)
    logins.push(await timed(() => post("/api/auth/login", { email, password: "bench-password-1" }, `10.8.${i}.1`), 200));
  const loginCpu = workerdCpuMs(group) - cpu0;
  const unknown: number[] = [];
  for (let i = 0; i < 8; i++)
    unknown.push(
      await timed(() => post("/api/auth/login", { email: `nobody-${i}@example.com`, password: "x-password-1" }, `10.7.${i}.1`), 401),
    );
  const wrong: number[] = [];
  for (let i = 0; i < 7; i++)
    wrong.push(await timed(() => post("/api/auth/login", { email: emails[1], password: "wrong-password" }, `10.6.${i}.1`), 401));
  return {
    signup_p50_ms: Math.round(p50(signups)),
    login_p50_ms: Math.round(p50(logins)),
    login_cpu_ms: Math.round(((loginCpu - bareCpu) / n) * 10) / 10,
    login_unknown_p50_ms: Math.round(p50(unknown)),
    login_wrong_p50_ms: Math.round(p50(wrong)),
  };
}
