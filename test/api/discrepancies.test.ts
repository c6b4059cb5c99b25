/**
 * Discrepancies through the public surface: an offer on the Affilka sandbox (revenue via manual
 * re-syncs through the real queue consumer), clicks through /go and postbacks through /pb, then
 * GET /api/reports/discrepancies. One scenario per reason code.
 *
 * Only the clock (`Date`) is set, to an explicit past moment, and it runs on from there: DAY 18:00 UTC,
 * which is DAY 06:00 in the reporting zone Etc/GMT+12 (UTC−12) and DAY+1 08:00 in the platform's
 * Pacific/Kiritimati (UTC+14). So the platform day DAY has ended and can be pulled, postbacks sent during
 * a test fall on DAY in the reporting zone and on DAY+1 in the platform's (the timezone-shift case),
 * whatever the wall-clock time of the run (with the real clock, a run crossing 12:00 UTC changed "today").
 */
import { afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import type { DiscrepanciesResponse, DiscrepancyMetric, DiscrepancyRow, DrillResponse, MetricComparison } from "../../shared/discrepancies";
import type { OfferDetail, ResyncHandle, ResyncProgress, SiteOverviewResponse } from "../../shared/report-types";
import type { SettleOverride } from "../../shared/settle";
import { addDays } from "../../shared/time";
import { ulid } from "../../workers/lib/ids";
import type { SyncMessage } from "../../workers/revenue/cron";
import { api, call, demo, drain, json, login, signUp, todayIn } from "../helpers";
import { captureSends, runQueue } from "../queue";
import { type DayFigures, figures } from "../sandbox/data";

const sandbox = () => String(inject("sandboxUrl"));
const PLATFORM_TZ = "Pacific/Kiritimati";
const REPORT_TZ = "Etc/GMT+12";
const SETTLED: SettleOverride = {
  publishDelayHours: 0,
  horizons: { activity: { kind: "days", days: 0 }, earnings: { kind: "days", days: 0 } },
};
const OPEN: SettleOverride = {
  publishDelayHours: 0,
  horizons: { activity: { kind: "days", days: 5 }, earnings: { kind: "days", days: 5 } },
};

/** The scenarios' day: an explicit past date (see the header). */
const DAY = "2026-10-14";
const NEXT_DAY = addDays(DAY, 1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${DAY}T18:00:00Z`), shouldAdvanceTime: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** A sandbox token whose figures for the day fit the scenario (the sandbox's figures are a hash of token and day). */
function token(prefix: string, fits: (t: string) => boolean): string {
  for (;;) {
    const t = `${prefix}${ulid().toLowerCase()}`;
    if (fits(t)) return t;
  }
}

interface Scenario {
  cookie: string;
  offer: OfferDetail;
  slug: string;
  day: string;
  token: string;
}

async function scenario(opts: {
  settle: SettleOverride;
  fits?: (f: DayFigures) => boolean;
  /** sites* token: promos a and b plus direct players; `sitesFit` gets the figures of promo-a, promo-b and direct. */
  sitesFit?: (a: DayFigures, b: DayFigures, direct: DayFigures) => boolean;
  pull?: boolean;
  /** Also pull the next platform day; `nextFits` gets its figures. */
  nextFits?: (f: DayFigures) => boolean;
}): Promise<Scenario> {
  await demo();
  const cookie = await login();
  const day = todayIn(REPORT_TZ);
  expect(day).toBe(DAY);
  const nextFits = opts.nextFits;
  const sitesFit = opts.sitesFit;
  const sites = sitesFit !== undefined;
  const t = sitesFit
    ? token("sites", (x) =>
        sitesFit(...(["promo-a", "promo-b", ""].map((p) => figures(`${x}|12|501|${p}`, day)) as [DayFigures, DayFigures, DayFigures])),
      )
    : token(
        "dc",
        (x) => (opts.fits ?? (() => true))(figures(`${x}|14|777`, day)) && (!nextFits || nextFits(figures(`${x}|14|777`, addDays(day, 1)))),
      );
  const created = await api<{ offer: OfferDetail }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: `Discrepancy ${t}`,
      platform: "affilka",
      brand: "Wildz",
      campaignTag: sites ? undefined : "777",
      trackingUrl: "https://go.wildz.example/visit/?bta=777",
      platformTimezone: PLATFORM_TZ,
      accountCurrency: "EUR",
      siteIds: ["site_uk"],
      apiSetup: sites
        ? { reportUrl: `${sandbox()}/affilka/api/customer/v1/partner/report?token=${t}`, tagDimension: "promo", timeoutMs: 1500 }
        : { reportUrl: `${sandbox()}/affilka/api/customer/v1/partner/report?token=${t}`, brandId: "14", timeoutMs: 1500 },
      settleHorizons: opts.settle,
    }),
  );
  expect(created.status).toBe(201);
  const offer = created.body.offer;
  const route = sites
    ? { dimension: "promo", value: "promo-a", siteId: "site_uk" }
    : { dimension: "campaign", value: "777", siteId: "site_uk" };
  expect((await api(cookie, `/api/offers/${offer.id}/tags/routes`, json("PUT", route))).status).toBe(200);
  const link = await api<{ slug: string }>(cookie, "/api/links", json("POST", { campaignId: "cp_uk_seo", offerId: offer.id }));
  expect(link.status).toBe(201);
  if (opts.pull ?? true) await resync(cookie, offer.id, day, nextFits ? addDays(day, 1) : day);
  return { cookie, offer, slug: link.body.slug, day, token: t };
}

async function resync(cookie: string, offerId: string, day: string, to = day): Promise<void> {
  const sent: SyncMessage[] = [];
  captureSends(sent);
  const res = await api<{ handle: ResyncHandle }>(cookie, `/api/offers/${offerId}/resync`, json("POST", { from: day, to }));
  expect(res.status).toBe(202);
  expect(await runQueue(sent)).toHaveLength(1);
  vi.restoreAllMocks();
  const progress = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offerId}/resync/${res.body.handle.requestId}`);
  expect(progress.body.progress.status).toBe("ok");
}

async function click(slug: string, ua?: string): Promise<string> {
  const res = await call(`/go/${slug}`, ua ? { ua } : {});
  const loc = new URL(res.headers.get("location") ?? "");
  const id = [...loc.searchParams.values()].find((v) => /^[0-9a-z]{32}$/.test(v));
  expect(id).toBeDefined();
  return id ?? "";
}

async function postback(s: Scenario, query: string): Promise<string> {
  const res = await call(`/pb/${s.offer.postbackKey}?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { outcome: string }).outcome;
}

/** n FTDs (each from its own click), answered "accepted". */
async function ftds(s: Scenario, n: number, event = "ftd"): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = await click(s.slug);
    expect(await postback(s, `click_id=${id}&event=${event}&txid=${event}-${id}`)).toBe("accepted");
  }
}

async function report(s: Scenario, extra = "", day = s.day): Promise<DiscrepanciesResponse> {
  await drain(await demo());
  const res = await api<DiscrepanciesResponse>(
    s.cookie,
    `/api/reports/discrepancies?from=${day}&to=${day}&tz=${encodeURIComponent(REPORT_TZ)}&offer=${s.offer.id}${extra}`,
  );
  expect(res.status).toBe(200);
  return res.body;
}

function row(r: DiscrepanciesResponse, day: string): DiscrepancyRow {
  const found = r.rows.find((x) => x.day === day);
  if (!found) throw new Error(`no row for ${day}`);
  return found;
}

function metric(r: DiscrepanciesResponse, day: string, m: DiscrepancyMetric): MetricComparison & { operator: number } {
  const c = row(r, day).metrics[m];
  expect(c.operator).not.toBeNull();
  return c as MetricComparison & { operator: number };
}

/** The operator's FTDs for the scenario's day, as the stored report has them (drilled). */
async function operatorFtds(s: Scenario): Promise<number> {
  const res = await api<DrillResponse>(
    s.cookie,
    `/api/drill?metric=operator_ftds&offer=${s.offer.id}&from=${s.day}&to=${s.day}&pageSize=500`,
  );
  expect(res.status).toBe(200);
  expect(res.body.total).not.toBeNull();
  return res.body.total as number;
}

describe("discrepancies: one reason per scenario, computed from the data", () => {
  it("not_yet_reported: postbacks on a day no pull has covered", async () => {
    const s = await scenario({ settle: SETTLED, pull: false });
    await ftds(s, 1);
    const r = await report(s);
    const c = row(r, s.day).metrics.ftds;
    expect(c).toMatchObject({ operator: null, tracked: 1, gap: null, gapPct: null });
    expect(c.reasons.map((x) => x.code)).toEqual(["not_yet_reported"]);
    expect(row(r, s.day).dayState).toBe("not_reported");
  });

  it("provisional: more tracked than reported while the operator may still restate", async () => {
    const s = await scenario({ settle: OPEN, fits: (f) => f.ftds <= 12 });
    const op = await operatorFtds(s);
    await ftds(s, op + 2);
    const r = await report(s);
    expect(row(r, s.day).dayState).toBe("provisional");
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op + 2, gap: -2 });
    expect(c.reasons).toEqual([{ code: "provisional", count: null, explains: 2 }]);
  });

  it("timezone_shift: the tracked FTDs fall on the next day in the platform's timezone, where the operator reported them", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds <= 10, nextFits: (f) => f.ftds >= 12 });
    const op = await operatorFtds(s);
    await ftds(s, op + 2);
    const r = await report(s);
    expect(row(r, s.day).dayState).toBe("settled");
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op + 2, trackedPlatformTz: 0, gap: -2, gapPlatformTz: op });
    expect(c.reasons).toEqual([{ code: "timezone_shift", count: op + 2, explains: 2 }]);
    // The next day, bucketed in the platform's timezone, holds the same events.
    const next = await report(s, "", NEXT_DAY);
    const n = metric(next, NEXT_DAY, "ftds");
    expect(n.trackedPlatformTz).toBe(op + 2);
    expect(n.tracked).toBe(0);
  });

  it("timezone_shift is not claimed when the gap does not reappear on the neighbouring platform day", async () => {
    // The next platform day is not pulled: nothing shows the operator counted the events there.
    const unpulled = await scenario({ settle: SETTLED, fits: (f) => f.ftds <= 12 });
    const op = await operatorFtds(unpulled);
    await ftds(unpulled, op + 2);
    const c = metric(await report(unpulled), unpulled.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op + 2, trackedPlatformTz: 0, gap: -2 });
    expect(c.reasons).toEqual([{ code: "unexplained", count: null, explains: 2 }]);
    // Pulled, but the operator's next day has fewer FTDs than the events that moved there: only that many are a shift.
    const short = await scenario({ settle: SETTLED, fits: (f) => f.ftds <= 6, nextFits: (f) => f.ftds <= 5 });
    const op2 = await operatorFtds(short);
    const next = figures(`${short.token}|14|777`, NEXT_DAY).ftds;
    await ftds(short, op2 + next + 2);
    const c2 = metric(await report(short), short.day, "ftds");
    expect(c2).toMatchObject({ operator: op2, tracked: op2 + next + 2, gap: -(next + 2) });
    expect(c2.reasons).toEqual([
      { code: "timezone_shift", count: next, explains: next },
      { code: "unexplained", count: null, explains: 2 },
    ]);
  });

  it("qualification: FTDs tracked but no qualification postbacks, against the operator's QFTDs", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.qualified > 0 && f.ftds <= 12 });
    const op = await operatorFtds(s);
    await ftds(s, op);
    const r = await report(s);
    expect(metric(r, s.day, "ftds").gap).toBe(0);
    const q = metric(r, s.day, "qftds");
    expect(q.tracked).toBe(0);
    expect(q.gap).toBe(q.operator);
    expect(q.reasons).toEqual([{ code: "qualification", count: op, explains: q.operator }]);
  });

  it("duplicates_filtered: a second FTD under a transaction id already counted is filtered", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 2 && f.ftds <= 12 });
    const op = await operatorFtds(s);
    const first = await click(s.slug);
    expect(await postback(s, `click_id=${first}&event=ftd&txid=dup-${s.token}`)).toBe("accepted");
    await ftds(s, op - 2);
    const second = await click(s.slug);
    expect(await postback(s, `click_id=${second}&event=ftd&txid=dup-${s.token}`)).toBe("duplicate");
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op - 1, gap: 1 });
    expect(c.reasons).toEqual([{ code: "duplicates_filtered", count: 1, explains: 1 }]);
  });

  it("a sender's retry of a counted FTD (same click, same transaction id) explains no gap", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 2 && f.ftds <= 12 });
    const op = await operatorFtds(s);
    const first = await click(s.slug);
    expect(await postback(s, `click_id=${first}&event=ftd&txid=retry-${s.token}`)).toBe("accepted");
    expect(await postback(s, `click_id=${first}&event=ftd&txid=retry-${s.token}`)).toBe("duplicate");
    await ftds(s, op - 2);
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op - 1, gap: 1 });
    expect(c.reasons).toEqual([{ code: "unexplained", count: null, explains: 1 }]);
  });

  it("postbacks_rejected_or_unattributed: unreplaced macro, unknown click id and a bot's click", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 4 && f.ftds <= 14 });
    const op = await operatorFtds(s);
    await ftds(s, op - 3);
    expect(await postback(s, "click_id={clickid}&event=ftd")).toBe("unattributed");
    expect(await postback(s, `click_id=${ulid().toLowerCase().padEnd(32, "x")}&event=ftd&txid=unk-${s.token}`)).toBe("unattributed");
    const bot = await click(s.slug, "curl/8.5.0");
    expect(await postback(s, `click_id=${bot}&event=ftd&txid=bot-${s.token}`)).toBe("unattributed");
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op - 3, gap: 3 });
    expect(c.reasons).toEqual([
      {
        code: "postbacks_rejected_or_unattributed",
        count: 3,
        explains: 3,
        detail: { unreplaced_macro: 1, unknown_click: 1, bot_click: 1 },
      },
    ]);
    // Per site: only the bot's click is this site's; the macro and the unknown click id belong to no site
    // (their log line names the hub that took them, not where they came from), so they explain nothing here.
    const site = await report(s, "&site=site_uk");
    const onSite = metric(site, s.day, "ftds");
    expect(onSite).toMatchObject({ tracked: op - 3 });
    expect(onSite.gap).not.toBeNull();
    const shares = onSite.reasons.filter((x) => x.code === "postbacks_rejected_or_unattributed");
    expect(shares).toEqual([expect.objectContaining({ count: 1, detail: { bot_click: 1 } })]);
  });

  it("direct_players: operator rows with no click and no tag", async () => {
    const s = await scenario({ settle: SETTLED, sitesFit: (a, b, d) => d.ftds > 0 && a.ftds + b.ftds > 0 && a.ftds + b.ftds <= 12 });
    const direct = figures(`${s.token}|12|501|`, s.day).ftds;
    const op = await operatorFtds(s);
    expect(op).toBeGreaterThan(direct);
    await ftds(s, op - direct);
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op - direct, gap: direct });
    expect(c.reasons).toEqual([{ code: "direct_players", count: direct, explains: direct }]);
    // Per site: only the rows a tag route placed on the site, against the conversions on the site.
    const site = await report(s, "&site=site_uk");
    expect(site.siteId).toBe("site_uk");
    const onSite = metric(site, s.day, "ftds");
    expect(onSite.operator).toBe(figures(`${s.token}|12|501|promo-a`, s.day).ftds);
    expect(onSite.tracked).toBe(op - direct);
    expect(onSite.reasons.map((x) => x.code)).not.toContain("direct_players");
  });

  it("not_placed_on_a_site: operator rows of a tag no route places (another deal on the account), beside direct players", async () => {
    const s = await scenario({ settle: SETTLED, sitesFit: (a, b, d) => a.ftds > 0 && b.ftds > 0 && a.ftds + b.ftds + d.ftds <= 12 });
    const direct = figures(`${s.token}|12|501|`, s.day).ftds;
    const unrouted = figures(`${s.token}|12|501|promo-b`, s.day).ftds;
    const op = await operatorFtds(s);
    // Postbacks for the routed tag's players only: the rest of the operator's FTDs came from elsewhere.
    await ftds(s, op - direct - unrouted);
    const c = metric(await report(s), s.day, "ftds");
    expect(c).toMatchObject({ operator: op, tracked: op - direct - unrouted, gap: direct + unrouted });
    expect(c.reasons).toEqual([
      ...(direct > 0 ? [{ code: "direct_players", count: direct, explains: direct }] : []),
      { code: "not_placed_on_a_site", count: unrouted, explains: unrouted },
    ]);
  });

  it("restated_or_vanished: the operator cut the day's FTDs after it was reported; listed under vanished FTDs", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 4 && f.ftds <= 12 });
    const op = await operatorFtds(s);
    await ftds(s, op);
    expect(metric(await report(s), s.day, "ftds").gap).toBe(0);
    const res = await fetch(`${sandbox()}/__control/restate`, {
      method: "POST",
      body: JSON.stringify({ platform: "affilka", token: s.token, day: s.day, factor: 0.4 }),
    });
    expect(res.ok).toBe(true);
    await resync(s.cookie, s.offer.id, s.day);
    const after = await operatorFtds(s);
    expect(after).toBeLessThan(op);
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ operator: after, tracked: op, gap: after - op });
    expect(c.reasons).toEqual([{ code: "restated_or_vanished", count: op - after, explains: op - after }]);
    expect(r.vanished).toEqual([
      expect.objectContaining({ offerId: s.offer.id, day: s.day, before: op, after, dropped: op - after, clickIds: null }),
    ]);
    expect(r.vanished[0]?.note).toMatch(/count dropped/);
  });

  it("postbacks_not_set_up: the offer never received a postback", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds > 0 });
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c.tracked).toBe(0);
    expect(c.reasons).toEqual([{ code: "postbacks_not_set_up", count: null, explains: c.operator }]);
    expect(r.offers[0]).toMatchObject({ offerId: s.offer.id, postbacksSetUp: false, flagged: true });
  });

  it("unexplained: a gap no data accounts for is never forced into a reason; the threshold flags the offer", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 3 && f.ftds <= 12 });
    const op = await operatorFtds(s);
    await ftds(s, op - 2);
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    expect(c).toMatchObject({ gap: 2, flagged: true });
    expect(c.gapPct).toBe(Math.round((2 / op) * 1000) / 10);
    expect(c.reasons).toEqual([{ code: "unexplained", count: null, explains: 2 }]);
    expect(r.reasonCounts.unexplained).toBeGreaterThan(0);
    expect(r.offers[0]?.flagged).toBe(true);
    const lax = await report(s, "&threshold=1000");
    expect(metric(lax, s.day, "ftds").flagged).toBe(false);
    // The CSV carries the same figures and reasons.
    const csv = await call(
      `/api/reports/discrepancies.csv?from=${s.day}&to=${s.day}&tz=${encodeURIComponent(REPORT_TZ)}&offer=${s.offer.id}`,
      {
        headers: { cookie: s.cookie },
      },
    );
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 3 * r.rows.length);
    const ftdLine = lines.find((l) => l.includes(",ftds,"));
    expect(ftdLine).toBeDefined();
    expect(ftdLine).toContain(`,${op},${op - 2},0,2,`);
    expect(ftdLine).toMatch(/unexplained$/);
  });

  it("refuses a bad threshold or range, naming the field", async () => {
    const s = { cookie: await login() };
    const bad = await api<{ error: { message: string } }>(s.cookie, "/api/reports/discrepancies?from=2026-01-02&to=2026-01-01");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from/);
    const thr = await api<{ error: { message: string } }>(
      s.cookie,
      "/api/reports/discrepancies?from=2026-01-01&to=2026-01-02&threshold=abc",
    );
    expect(thr.status).toBe(400);
    expect(thr.body.error.message).toMatch(/threshold/);
  });
});

describe("drill-down: the rows add up to the figure", () => {
  async function drillAll(cookie: string, query: string): Promise<{ total: number | null; sum: number; rows: number }> {
    let page = 1;
    let sum = 0;
    let rows = 0;
    let total: number | null = null;
    for (;;) {
      const res = await api<DrillResponse>(cookie, `/api/drill?${query}&page=${page}&pageSize=7`);
      expect(res.status).toBe(200);
      total = res.body.total;
      for (const r of res.body.rows) sum += r.value ?? 0;
      rows += res.body.rows.length;
      if (page * 7 >= res.body.totalRows) break;
      page++;
    }
    return { total, sum, rows };
  }

  it("Site Overview figures", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 2 && f.ftds <= 12 });
    await ftds(s, 3);
    await ftds(s, 2, "registration");
    await drain(await demo());
    const from = addDays(todayIn("Europe/London"), -2);
    const to = todayIn("Europe/London");
    const o = await api<SiteOverviewResponse>(s.cookie, `/api/sites/site_uk/overview?from=${from}&to=${to}`);
    expect(o.status).toBe(200);
    const t = o.body.totals;
    const range = `site=site_uk&from=${from}&to=${to}`;
    const figuresToCheck: [string, number | null][] = [
      ["clicks", t.clicks],
      ["unique_clicks", t.uniqueClicks],
      ["registrations", t.registrations],
      ["ftds", t.ftds],
      ["qualified", t.qualified],
      ["deposits", t.deposits.count],
      ["operator_registrations", t.platformRegistrations],
      ["operator_ftds", t.platformFtds],
    ];
    expect(t.ftds).toBeGreaterThanOrEqual(3);
    for (const [m, figure] of figuresToCheck) {
      const d = await drillAll(s.cookie, `metric=${m}&${range}`);
      expect(d.total, m).toBe(figure ?? null);
      if (figure !== null) expect(d.sum, m).toBe(figure);
    }
    const rev = await api<DrillResponse>(s.cookie, `/api/drill?metric=revenue&${range}`);
    expect(rev.status).toBe(200);
    expect(rev.body.kind).toBe("revenue");
    expect(rev.body.revenueByCurrency?.slice().sort((a, b) => a.currency.localeCompare(b.currency))).toEqual(
      t.revenue.byCurrency.slice().sort((a, b) => a.currency.localeCompare(b.currency)),
    );
  });

  it("a picked site's rows are in the figure's timezone (the member's), not the site's", async () => {
    // 26 hours apart: "today" for the member is never the site's today, so a drill in the site's zone finds nothing.
    const { cookie, workspaceId } = await signUp({ workspaceName: "Far zones" });
    const site = await api<{ site: { id: string } }>(
      cookie,
      "/api/sites",
      json("POST", { name: "Far site", domains: ["far.example"], market: "GB", timezone: "Etc/GMT+12" }),
    );
    expect(site.status).toBe(201);
    const siteId = site.body.site.id;
    const offer = await api<{ offer: { id: string; postbackKey: string } }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: "Far offer",
        platform: "affilka",
        brand: "Far",
        trackingUrl: "https://far.example/go",
        accountCurrency: "EUR",
        siteIds: [siteId],
      }),
    );
    expect(offer.status).toBe(201);
    const cp = await api<{ campaign: { id: string } }>(
      cookie,
      "/api/campaigns",
      json("POST", { name: "Far", siteId, offerIds: [offer.body.offer.id] }),
    );
    const link = await api<{ slug: string }>(
      cookie,
      "/api/links",
      json("POST", { campaignId: cp.body.campaign.id, offerId: offer.body.offer.id }),
    );
    expect(link.status).toBe(201);
    expect((await api(cookie, "/api/auth/me", json("PATCH", { timezone: "Etc/GMT-14" }))).status).toBe(200);
    const go = await call(`/go/${link.body.slug}`, { ip: "198.51.100.77" });
    const clickId = new URL(go.headers.get("location") ?? "").searchParams.get("click_id") ?? "";
    expect(clickId).toMatch(/^[0-9a-z]{32}$/);
    const pb = await call(`/pb/${offer.body.offer.postbackKey}?click_id=${clickId}&event=ftd&amount=20&currency=EUR&txid=far-1`);
    expect(pb.status).toBe(200);
    await drain({ sites: [{ id: siteId }], workspaceId: workspaceId ?? "" });
    const day = todayIn("Etc/GMT-14");
    const range = `from=${day}&to=${day}`;
    const o = await api<SiteOverviewResponse>(cookie, `/api/sites/${siteId}/overview?${range}`);
    expect(o.body.range.timezone).toBe("Etc/GMT-14");
    expect(o.body.totals.ftds).toBe(1);
    for (const m of ["ftds", "clicks"]) {
      const d = await api<DrillResponse>(cookie, `/api/drill?metric=${m}&site=${siteId}&${range}`);
      expect(d.status).toBe(200);
      expect(d.body.range.timezone).toBe("Etc/GMT-14");
      expect(d.body.total, m).toBe(1);
    }
  });

  it("Discrepancies figures, with postbacks' raw requests and the revenue rows' sync run", async () => {
    const s = await scenario({ settle: SETTLED, fits: (f) => f.ftds >= 3 && f.ftds <= 12 });
    const op = await operatorFtds(s);
    await ftds(s, op - 1);
    const r = await report(s);
    const c = metric(r, s.day, "ftds");
    // The offer says how fresh its operator figures are: its scenario sync just ran.
    const summary = r.offers.find((o) => o.offerId === s.offer.id);
    expect(summary).toBeDefined();
    expect(summary?.lastSyncAt).toBeTypeOf("number");
    expect(Date.now() - (summary?.lastSyncAt ?? 0)).toBeLessThan(10 * 60_000);
    const coords = `offer=${s.offer.id}&from=${s.day}&to=${s.day}&tz=${encodeURIComponent(REPORT_TZ)}`;
    const tracked = await drillAll(s.cookie, `metric=ftds&${coords}`);
    expect(tracked).toMatchObject({ total: c.tracked, sum: c.tracked, rows: c.tracked });
    const operator = await drillAll(s.cookie, `metric=operator_ftds&${coords}`);
    expect(operator).toMatchObject({ total: c.operator, sum: c.operator });
    const conv = await api<DrillResponse>(s.cookie, `/api/drill?metric=ftds&${coords}`);
    if (conv.body.kind !== "conversions") throw new Error("expected conversions");
    expect(conv.body.rows[0]?.postbacks[0]?.rawQuery).toMatch(/event=ftd/);
    const rev = await api<DrillResponse>(s.cookie, `/api/drill?metric=operator_ftds&${coords}`);
    if (rev.body.kind !== "revenue") throw new Error("expected revenue rows");
    const run = rev.body.rows[0]?.syncRun;
    expect(run).toMatchObject({ status: "ok", offerId: s.offer.id, hasRawResponse: true });
    const detail = await api<{ run: { rawResponse: string | null } }>(s.cookie, `/api/offers/${s.offer.id}/sync-runs/${run?.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.run.rawResponse).toContain(s.day);
    expect(rev.body.rows[0]?.revisions[0]?.kind).toBe("inserted");
  });
});
