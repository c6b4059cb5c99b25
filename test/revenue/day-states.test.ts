/**
 * Proof of the day-state machine through the public surface: an offer on the Affilka sandbox, manual
 * re-syncs through the API and the real queue consumer, then the reports (offer days, Site Overview
 * JSON and CSV, freshness, change log). Time is never faked: the days are relative to today and the
 * horizons are the offer's own (editable) settings.
 */
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import type {
  ChangeLogEntry,
  DayState,
  OfferDaysResponse,
  OfferDetail,
  OfferFreshness,
  ResyncHandle,
  ResyncProgress,
  SiteOverviewResponse,
} from "../../shared/report-types";
import type { SettleOverride } from "../../shared/settle";
import { addDays } from "../../shared/time";
import { ulid } from "../../workers/lib/ids";
import type { SyncMessage } from "../../workers/revenue/cron";
import { api, call, demo, json, login, todayIn } from "../helpers";
import { captureSends, runQueue } from "../queue";

const sandbox = () => String(inject("sandboxUrl"));

afterEach(() => {
  vi.restoreAllMocks();
});

/** The demo offers leave the demo sites, so each site's day states are this test's offer's alone. */
async function clearSites(cookie: string): Promise<void> {
  for (const id of ["of_spinia", "of_wildz", "of_betano", "of_vulkan"]) {
    const res = await api(cookie, `/api/offers/${id}`, json("PATCH", { siteIds: [] }));
    expect(res.status).toBe(200);
  }
}

async function createOffer(
  cookie: string,
  token: string,
  siteId: string,
  settleHorizons: SettleOverride,
  routeTag = true,
): Promise<OfferDetail> {
  const { status, body } = await api<{ offer: OfferDetail }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: `Day states ${token}`,
      platform: "affilka",
      brand: "Wildz",
      campaignTag: "777",
      trackingUrl: "https://go.wildz.example/visit/?bta=777",
      platformTimezone: "UTC",
      accountCurrency: "EUR",
      siteIds: [siteId],
      apiSetup: { reportUrl: `${sandbox()}/affilka/api/customer/v1/partner/report?token=${token}`, brandId: "14", timeoutMs: 1500 },
      settleHorizons,
    }),
  );
  expect(status).toBe(201);
  if (!routeTag) return body.offer;
  // The deal's campaign tag belongs to this site (rows whose tag maps nowhere stay unassigned).
  const route = await api(cookie, `/api/offers/${body.offer.id}/tags/routes`, json("PUT", { dimension: "campaign", value: "777", siteId }));
  expect(route.status).toBe(200);
  return body.offer;
}

async function resync(cookie: string, offerId: string, from: string, to: string): Promise<void> {
  const sent: SyncMessage[] = [];
  captureSends(sent);
  const res = await api<{ handle: ResyncHandle }>(cookie, `/api/offers/${offerId}/resync`, json("POST", { from, to }));
  expect(res.status).toBe(202);
  expect(await runQueue(sent)).toHaveLength(1);
  vi.restoreAllMocks();
  const progress = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offerId}/resync/${res.body.handle.requestId}`);
  expect(progress.body.progress.status).toBe("ok");
}

async function restate(token: string, day: string, factor: number): Promise<void> {
  const res = await fetch(`${sandbox()}/__control/restate`, {
    method: "POST",
    body: JSON.stringify({ platform: "affilka", token, day, factor }),
  });
  expect(res.ok).toBe(true);
}

async function days(cookie: string, offerId: string, from: string, to: string): Promise<Map<string, OfferDaysResponse["days"][number]>> {
  const res = await api<OfferDaysResponse>(cookie, `/api/offers/${offerId}/days?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return new Map(res.body.days.map((d) => [d.day, d]));
}

async function overview(cookie: string, siteId: string, from: string, to: string): Promise<SiteOverviewResponse> {
  const res = await api<SiteOverviewResponse>(cookie, `/api/sites/${siteId}/overview?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return res.body;
}

const dayOf = (o: SiteOverviewResponse, day: string) => {
  const d = o.series.find((x) => x.day === day);
  if (!d) throw new Error(`no ${day} in the overview`);
  return d;
};

const stateOf = (m: Map<string, { state: DayState }>, day: string) => {
  const d = m.get(day);
  if (!d) throw new Error(`no state for ${day}`);
  return d.state;
};

async function changeLog(cookie: string, offerId: string, query = ""): Promise<ChangeLogEntry[]> {
  const res = await api<{ changes: ChangeLogEntry[] }>(cookie, `/api/offers/${offerId}/changes?kind=changed,removed${query}`);
  expect(res.status).toBe(200);
  return res.body.changes;
}

describe("days are provisional until they settle", () => {
  it("across a restatement: provisional value replaced, settled after the horizon, a later change flagged late", async () => {
    await demo();
    const cookie = await login();
    await clearSites(cookie);
    const token = `ds${ulid().toLowerCase()}`;
    const T = todayIn("UTC");
    const offer = await createOffer(cookie, token, "site_de", {
      publishDelayHours: 0,
      horizons: { activity: { kind: "days", days: 3 }, earnings: { kind: "days", days: 3 } },
    });
    expect(offer.settleSettings).toEqual({
      publishDelayHours: 0,
      horizons: { activity: { kind: "days", days: 3 }, earnings: { kind: "days", days: 3 } },
    });

    // Before any pull every day is "not yet reported", even long past ones.
    const before = await days(cookie, offer.id, addDays(T, -11), T);
    expect([...before.values()].every((d) => d.state === "not_reported")).toBe(true);

    await resync(cookie, offer.id, addDays(T, -10), addDays(T, -1));
    const first = await days(cookie, offer.id, addDays(T, -11), T);
    expect(stateOf(first, addDays(T, -11))).toBe("not_reported"); // never pulled
    expect(first.get(addDays(T, -11))?.reason).toBe("no successful pull has covered this day");
    for (let i = 10; i >= 4; i--) expect(stateOf(first, addDays(T, -i)), `T-${i}`).toBe("settled");
    for (let i = 3; i >= 1; i--) expect(stateOf(first, addDays(T, -i)), `T-${i}`).toBe("provisional");
    expect(stateOf(first, T)).toBe("not_reported"); // today has not ended

    const o1 = await overview(cookie, "site_de", addDays(T, -11), T);
    expect(o1.freshness.revenue.completeThrough).toBe(addDays(T, -4));
    expect(dayOf(o1, addDays(T, -2))).toMatchObject({ dayState: "provisional", countsState: "provisional", earningsState: "provisional" });
    expect(dayOf(o1, addDays(T, -2)).stateNote).toMatch(/may still be restated/);
    expect(dayOf(o1, addDays(T, -6))).toMatchObject({ dayState: "settled", revenueComplete: true, stateNote: null });
    expect(dayOf(o1, addDays(T, -11)).dayState).toBe("not_reported");
    expect(o1.freshness.revenue.provisionalDays).toEqual([addDays(T, -3), addDays(T, -2), addDays(T, -1)]);
    expect(o1.freshness.revenue.notReportedDays).toEqual([addDays(T, -11), T]);
    expect(o1.totals.earningsState).toBe("not_reported");
    const fresh = await api<{ freshness: OfferFreshness }>(cookie, `/api/offers/${offer.id}/freshness`);
    expect(fresh.body.freshness.completeThrough).toBe(addDays(T, -4));

    // The operator restates a provisional day: the new value replaces the old one, and it is no late restatement.
    const regsBefore = dayOf(o1, addDays(T, -2)).platformRegistrations;
    expect(regsBefore).not.toBeNull();
    await restate(token, addDays(T, -2), 0.5);
    await resync(cookie, offer.id, addDays(T, -10), addDays(T, -1));
    const o2 = await overview(cookie, "site_de", addDays(T, -11), T);
    const regsAfter = dayOf(o2, addDays(T, -2)).platformRegistrations;
    expect(regsAfter).not.toBeNull();
    expect(regsAfter).toBeLessThan(regsBefore as number);
    expect(dayOf(o2, addDays(T, -2)).dayState).toBe("provisional");
    const provisionalChange = (await changeLog(cookie, offer.id)).filter((c) => c.reportDate === addDays(T, -2));
    expect(provisionalChange).toHaveLength(1);
    expect(provisionalChange[0]?.lateRestatement).toBe(false);
    expect(provisionalChange[0]?.sentences[0]).toMatch(/^Registrations for /);

    // Once the horizon is behind the day (the offer's horizon is now 1 day) and a pull has seen it, it is settled.
    const patched = await api<{ offer: OfferDetail }>(
      cookie,
      `/api/offers/${offer.id}`,
      json("PATCH", {
        settleHorizons: { publishDelayHours: 0, horizons: { activity: { kind: "days", days: 1 }, earnings: { kind: "days", days: 1 } } },
      }),
    );
    expect(patched.status).toBe(200);
    const second = await days(cookie, offer.id, addDays(T, -3), T);
    expect(stateOf(second, addDays(T, -2))).toBe("settled");
    expect(stateOf(second, addDays(T, -1))).toBe("provisional");
    const o3 = await overview(cookie, "site_de", addDays(T, -11), T);
    expect(o3.freshness.revenue.completeThrough).toBe(addDays(T, -2));

    // A change the operator makes after the day settled is flagged as a late restatement, in data and in words.
    await restate(token, addDays(T, -2), 0.25);
    await restate(token, addDays(T, -6), 0.5);
    await resync(cookie, offer.id, addDays(T, -10), addDays(T, -1));
    const late = await changeLog(cookie, offer.id, "&late=1");
    expect(late.map((c) => c.reportDate).sort()).toEqual([addDays(T, -6), addDays(T, -2)]);
    for (const c of late) {
      expect(c.lateRestatement).toBe(true);
      expect(c.sentences[0]).toMatch(/^Late restatement \(the day had settled\): Registrations for /);
    }
    const o4 = await overview(cookie, "site_de", addDays(T, -11), T);
    const regsLate = dayOf(o4, addDays(T, -2)).platformRegistrations;
    expect(regsLate).not.toBeNull();
    expect(regsLate).toBeLessThan(regsAfter as number);
  });

  it("across a month boundary: rev-share and NGR stay provisional until the month closes", async () => {
    await demo();
    const cookie = await login();
    await clearSites(cookie);
    const token = `dm${ulid().toLowerCase()}`;
    const T = todayIn("UTC");
    const Y = addDays(T, -1);
    const firstOfMonth = `${Y.slice(0, 8)}01`; // first day of yesterday's month (<= Y)
    const lastOfPrev = addDays(firstOfMonth, -1);
    // Daily counts settle at once; earnings stay open one day into the next month.
    const offer = await createOffer(cookie, token, "site_uk", {
      publishDelayHours: 0,
      horizons: { activity: { kind: "days", days: 0 }, earnings: { kind: "month_close", graceDays: 1 } },
    });
    const from = addDays(lastOfPrev, -2);
    await resync(cookie, offer.id, from, Y);

    const o = await overview(cookie, "site_uk", from, T);
    // The previous month is closed: every figure of its last day is settled.
    expect(dayOf(o, lastOfPrev)).toMatchObject({ dayState: "settled", countsState: "settled", earningsState: "settled" });
    // This month: the counts are settled, the revenue is not (the month is open).
    const open = dayOf(o, firstOfMonth);
    expect(open).toMatchObject({ dayState: "provisional", countsState: "settled", earningsState: "provisional" });
    expect(open.revenueMicros).not.toBeNull();
    expect(open.stateNote).toMatch(/earnings may still be restated/);
    expect(o.freshness.revenue.completeThrough).toBe(lastOfPrev);
    expect(o.totals.earningsState).toBe("not_reported"); // today is in the range

    // The CSV carries the state of each day and of each figure.
    const csv = await call(`/api/sites/site_uk/overview.csv?from=${from}&to=${T}`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    const header = lines[0]?.split(",") ?? [];
    expect(header).toEqual(expect.arrayContaining(["day", "state", "platform_counts_state", "revenue", "revenue_state"]));
    const row = (day: string) => {
      const cells = lines.find((l) => l.startsWith(`${day},`))?.split(",");
      if (!cells) throw new Error(`no CSV row for ${day}`);
      return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    };
    expect(row(firstOfMonth)).toMatchObject({ state: "provisional", platform_counts_state: "settled", revenue_state: "provisional" });
    expect(row(lastOfPrev)).toMatchObject({ state: "settled", revenue_state: "settled" });
    expect(row(T)).toMatchObject({ state: "not yet reported", revenue: "" });

    // A restatement in the closed month is late; the change log says so.
    await restate(token, lastOfPrev, 0.5);
    await resync(cookie, offer.id, from, Y);
    const late = (await changeLog(cookie, offer.id)).filter((c) => c.reportDate === lastOfPrev);
    expect(late).toHaveLength(1);
    expect(late[0]?.lateRestatement).toBe(true);
  });

  it("shows revenue that no tag route places as unassigned in the site's overview, never on the site", async () => {
    await demo();
    const cookie = await login();
    await clearSites(cookie);
    const token = `ds${ulid().toLowerCase()}`;
    const T = todayIn("UTC");
    const offer = await createOffer(cookie, token, "site_uk", {}, false);
    const before = await overview(cookie, "site_uk", addDays(T, -6), T);
    await resync(cookie, offer.id, addDays(T, -6), addDays(T, -1));
    const o = await overview(cookie, "site_uk", addDays(T, -6), T);
    const mine = o.freshness.revenue.unassigned.find((u) => u.offerId === offer.id);
    expect(mine).toBeDefined();
    expect(mine?.tags).toBeGreaterThan(0);
    expect(mine?.commission?.micros).toBeGreaterThan(0);
    // Nothing of it is on the site: the site's figures are what they were before the pull.
    expect(o.totals.revenue.micros).toBe(before.totals.revenue.micros);
    expect(o.totals.platformRegistrations).toBe(before.totals.platformRegistrations);
  });

  it("refuses a horizon it cannot use, naming the field", async () => {
    await demo();
    const cookie = await login();
    const res = await api<{ error: { code: string; message: string } }>(
      cookie,
      "/api/offers/of_spinia",
      json("PATCH", { settleHorizons: { horizons: { earnings: { kind: "month_close", graceDays: 40 } } } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/settleHorizons\.horizons\.earnings\.graceDays/);
  });
});
