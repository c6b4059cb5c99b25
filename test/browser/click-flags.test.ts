import { describe, expect, inject, it } from "vitest";
import { fileBrowser, signIn } from "./chromium";

const browser = fileBrowser();

describe("clicks not counted, in Chromium", () => {
  it("shows flagged clicks per reason and saves the site's rule to count previews", async () => {
    const base = inject("baseUrl");
    // A prefetch of a tracking link: redirected, stored flagged "preview".
    const res = await fetch(`${base}/go/spinia-uk`, {
      redirect: "manual",
      headers: { "sec-purpose": "prefetch", "cf-connecting-ip": "192.0.2.90" },
    });
    expect(res.status).toBe(302);
    await fetch(`${base}/api/dev/drain`, { method: "POST" });

    const page = await (await browser().newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page);
    await page.waitForSelector("[data-testid=kpis]");
    await page.goto(`${base}/sites/site_uk`);
    const card = page.locator("[data-testid=click-flags]");
    await card.locator("[data-testid=flag-preview]").waitFor();
    expect(Number((await card.locator("[data-testid=flag-preview]").textContent())?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);

    const box = card.getByLabel("Count link previews and prefetches");
    await box.check();
    await expect.poll(() => box.isChecked()).toBe(true);
    const counted = () =>
      page.evaluate(async () => {
        const today = new Date().toISOString().slice(0, 10);
        const r = await fetch(`/api/sites/site_uk/click-flags?from=${today}&to=${today}`);
        return ((await r.json()) as { countedFlags: string[] }).countedFlags.join();
      });
    await expect.poll(counted).toBe("preview");

    // Site Overview's live clicks for all sites follow each site's rule, as the one-site figure does:
    // every site's clean clicks, plus site_uk's previews now that it counts them.
    const expected = await page.evaluate(async () => {
      const { sites } = (await (await fetch("/api/sites")).json()) as { sites: { id: string }[] };
      let clean = 0;
      let previews = 0;
      for (const s of sites) {
        const live = (await (await fetch(`/api/sites/${s.id}/live`)).json()) as { counters: { metric: string; value: number }[] };
        for (const c of live.counters) {
          if (c.metric === "clicks") clean += c.value;
          if (c.metric === "flagged_preview" && s.id === "site_uk") previews += c.value;
        }
      }
      return { clean, previews };
    });
    expect(expected.previews).toBeGreaterThanOrEqual(1);
    await page.goto(`${base}/?site=all`);
    const liveClicks = async () =>
      Number(((await page.locator("[data-testid=live-today]").textContent()) ?? "").split(" clicks")[0]?.replace(/\D/g, ""));
    await expect.poll(liveClicks, { timeout: 15_000 }).toBe(expected.clean + expected.previews);
    await page.goto(`${base}/sites/site_uk`);
    // Back to the default, so other browser tests see the usual counts.
    await box.uncheck();
    await expect.poll(counted).toBe("");
  });
});
