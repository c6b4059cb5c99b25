import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

/** Debian's Chromium (apt-get install chromium), headless, with the flags toolchain.md lists; playwright gives each launch a fresh profile dir. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function signIn(page: Page): Promise<void> {
  await page.goto(`${inject("baseUrl")}/login`);
  await page.fill("input[name=email]", "demo@casinoflux.local");
  await page.fill("input[name=password]", inject("demoPassword"));
  await page.click("button[type=submit]");
  // Signed in once the login page is left: a navigation before that would abort the sign-in (a flake
  // seen under load in key-rotation.test.ts).
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 30_000 });
}

/** Signs a brand-new user up in the browser, with a workspace of their own; the caller waits for the page it expects. */
export async function signUpInBrowser(page: Page, name: string, workspaceName: string): Promise<void> {
  await page.goto(`${inject("baseUrl")}/signup`);
  await page.fill("input[name=name]", name);
  await page.fill(
    "input[name=email]",
    `${name.toLowerCase().replace(/\W+/g, "-")}-${crypto.randomUUID().slice(0, 8)}@newaffiliate.example`,
  );
  await page.fill("input[name=password]", "a-long-password-1");
  await page.fill("input[name=workspaceName]", workspaceName);
  await page.click("button[type=submit]");
}

export async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Reloads a page that is polled for data arriving in the background. It waits for the DOM only, and a
 * reload that does not finish (one hung past 30 s under load in a clean clone) becomes a fresh navigation.
 */
export async function refresh(page: Page): Promise<void> {
  try {
    await page.reload({ waitUntil: "domcontentloaded", timeout: 15_000 });
  } catch {
    await page.goto(page.url(), { waitUntil: "domcontentloaded", timeout: 30_000 });
  }
}

/**
 * One Chromium for the calling test file: launched before its tests, closed after them. Returns the
 * browser; call it inside a test or hook (it is launched in `beforeAll`).
 */
export function fileBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("Chromium is launched in beforeAll: call the browser from a test or a hook");
    return browser;
  };
}
