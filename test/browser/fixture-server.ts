import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";

/**
 * Serves the Site Analytics fixture pages (test/browser/fixtures/<feature>/index.html) the way an
 * affiliate's site would: Chromium resolves casinoguide.example (one of site_uk's domains) and the
 * offers' hosts to this server (--host-resolver-rules, see analytics-helpers.ts).
 *
 *   http://casinoguide.example:<port>/<feature>/<anything>  → the feature's fixture page
 *   http://casinoguide.example:<port>/go/<slug>             → 302 to the offer (a cloaking plugin)
 *   http://casinoguide.example:<port>/elsewhere             → a page without the snippet
 *   http://<offer host>:<port>/...                          → the casino's landing page
 *
 * Placeholders in fixtures: %WORKER% (the Worker: /s.js), %API% (where beacons go, data-api),
 * %SITE% (site_uk's public key). %API% is the recorder by default, or per page ?api=worker|worker-slash|dead|500.
 *
 * The recorder (its own origin, so beacons stay cross-origin) keeps every beacon the browser sent —
 * including those sent while a page unloads, which the browser's request events miss — and passes it
 * on unchanged (body, Origin, User-Agent) to the Worker's /e, answering with the Worker's status.
 */
const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
export const SITE_HOST = "casinoguide.example";
export const OFFER_HOSTS = ["go.spinia.example", "go.betano.example"];
const SITE_KEY = "pkcasinoguideuk01";

export interface RecordedBeacon {
  t: string;
  u: string;
  h?: string;
  d?: number;
  r?: string;
  status: number;
}

export interface Fixtures {
  port: number;
  /** Page URL on the site's domain: `/<feature>/...`. */
  url(path: string): string;
  recorderUrl: string;
  beacons: RecordedBeacon[];
  /** Beacons whose page URL contains `marker`. */
  beaconsFor(marker: string): RecordedBeacon[];
  /** Resolves once every beacon received so far has been answered by the Worker. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const listen = (srv: Server) =>
  new Promise<number>((resolve) =>
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    }),
  );

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => resolve(body));
  });

function html(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

export async function startFixtures(workerUrl: string): Promise<Fixtures> {
  const beacons: RecordedBeacon[] = [];
  const pending = new Set<Promise<unknown>>();

  const recorder = createServer(async (req, res) => {
    const cors = { "access-control-allow-origin": "*" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" });
      return res.end();
    }
    if (req.url?.startsWith("/fail/")) {
      res.writeHead(500, { "content-type": "text/html" });
      return res.end("<h1>upstream exploded</h1>");
    }
    const work = (async () => {
      const body = await readBody(req);
      const headers: Record<string, string> = { "content-type": String(req.headers["content-type"] ?? "text/plain") };
      for (const h of ["origin", "user-agent", "referer"] as const) {
        const v = req.headers[h];
        if (typeof v === "string") headers[h] = v;
      }
      const upstream = await fetch(`${workerUrl}/e`, { method: "POST", headers, body });
      await upstream.arrayBuffer();
      try {
        beacons.push({ ...(JSON.parse(body) as Omit<RecordedBeacon, "status">), status: upstream.status });
      } catch {
        beacons.push({ t: "?", u: body.slice(0, 200), status: upstream.status });
      }
      res.writeHead(upstream.status, cors);
      res.end();
    })();
    pending.add(work);
    await work.finally(() => pending.delete(work));
  });
  const recorderPort = await listen(recorder);
  const recorderUrl = `http://127.0.0.1:${recorderPort}`;

  const site = createServer((req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    if (OFFER_HOSTS.includes(host)) return html(res, 200, `<!doctype html><title>Casino ${host}</title><h1>Welcome bonus</h1>`);
    const go = /^\/go\/([\w-]+)$/.exec(url.pathname);
    if (go) {
      res.writeHead(302, { location: `http://go.betano.example/landing?via=${go[1]}` });
      return res.end();
    }
    if (url.pathname === "/elsewhere") return html(res, 200, "<!doctype html><title>Elsewhere</title><p>No snippet here.</p>");
    const feature = /^\/([a-z-]+)\//.exec(url.pathname)?.[1] ?? "";
    const file = url.pathname.endsWith(".html") ? (url.pathname.split("/").pop() ?? "index.html") : "index.html";
    let text: string;
    try {
      text = readFileSync(join(FIXTURES, feature, file.replace(/[^\w.-]/g, "")), "utf8");
    } catch {
      return html(res, 404, "<!doctype html><title>404</title>no such fixture");
    }
    const api =
      {
        worker: workerUrl,
        "worker-slash": `${workerUrl}/`,
        dead: "http://127.0.0.1:9",
        "500": `${recorderUrl}/fail`,
      }[url.searchParams.get("api") ?? ""] ?? recorderUrl;
    html(res, 200, text.replaceAll("%WORKER%", workerUrl).replaceAll("%API%", api).replaceAll("%SITE%", SITE_KEY));
  });
  const port = await listen(site);

  return {
    port,
    url: (path) => `http://${SITE_HOST}:${port}${path}`,
    recorderUrl,
    beacons,
    beaconsFor: (marker) => beacons.filter((b) => b.u.includes(marker)),
    settled: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: async () => {
      await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => recorder.close(r))]);
    },
  };
}
