/**
 * Cost of accounts on this stack: wall time of sign-up and sign-in, and the runtime's CPU per
 * sign-in (workerd processes' CPU time from /proc, less the CPU of as many bare requests).
 */
import { groupCpuMs } from "../lib/proc-cpu";

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
    const cpu0 = groupCpuMs(group, "workerd");
    for (let i = 0; i < n; i++) await timed(() => fetch(`${base}/healthz`), 204);
    return groupCpuMs(group, "workerd") - cpu0;
  };
  const bareCpu = await bare();
  const logins: number[] = [];
  const cpu0 = groupCpuMs(group, "workerd");
  // Each from its own address, and successful, so throttling never kicks in.
  for (let i = 0; i < n; i++)
    logins.push(await timed(() => post("/api/auth/login", { email, password: "bench-password-1" }, `10.8.${i}.1`), 200));
  const loginCpu = groupCpuMs(group, "workerd") - cpu0;
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
