import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BROWSER_UA, examples } from "../../scripts/lib/examples";
import type { Seed } from "../../scripts/lib/stack";
import { marker, rowOf } from "./analytics-helpers";
import { launch } from "./chromium";

/** The commands `npm run dev` prints work as printed: run them as a user would paste them. */
const base = () => inject("baseUrl");
const demo = () => JSON.parse(inject("demoSeed")) as Seed;

let browser: Browser;
let page: Server;
let pageUrl = "";
beforeAll(async () => {
  browser = await launch();
  // A page on 127.0.0.1 with the printed snippet tag, as a developer would try it.
  const tag = examples(base(), demo()).snippet;
  page = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><html><head><title>local</title>${tag}</head><body>hello</body></html>`);
  });
  await new Promise<void>((r) => page.listen(0, "127.0.0.1", r));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => page?.close(r));
});

async function loggedPostback(clickId: string) {
  const login = await fetch(`${base()}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "demo@casinoflux.local", password: inject("demoPassword") }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const end = Date.now() + 15_000;
  for (;;) {
    await fetch(`${base()}/api/dev/drain`, { method: "POST" }).then((r) => r.arrayBuffer());
    const res = await fetch(`${base()}/api/postbacks?limit=100`, { headers: { cookie } });
    const rows = ((await res.json()) as { rows: { clickId: string | null; outcome: string; eventType: string | null }[] }).rows;
    const row = rows.find((r) => r.clickId === clickId);
    if (row || Date.now() > end) return row;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("the examples npm run dev prints", () => {
  it("the click (browser user agent) gives a click id, and the postback for it is accepted", async () => {
    const ex = examples(base(), demo());
    const out = execFileSync("sh", ["-c", `${ex.click}\n${ex.postback}`], { encoding: "utf8" });
    const clickId = /click id: (\S+)/.exec(out)?.[1];
    expect(clickId).toMatch(/^[0-9a-z]{32}$/);
    expect(out).toMatch(/HTTP\/1\.1 200/);
    const row = await loggedPostback(clickId ?? "");
    expect(row).toBeDefined();
    expect(row).toMatchObject({ outcome: "accepted", eventType: "ftd" });
  });

  it("the snippet tag counts a pageview on a page served from 127.0.0.1", async () => {
    const ex = examples(base(), demo());
    expect(ex.snippetHosts).toContain("127.0.0.1");
    const m = marker("readme");
    // Headless Chromium says "HeadlessChrome", which is a bot; a developer's browser is not.
    const tab = await browser.newPage({ userAgent: BROWSER_UA });
    await tab.goto(`${pageUrl}/?utm_campaign=${m}`);
    await tab.waitForLoadState("networkidle");
    const row = await rowOf("utm_campaign", m, (r) => (r?.pageviews ?? 0) >= 1);
    expect(row).toBeDefined();
    expect(row?.pageviews).toBe(1);
    await tab.close();
  });
});
