import { describe, expect, it } from "vitest";
import { api, call, demo, login } from "../helpers";

interface LiveMessage {
  type: string;
  counters: { campaignId: string; offerId: string; metric: string; value: number }[];
}

describe("live counters over the site's WebSocket", () => {
  it("sends a snapshot on connect and pushes today's counters per campaign and offer as traffic arrives", async () => {
    const seed = await demo();
    const cookie = await login();
    const res = await call("/api/sites/site_de/live", { headers: { cookie, upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket;
    if (!ws) throw new Error("no websocket");
    const messages: LiveMessage[] = [];
    ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data)) as LiveMessage));
    ws.accept();
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 50 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await until(() => messages.length > 0);
    expect(messages[0]?.type).toBe("live");
    const count = (m: LiveMessage | undefined, metric: string) =>
      (m?.counters ?? [])
        .filter((c) => c.metric === metric && c.campaignId === "cp_de_meta" && c.offerId === "of_wildz")
        .reduce((a, c) => a + c.value, 0);
    const before = count(messages.at(-1), "clicks");

    const go = await call("/go/wildz-de", { ip: "198.51.100.201" });
    const clickId = new URL(go.headers.get("location") ?? "").searchParams.get("click_id");
    const key = seed.postbackKeys.find((k) => k.offerId === "of_wildz")?.key;
    await call(`/pb/${key}?click_id=${clickId}&event=ftd&amount=10&currency=EUR&txid=live-1`);
    await until(() => count(messages.at(-1), "clicks") === before + 1 && count(messages.at(-1), "ftds") >= 1);
    expect(count(messages.at(-1), "clicks")).toBe(before + 1);
    expect(count(messages.at(-1), "ftds")).toBeGreaterThanOrEqual(1);
    ws.close();
  });

  it("counts only what the site's reports count: an unattributed FTD, and its chargeback, leave the live figures alone", async () => {
    const seed = await demo();
    const cookie = await login();
    const ftds = async () => {
      const r = await api<{ counters: { metric: string; value: number }[] }>(cookie, "/api/sites/site_de/live");
      expect(r.status).toBe(200);
      return r.body.counters.filter((c) => c.metric === "ftds").reduce((a, c) => a + c.value, 0);
    };
    const go = await call("/go/wildz-de", { ip: "198.51.100.202" });
    const real = new URL(go.headers.get("location") ?? "").searchParams.get("click_id") ?? "";
    expect(real).toMatch(/^[0-9a-z]{32}$/);
    // This site's hub code, a link tag no link has: the hub holds no such click and cannot place it.
    const unknown = `${real.slice(0, 16)}zzzzzz${"0".repeat(10)}`;
    const key = seed.postbackKeys.find((k) => k.offerId === "of_wildz")?.key;
    const pb = async (q: string) => ((await (await call(`/pb/${key}?${q}`)).json()) as { outcome: string }).outcome;
    const before = await ftds();
    await expect(pb(`click_id=${unknown}&event=ftd&amount=10&currency=EUR&txid=live-unattributed-1`)).resolves.toBe("unattributed");
    expect(await ftds()).toBe(before);
    await expect(pb(`click_id=${unknown}&event=chargeback&txid=live-unattributed-1`)).resolves.toBe("accepted");
    expect(await ftds()).toBe(before);
    await expect(pb(`click_id=${real}&event=ftd&amount=10&currency=EUR&txid=live-attributed-1`)).resolves.toBe("accepted");
    expect(await ftds()).toBe(before + 1);
  });

  it("refuses the live feed without a session", async () => {
    await demo();
    const res = await call("/api/sites/site_de/live", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(401);
  });
});
