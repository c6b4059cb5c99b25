import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BROWSER_UA } from "../../scripts/lib/examples";
import type { Seed } from "../../scripts/lib/stack";
import { DAY_STATE_LABELS, type DayState } from "../../shared/day-state";
import { clickParamFor, type PlatformId } from "../../shared/platforms";
import { formatMetric, REPORT_METRIC_KEYS, REPORT_METRICS, type ReportMetric, type SiteReportResponse } from "../../shared/site-report";
import { launch, poll, signIn } from "./chromium";

/** Site Report and the Site Overview's new abilities, in Chromium against the local stack (demo seed + real traffic). */
let browser: Browser;
let ctx: BrowserContext;
const base = () => inject("baseUrl");
const demo = () => JSON.parse(inject("demoSeed")) as Seed;

/** Real traffic through the public endpoints: clicks with sub-ids on a link, and an FTD postback for some. */
async function traffic(slug: string, subs: string[], ftds: number) {
  const seed = demo();
  const link = seed.links.find((l) => l.slug === slug);
  const key = seed.postbackKeys.find((k) => k.offerId === link?.offerId);
  expect(link, `demo link ${slug}`).toBeDefined();
  expect(key, `postback key of ${slug}'s offer`).toBeDefined();
  if (!key) return;
  const param = clickParamFor(key.platform as PlatformId, null);
  let sent = 0;
  for (const sub of subs) {
    const res = await fetch(`${base()}/go/${slug}?sub1=${encodeURIComponent(sub)}`, {
      redirect: "manual",
      headers: { "user-agent": BROWSER_UA },
    });
    expect(res.status).toBe(302);
    const click = new URL(res.headers.get("location") ?? "").searchParams.get(param);
    expect(click, "click id in the redirect").toBeTruthy();
    if (sent++ < ftds) {
      const pb = await fetch(`${base()}/pb/${key.key}?click_id=${click}&event=ftd&amount=50&currency=EUR&txid=rpt-${click}`);
      expect(pb.status).toBe(200);
    }
  }
}

beforeAll(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await ctx.newPage();
  await signIn(page);
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.close();
  await traffic("spinia-uk", ["rpt-a", "rpt-a", "rpt-b", "rpt-c"], 2);
  await traffic("betano-uk", ["rpt-a", "rpt-d"], 1);
  // Clicks reach D1 on the hub's flush (about a second, longer on a loaded machine): the tests read
  // the report once the sub-id rows are stored, not a snapshot taken before.
  const stored = await poll(
    async () => {
      const res = await ctx.request.get(`${base()}/api/reports/site?preset=last_30_days&dimension1=subId`);
      if (!res.ok()) return [];
      const body = (await res.json()) as SiteReportResponse;
      return body.rows.map((r) => r.dimension1.value);
    },
    (values) => ["rpt-a", "rpt-b", "rpt-c", "rpt-d"].every((v) => values.includes(v)),
    60_000,
  );
  expect(stored).toEqual(expect.arrayContaining(["rpt-a", "rpt-b", "rpt-c", "rpt-d"]));
  mkdirSync("test-results", { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const table = "[data-testid=report-table]";
/** A report over raw rows (a zone's rollups still building, a year back) can take a few seconds locally. */
const POLL = { timeout: 20_000, interval: 250 };

async function open(path: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base()}${path}`);
  await page.waitForSelector(`${table}, [data-testid=report-empty]`, { timeout: 30_000 });
  return page;
}

/** The table as the DOM shows it: per row its key and each metric's raw value ("" = not reported). */
function domRows(page: Page) {
  return page.$$eval(`${table} tbody tr`, (trs) =>
    trs.map((tr) => ({
      key: tr.getAttribute("data-key") ?? "",
      cells: Object.fromEntries(
        [...tr.querySelectorAll<HTMLElement>("td[data-metric]")].map((td) => [td.dataset.metric ?? "", td.dataset.value ?? ""]),
      ),
    })),
  );
}

const waitForQuery = (page: Page, key: string, value: string) => page.waitForURL((u) => u.searchParams.get(key) === value);

describe("Site Report", () => {
  it("breaks down two levels deep (offer × month), both layers side by side, with each row's state", async () => {
    const page = await open("/report?preset=last_30_days&dimension1=offer&dimension2=month");
    await expect(page.locator("select[name=dimension1]").inputValue()).resolves.toBe("offer");
    await expect(page.locator("select[name=dimension2]").inputValue()).resolves.toBe("month");
    const headers = await page.locator(`${table} thead th`).allTextContents();
    expect(headers[0]).toContain("Offer");
    expect(headers[1]).toContain("Month");
    for (const h of ["Clicks", "FTDs", "FTDs (operator)", "Commission", "CR", "EPC"])
      expect(headers.some((t) => t.trim().startsWith(h))).toBe(true);
    const rows = await domRows(page);
    expect(rows.length).toBeGreaterThan(0);
    // Every row names an offer and a month.
    for (const r of rows) expect(r.key).toMatch(/^[^|]+\|\d{4}-\d{2}$/);
    const spinia = rows.find((r) => r.key.startsWith("of_spinia|"));
    expect(spinia, "Spinia has a row").toBeDefined();
    expect(Number(spinia?.cells.clicks)).toBeGreaterThan(0);
    // The row's state is one of the three day states (or "none" when no operator report covers it).
    const states = await page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => tr.getAttribute("data-state")));
    for (const s of states) expect(["not_reported", "provisional", "settled", "none"]).toContain(s);

    // One picker change re-breaks the report: sub-id shows the sub1 values sent above.
    await page.selectOption("select[name=dimension1]", "subId");
    await waitForQuery(page, "dimension1", "subId");
    await page.selectOption("select[name=dimension2]", "");
    await page.waitForURL((u) => !u.searchParams.has("dimension2"));
    await page.waitForSelector(`${table} tbody tr[data-key="rpt-a"]`);
    await page.screenshot({ path: "test-results/site-report.png", fullPage: true });
    await page.close();
  });

  it("opens the rows behind a figure: the panel's total equals the figure; sub-id figures have no drill", async () => {
    const page = await open("/report?preset=last_30_days&dimension1=offer&dimension2=month");
    const figure = page.locator(`${table} tbody tr[data-key^="of_spinia|"] td[data-metric=clicks] button.figure-link`).first();
    await figure.waitFor();
    const shown = ((await figure.textContent()) ?? "").trim();
    expect(shown).toMatch(/^[\d,]+$/);
    await figure.focus();
    await page.keyboard.press("Enter");
    const panel = page.locator("[data-testid=drill-panel]");
    await panel.locator("[data-testid=drill-total]").waitFor();
    expect(((await panel.locator("[data-testid=drill-total]").textContent()) ?? "").trim()).toBe(shown);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    // The drill API cannot select rows by sub-id, so those figures are plain text, not buttons.
    await page.selectOption("select[name=dimension1]", "subId");
    await waitForQuery(page, "dimension1", "subId");
    await page.selectOption("select[name=dimension2]", "");
    await page.waitForURL((u) => !u.searchParams.has("dimension2"));
    await page.waitForSelector(`${table} tbody tr[data-key="rpt-a"]`);
    expect(await page.locator(`${table} tbody tr[data-key="rpt-a"] td[data-metric=clicks] button`).count()).toBe(0);
    await page.close();
  });

  it("sorts by any column: a header click sorts descending, a second ascending (aria-sort follows)", async () => {
    const page = await open("/report?preset=last_30_days&dimension1=day");
    await page.locator(`${table} thead th[data-column=clicks] button`).click();
    await waitForQuery(page, "sort", "clicks");
    await expect(page.locator(`${table} thead th[data-column=clicks]`).getAttribute("aria-sort")).resolves.toBe("descending");
    await expect(page.locator(`${table} thead th[data-column=dimension1]`).getAttribute("aria-sort")).resolves.toBe("none");
    const clicks = async () => (await domRows(page)).map((r) => Number(r.cells.clicks));
    await expect.poll(async () => isSorted(await clicks(), "desc"), POLL).toBe(true);
    expect((await clicks()).length).toBeGreaterThan(1);

    await page.locator(`${table} thead th[data-column=clicks] button`).click();
    await waitForQuery(page, "dir", "asc");
    await expect(page.locator(`${table} thead th[data-column=clicks]`).getAttribute("aria-sort")).resolves.toBe("ascending");
    await expect.poll(async () => isSorted(await clicks(), "asc"), POLL).toBe(true);
    await page.close();
  });

  it("pages through the rows", async () => {
    const page = await open("/report?preset=last_30_days&dimension1=day&dimension2=offer&pageSize=25");
    const status = page.locator("[data-testid=pager-status]");
    const text = (await status.textContent()) ?? "";
    const total = Number(/of ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ""));
    // 14 days of demo history × the demo offers: more than two pages of 25.
    expect(total).toBeGreaterThan(50);
    expect(text).toContain("Rows 1–25");
    const first = await domRows(page);
    expect(first).toHaveLength(25);
    await page.getByRole("button", { name: "Next" }).click();
    await waitForQuery(page, "page", "2");
    await expect.poll(() => status.textContent(), POLL).toContain("Rows 26–50");
    const second = await domRows(page);
    expect(second).toHaveLength(25);
    expect(second.some((r) => first.some((f) => f.key === r.key))).toBe(false);
    // The page is in the URL too.
    await page.reload();
    await page.waitForSelector(table);
    await expect(status.textContent()).resolves.toContain("Rows 26–50");
    await page.close();
  });

  it("exports a CSV equal to the table (same filters, same figures, same states)", async () => {
    const page = await open("/report?preset=last_30_days&dimension1=offer&dimension2=day&siteId=site_uk&sort=clicks&dir=desc&pageSize=500");
    const href = await page.locator("[data-testid=report-csv]").getAttribute("href");
    expect(href).toContain("siteId=site_uk");
    expect(href).toContain("dimension2=day");
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href ?? "");
    const fromCsv = csvShape(parseCsv(csv.trim()), 2);
    const dom = await tableAsCsv(page);
    expect(dom.length).toBeGreaterThan(0);
    // Every row of the query is on this page (pageSize 500), so the CSV (all rows) is the table, row for row.
    await expect(page.locator("[data-testid=pager-status]").textContent()).resolves.toContain(`of ${dom.length}`);
    expect(fromCsv).toEqual(
      dom.map((r) => ({
        dims: r.dims,
        figures: Object.fromEntries(
          Object.keys(fromCsv[0]?.figures ?? {}).map((m) => {
            const v = r.values[m];
            expect(v, `table has a ${m} cell`).toBeDefined();
            return [m, formatMetric(m as ReportMetric, v === "" || v === undefined ? null : Number(v))];
          }),
        ),
        states: r.states.map((st) => (st ? DAY_STATE_LABELS[st as DayState] : "")),
      })),
    );
    await page.close();
  });

  it("compares with the previous period and the same period last year", async () => {
    const page = await open("/report?preset=last_7_days&dimension1=offer");
    await page.selectOption("[data-testid=compare]", "previous");
    await waitForQuery(page, "compare", "previous");
    await page.waitForSelector(`${table} td[data-metric=clicks] .delta`);
    const range = await page.locator("[data-testid=report-range]").textContent();
    expect(range).toContain("compared with");
    // Every figure carries its compare-period value (data-compare; "" = not reported there).
    const compared = await page.$$eval(`${table} tbody td[data-metric=clicks] .delta`, (els) =>
      els.map((e) => e.getAttribute("data-compare")),
    );
    expect(compared.length).toBeGreaterThan(0);
    const api = await page.evaluate(async () => {
      const r = await fetch(`/api/reports/site?preset=last_7_days&dimension1=offer&compare=previous`);
      return (await r.json()) as { query: { from: string; to: string }; compareRange: { from: string; to: string } };
    });
    // The previous period is the 7 days just before.
    expect(api.compareRange.to).toBe(shift(api.query.from, -1));
    expect(api.compareRange.from).toBe(shift(api.query.from, -7));

    await page.selectOption("[data-testid=compare]", "last_year");
    await waitForQuery(page, "compare", "last_year");
    await expect
      .poll(() => page.locator("[data-testid=report-range]").textContent(), POLL)
      .toContain(String(Number(api.query.from.slice(0, 4)) - 1));
    await page.close();
  });

  it("keeps every filter in the URL: a reload shows the same report with the same controls", async () => {
    const page = await open("/report?preset=last_30_days");
    await page.selectOption("[data-testid=site-picker]", "site_uk");
    await waitForQuery(page, "siteId", "site_uk");
    await page.selectOption("select[name=dimension1]", "campaign");
    await waitForQuery(page, "dimension1", "campaign");
    await page.selectOption("select[name=dimension2]", "week");
    await waitForQuery(page, "dimension2", "week");
    await page.selectOption("select[name=offerId]", "of_spinia");
    await waitForQuery(page, "offerId", "of_spinia");
    await page.selectOption("[data-testid=range]", "custom");
    await page.waitForURL((u) => u.searchParams.has("from") && !u.searchParams.has("preset"));
    const from = shift(new URL(page.url()).searchParams.get("to") ?? "", -9);
    await page.fill("[data-testid=range-from]", from);
    await page.locator("[data-testid=range-from]").dispatchEvent("change");
    await waitForQuery(page, "from", from);
    await page.selectOption("[data-testid=compare]", "previous");
    await waitForQuery(page, "compare", "previous");
    await page.locator(`${table} thead th[data-column=ftds] button`).click();
    await waitForQuery(page, "sort", "ftds");
    await page.waitForSelector(`${table} td .delta`);
    const before = { url: page.url(), rows: await domRows(page) };

    await page.reload();
    await page.waitForSelector(`${table} td .delta`);
    expect(page.url()).toBe(before.url);
    await expect(page.locator("[data-testid=site-picker]").inputValue()).resolves.toBe("site_uk");
    await expect(page.locator("select[name=dimension1]").inputValue()).resolves.toBe("campaign");
    await expect(page.locator("select[name=dimension2]").inputValue()).resolves.toBe("week");
    await expect(page.locator("select[name=offerId]").inputValue()).resolves.toBe("of_spinia");
    await expect(page.locator("[data-testid=range]").inputValue()).resolves.toBe("custom");
    await expect(page.locator("[data-testid=range-from]").inputValue()).resolves.toBe(from);
    await expect(page.locator("[data-testid=compare]").inputValue()).resolves.toBe("previous");
    await expect(page.locator(`${table} thead th[data-column=ftds]`).getAttribute("aria-sort")).resolves.toBe("descending");
    expect(await domRows(page)).toEqual(before.rows);
    await page.close();
  });

  it("says when the custom dates in the address cannot be shown (From after To) instead of silently showing others", async () => {
    const page = await open("/report?from=2026-11-30&to=2026-11-01&dimension1=day");
    await expect(page.locator("[data-testid=range-note]").textContent()).resolves.toMatch(
      /^From \(2026-11-30\) is after To \(2026-11-01\): showing .+ instead\.$/,
    );
    await page.close();
  });

  it("works at 390 px: the page never scrolls sideways, the table scrolls in its own box", async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${base()}/report?preset=last_30_days&dimension1=offer&dimension2=day`);
    await page.waitForSelector(table);
    const m = await page.evaluate(() => {
      const wrap = document.querySelector<HTMLElement>(".table-wrap");
      return {
        page: (document.scrollingElement ?? document.documentElement).scrollWidth,
        inner: innerWidth,
        wrapScroll: wrap?.scrollWidth ?? 0,
        wrapClient: wrap?.clientWidth ?? 0,
      };
    });
    expect(m.page).toBeLessThanOrEqual(m.inner);
    expect(m.wrapScroll).toBeGreaterThan(m.wrapClient);
    await page.screenshot({ path: "test-results/site-report-390.png", fullPage: true });
    await page.close();
  });
});

describe("Site Report for a member with hide financials", () => {
  it("leaves every money column out of the table and the CSV", async () => {
    // The demo owner invites a viewer whose financials are hidden; the viewer joins through the link.
    const owner = await ctx.newPage();
    await owner.goto(`${base()}/settings?tab=team`);
    const invite = owner.locator("form.inline-form");
    const email = `hidden-report-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await invite.getByLabel("Email").fill(email);
    await invite.getByLabel("Role").selectOption("viewer");
    await invite.getByLabel("Hide financials").check();
    await invite.getByRole("button", { name: "Invite" }).click();
    const link = (await owner.locator("[data-testid=invite-link]").textContent({ timeout: 30_000 })) ?? "";
    expect(link).toContain("/invite/");
    await owner.close();

    const member = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await member.newPage();
    await page.goto(link);
    await page.click("text=Create an account");
    await page.getByLabel("Your name").fill("hidden");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a-long-password-1");
    await page.click("button[type=submit]");
    await page.waitForURL(/\/invite\//, { timeout: 30_000 });
    await page.click("text=Join Demo Affiliates");
    await page.waitForSelector("#ws-switch", { timeout: 30_000 });

    await page.goto(`${base()}/report?preset=last_30_days&dimension1=offer`);
    await page.waitForSelector(table);
    const headers = await page.locator(`${table} thead th`).allTextContents();
    expect(headers.some((h) => h.startsWith("Clicks"))).toBe(true);
    const money = REPORT_METRIC_KEYS.filter((k) => REPORT_METRICS[k].kind === "money");
    for (const k of money) expect(await page.locator(`${table} th[data-column=${k}]`).count(), k).toBe(0);
    expect((await page.locator("main").textContent()) ?? "").not.toMatch(/\b[A-Z]{3} −?\d[\d,]*\.\d{2}\b/);

    const href = (await page.locator("[data-testid=report-csv]").getAttribute("href")) ?? "";
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    const header = parseCsv(csv.trim())[0] ?? [];
    expect(header).toContain("Clicks");
    for (const k of money) expect(header, `CSV column ${REPORT_METRICS[k].label}`).not.toContain(REPORT_METRICS[k].label);
    await member.close();
  });
});

describe("Site Overview: all sites, custom range, compare, top lists", () => {
  it("shows every site at once, compared with the previous period, with top offers / campaigns / sources", async () => {
    const page = await ctx.newPage();
    await page.goto(`${base()}/?site=all&range=7d&compare=previous`);
    await page.waitForSelector("[data-testid=overview-table]");
    await expect(page.locator("[data-testid=site-picker]").inputValue()).resolves.toBe("all");
    await expect(page.locator("[data-testid=overview-range]").textContent()).resolves.toMatch(/All sites \(2\).*compared with/);
    expect(await page.locator("[data-testid=overview-table] tbody tr").count()).toBe(7);
    await expect(page.locator("[data-testid=kpi-clicks] [data-testid=kpi-compare]").textContent()).resolves.toMatch(/^vs [\d,]+/);
    // Both sites' offers are in the top list.
    const offers = await page.locator("[data-testid=top-offers] tbody tr").evaluateAll((trs) => trs.map((t) => t.getAttribute("data-id")));
    expect(offers).toEqual(expect.arrayContaining(["of_spinia", "of_wildz"]));
    expect(await page.locator("[data-testid=top-campaigns] tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=top-sources] tbody tr").count()).toBeGreaterThan(0);

    // A custom range: 3 days, kept in the URL.
    await page.getByRole("button", { name: "Custom" }).click();
    await page.waitForURL((u) => u.searchParams.has("from"));
    const to = new URL(page.url()).searchParams.get("to") ?? "";
    await page.fill("[data-testid=range-from]", shift(to, -2));
    await page.locator("[data-testid=range-from]").dispatchEvent("change");
    await waitForQuery(page, "from", shift(to, -2));
    await expect.poll(() => page.locator("[data-testid=overview-table] tbody tr").count(), POLL).toBe(3);
    await page.reload();
    await page.waitForSelector("[data-testid=overview-table]");
    expect(await page.locator("[data-testid=overview-table] tbody tr").count()).toBe(3);
    await page.screenshot({ path: "test-results/site-overview-all.png", fullPage: true });
    await page.close();
  });
});

function isSorted(xs: number[], dir: "asc" | "desc") {
  return xs.every((x, i) => i === 0 || (dir === "asc" ? (xs[i - 1] as number) <= x : (xs[i - 1] as number) >= x));
}

function shift(day: string, n: number) {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const METRIC_BY_LABEL = new Map<string, ReportMetric>(REPORT_METRIC_KEYS.map((k) => [REPORT_METRICS[k].label, k]));

/** The table as it reads, in the CSV's terms: breakdown labels, each figure through the shared formatter, the two operator states. */
function tableAsCsv(page: Page) {
  return page.$$eval(`${table} tbody tr`, (trs) =>
    trs.map((tr) => ({
      dims: [...tr.querySelectorAll<HTMLElement>("td[data-dim]")].map((td) => td.textContent?.trim() ?? ""),
      values: Object.fromEntries(
        [...tr.querySelectorAll<HTMLElement>("td[data-metric]")].map((td) => [td.dataset.metric ?? "", td.dataset.value ?? ""]),
      ),
      states: [tr.dataset.counts ?? "", tr.dataset.earnings ?? ""],
    })),
  );
}

function csvShape(rows: string[][], dims: number) {
  const [head = [], ...body] = rows;
  return body.map((r) => ({
    dims: r.slice(0, dims),
    figures: Object.fromEntries(
      head.slice(dims, head.length - 2).map((label, i) => {
        const metric = METRIC_BY_LABEL.get(label);
        expect(metric, `CSV column "${label}" is a report metric`).toBeDefined();
        return [metric as string, r[dims + i] ?? ""];
      }),
    ),
    states: r.slice(head.length - 2),
  }));
}
