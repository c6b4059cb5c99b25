import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, faultReply } from "./faults";
import { affilka } from "./platforms/affilka";
import { cellxpert } from "./platforms/cellxpert";
import { everflow } from "./platforms/everflow";
import { generic } from "./platforms/generic";
import { incomeAccess } from "./platforms/income-access";
import { map } from "./platforms/map";
import { myaffiliates } from "./platforms/myaffiliates";
import { netrefer } from "./platforms/netrefer";
import { referon } from "./platforms/referon";
import { smartico } from "./platforms/smartico";
import { newState, type SandboxState } from "./state";

/**
 * Sandbox affiliate platforms on loopback: each platform's report API in its real format, with
 * its failure modes. Used by `npm run dev`, the tests (vitest globalSetup) and the benchmarks.
 */
export interface SandboxReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

type PlatformHandler = (
  url: URL,
  headers: Record<string, string>,
  state: SandboxState,
  body: string,
  method: string,
) => SandboxReply | Promise<SandboxReply>;

export const PLATFORM_HANDLERS: Record<string, PlatformHandler> = {
  affilka,
  generic,
  "income-access": incomeAccess,
  cellxpert,
  smartico,
  map,
  netrefer,
  myaffiliates,
  everflow,
  referon,
};

export interface Sandbox {
  url: string;
  state: SandboxState;
  close(): Promise<void>;
}

export async function startSandbox(port = 0, host = "127.0.0.1"): Promise<Sandbox> {
  let state = newState();
  let fault: Fault | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", `http://${host}`);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      state.log.push({ method: req.method ?? "GET", url: url.pathname + url.search, headers });
      if (state.log.length > 50_000) state.log.splice(0, 10_000);
      let reply: SandboxReply;
      try {
        reply = await route(url, headers, body, req.method ?? "GET");
      } catch (err) {
        reply = { status: 500, body: `sandbox error: ${String(err)}` };
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
        res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });

  async function route(url: URL, headers: Record<string, string>, body: string, method: string): Promise<SandboxReply> {
    const [, first] = url.pathname.split("/");
    if (first === "__control") return control(url, body);
    // A report URL that bounces elsewhere (?to=…): the outbound guard must check every hop.
    if (first === "redirect") return { status: 302, body: "", headers: { Location: url.searchParams.get("to") ?? "/" } };
    if (first === "traffic-source") {
      state.sourcePostbacks.push(url.search);
      return { status: 200, body: "OK" };
    }
    const handler = first ? PLATFORM_HANDLERS[first] : undefined;
    if (!handler) return { status: 404, body: JSON.stringify({ error: `no sandbox platform at /${first}` }) };
    const real = async () => handler(url, headers, state, body, method);
    const hit =
      fault &&
      fault.platform === first &&
      (!fault.token || url.search.includes(fault.token) || Object.values(headers).some((v) => v.includes(fault?.token ?? "")));
    return fault && hit ? faultReply(fault, real) : real();
  }

  function control(url: URL, body: string): SandboxReply {
    const p = url.pathname.split("/")[2];
    const args = (body ? JSON.parse(body) : {}) as { platform?: string; token?: string; day?: string; factor?: number };
    const key = `${args.platform}|${args.token}|${args.day}`;
    if (p === "reset") state = newState();
    else if (p === "restate") state.restated.set(key, args.factor ?? 0.8);
    else if (p === "vanish") state.vanished.add(key);
    else if (p === "fault") {
      const f = JSON.parse(body) as { platform: string; token?: string; mode: string; count?: number };
      fault =
        f.mode === "none"
          ? null
          : { platform: f.platform, token: f.token, mode: f.mode, remaining: f.count ?? Number.POSITIVE_INFINITY, seen: 0 };
    } else if (p === "state") {
      return {
        status: 200,
        body: JSON.stringify({ sourcePostbacks: state.sourcePostbacks, requests: state.log.length, log: state.log.slice(-200) }),
      };
    } else if (p === "truth") {
      // Commission per tag reported so far for one platform + token: { "<tag>": micros }.
      const prefix = `${args.platform}|${args.token}|`;
      const perTag: Record<string, number> = {};
      for (const [k, v] of state.truth) {
        if (!k.startsWith(prefix)) continue;
        const tag = k.slice(prefix.length).split("|")[0] ?? "";
        perTag[tag] = (perTag[tag] ?? 0) + v;
      }
      return { status: 200, body: JSON.stringify(perTag) };
    } else return { status: 404, body: '{"error":"unknown control"}' };
    return { status: 200, body: '{"ok":true}' };
  }

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    get state() {
      return state;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
