import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, signIn } from "./chromium";
import { PAGES } from "./pages";

/** The page audit: every page of PAGES at desktop and phone width (axe, no sideways scroll, a screenshot). */
const WIDTHS = [1440, 390] as const;

let browser: Browser;
let signedIn: BrowserContext;
let signedOut: BrowserContext;
beforeAll(async () => {
  browser = await launch();
  signedIn = await browser.newContext();
  const page = await signedIn.newPage();
  await signIn(page);
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.close();
  signedOut = await browser.newContext();
  mkdirSync("test-results/pages", { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    // The widest offender, to make a failure actionable.
    let widest = "";
    let max = innerWidth;
    for (const el of document.querySelectorAll<HTMLElement>("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > max + 0.5 && getComputedStyle(el).position !== "fixed") {
        max = r.right;
        widest = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""}`;
      }
    }
    return { scrollWidth: root.scrollWidth, innerWidth, widest };
  });
}

describe.each(PAGES)("page $name", (p) => {
  // Up to 60 s to load (above) plus the checks: more than the suite's 60 s default under load.
  it.each(WIDTHS)("at %i px: no serious or critical axe violation, no sideways scroll", { timeout: 120_000 }, async (width) => {
    const page = await (p.signedOut ? signedOut : signedIn).newPage();
    try {
      await page.setViewportSize({ width, height: 900 });
      // A loaded 2-core machine can take longer than the 30 s default to reach "load" (seen once).
      await page.goto(`${inject("baseUrl")}${p.path}`, { timeout: 60_000 });
      await page.waitForSelector(p.ready, { timeout: 60_000 });
      // Settling is best effort: a page with live updates may never go quiet for 500 ms.
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
      await page.screenshot({ path: `test-results/pages/${p.name}-${width}.png`, fullPage: true });

      // Measured once the page has settled (data still rendering can widen it for a frame); a page
      // that stays too wide fails with its widest element named.
      let o = await overflow(page);
      for (let i = 0; i < 10 && o.scrollWidth > o.innerWidth; i++) {
        await page.waitForTimeout(200);
        o = await overflow(page);
      }
      expect(o.scrollWidth, `${p.name} at ${width}px scrolls sideways (widest: ${o.widest})`).toBeLessThanOrEqual(o.innerWidth);

      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)
        .join("\n");
      expect(bad, `${p.name} at ${width}px`).toBe("");
    } finally {
      await page.close();
    }
  });
});
