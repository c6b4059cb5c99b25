/**
 * Sync operations through the API: test connection (preview and each error kind against the
 * Affilka sandbox), sync runs without secrets, the change log as sentences, and a manual re-sync
 * that is enqueued, consumed by the queue handler and reports progress.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import type {
  ChangeLogEntry,
  OfferDetail,
  OfferSummary,
  ResyncHandle,
  ResyncProgress,
  SyncRunDetail,
  SyncRunSummary,
  TestConnectionResult,
} from "../../shared/report-types";
import { INTERRUPTED_RUN_ERROR, SYNC_RUN_HARD_TIMEOUT_MS } from "../../shared/sync-runs";
import { addDays } from "../../shared/time";
import worker from "../../workers/index";
import { ulid } from "../../workers/lib/ids";
import type { SyncMessage } from "../../workers/revenue/cron";
import { api, demo, env, json, login, todayIn } from "../helpers";
import { captureSends, runQueue } from "../queue";

type ErrorBody = { error: { code: string; message: string; details?: { fields: { field: string; message: string }[] } } };

const sandbox = () => String(inject("sandboxUrl"));
const reportUrl = (token: string) => `${sandbox()}/affilka/api/customer/v1/partner/report?token=${token}`;
const fresh = (prefix: string) => `${prefix}${ulid().toLowerCase()}`;

async function createOffer(cookie: string, token: string): Promise<OfferDetail> {
  const { status, body } = await api<{ offer: OfferDetail }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: `Sync ops ${token}`,
      platform: "affilka",
      brand: "Spinia",
      campaignTag: "501",
      trackingUrl: "https://go.spinia.example/visit/?bta=501",
      platformTimezone: "UTC",
      accountCurrency: "EUR",
      siteIds: ["site_uk"],
      apiSetup: { reportUrl: reportUrl(token), brandId: "12", timeoutMs: 1500 },
    }),
  );
  expect(status).toBe(201);
  return body.offer;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("test connection", () => {
  it("previews what a saved demo offer would import, without storing anything", async () => {
    await demo();
    const cookie = await login();
    const runsBefore = await api<{ runs: SyncRunSummary[] }>(cookie, "/api/offers/of_wildz/sync-runs");
    const res = await api<TestConnectionResult>(cookie, "/api/offers/of_wildz/test-connection", { method: "POST" });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain("demo-wildz-token");
    const r = res.body;
    if (!r.ok) throw new Error(`expected a preview, got ${JSON.stringify(r.error)}`);
    const today = todayIn("UTC");
    expect(r.window).toEqual({ from: addDays(today, -2), to: today });
    expect(r.rowCount).toBe(3);
    expect(r.currencies).toEqual(["EUR"]);
    expect(r.dateRange).toEqual({ first: addDays(today, -2), last: today });
    expect(r.rows[0]).toMatchObject({ reportDate: today, brand: "Wildz", campaign: "Wildz DE (777)", currency: "EUR" });
    expect(r.rows[0]?.commission).toMatch(/^-?\d+\.\d{2,6}$/);
    expect(r.totals.registrations).toBeGreaterThan(0);
    const runsAfter = await api<{ runs: SyncRunSummary[] }>(cookie, "/api/offers/of_wildz/sync-runs");
    expect(runsAfter.body.runs.length).toBe(runsBefore.body.runs.length);
  });

  it("tests unsaved edits on top of the saved secrets", async () => {
    await demo();
    const cookie = await login();
    // Brand 14 has no campaign 501 on this account: the preview says so instead of importing another deal's rows.
    const res = await api<TestConnectionResult>(
      cookie,
      "/api/offers/of_spinia/test-connection",
      json("POST", { apiSetup: { brandId: "14" } }),
    );
    expect(res.status).toBe(200);
    if (!res.body.ok) throw new Error("expected a preview");
    expect(res.body.rowCount).toBe(0);
    expect(res.body.note).toMatch(/campaign tag and brand id/);
  });

  it("maps every failure to a clear error, with the platform's answer redacted", async () => {
    await demo();
    const cookie = await login();
    const cases: [string, string, RegExp][] = [
      ["bad", "auth", /refused the credentials/],
      ["forbidden", "ip_not_allowed", /IP address/],
      ["error200", "auth", /refused the credentials/],
      ["down", "server", /platform had an error/],
      ["slow", "timeout", /did not answer in time/],
      ["malformed", "malformed", /could not read/],
      ["ratelimit", "rate_limited", /slow down/],
    ];
    for (const [prefix, kind, title] of cases) {
      const token = fresh(prefix);
      const res = await api<TestConnectionResult>(
        cookie,
        "/api/offers/test-connection",
        json("POST", { platform: "affilka", platformTimezone: "UTC", apiSetup: { reportUrl: reportUrl(token), timeoutMs: 1500 } }),
      );
      expect(res.status, prefix).toBe(200);
      expect(JSON.stringify(res.body), prefix).not.toContain(token);
      const r = res.body;
      if (r.ok) throw new Error(`${prefix}: expected an error`);
      expect(r.error.kind, prefix).toBe(kind);
      expect(r.error.title, prefix).toMatch(title);
      expect(r.error.hint.length, prefix).toBeGreaterThan(10);
      if (prefix === "ratelimit") expect(r.error.retryAfterSeconds).toBe(2);
      if (prefix === "bad") expect(r.error.httpStatus).toBe(401);
    }
    const empty = await api<TestConnectionResult>(
      cookie,
      "/api/offers/test-connection",
      json("POST", { platform: "affilka", apiSetup: { reportUrl: reportUrl(fresh("empty")) } }),
    );
    if (!empty.body.ok) throw new Error("empty: expected a preview");
    expect(empty.body.rowCount).toBe(0);
    expect(empty.body.note).toMatch(/no rows/);
  });

  it("works for other platforms' setups: Cellxpert IP block, generic report with a renamed column", async () => {
    await demo();
    const cookie = await login();
    const cellxpert = (key: string) =>
      api<TestConnectionResult>(
        cookie,
        "/api/offers/test-connection",
        json("POST", {
          platform: "cellxpert",
          campaignTag: "tc-reviews",
          accountCurrency: "EUR",
          apiSetup: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "35614", apiKey: key },
        }),
      );
    const ok = await cellxpert(fresh("good"));
    if (!ok.body.ok) throw new Error(`cellxpert: expected a preview, got ${JSON.stringify(ok.body.error)}`);
    expect(ok.body.rowCount).toBeGreaterThan(0);
    const blockedKey = fresh("ipblocked");
    const blocked = await cellxpert(blockedKey);
    if (blocked.body.ok) throw new Error("cellxpert: expected an error");
    expect(blocked.body.error).toMatchObject({ kind: "ip_not_allowed", title: expect.stringMatching(/IP address/) });
    expect(JSON.stringify(blocked.body)).not.toContain(blockedKey);

    const token = fresh("renamed");
    const generic = await api<TestConnectionResult>(
      cookie,
      "/api/offers/test-connection",
      json("POST", {
        platform: "generic",
        apiSetup: {
          url: `${sandbox()}/generic/report.csv?key=${token}&start={from}&end={to}`,
          mapping: JSON.stringify({
            date: { column: "Date", format: "YYYY-MM-DD" },
            currency: { column: "Currency" },
            counts: { registrations: "Signups", ftdCount: "FTDs" },
            money: { commissionTotal: "Commission" },
          }),
        },
      }),
    );
    if (generic.body.ok) throw new Error("generic: expected an error");
    expect(generic.body.error).toMatchObject({ kind: "missing_columns", title: "The report is missing columns we need" });
    expect(generic.body.error.message).toContain('"Signups"');
    expect(JSON.stringify(generic.body)).not.toContain(token);
  });

  it("names missing or invalid API Setup fields with a 400", async () => {
    await demo();
    const cookie = await login();
    const missing = await api<ErrorBody>(cookie, "/api/offers/test-connection", json("POST", { platform: "affilka", apiSetup: {} }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.fields[0]?.field).toBe("apiSetup.reportUrl");
    const badUrl = await api<ErrorBody>(
      cookie,
      "/api/offers/test-connection",
      json("POST", { platform: "referon", apiSetup: { reportUrl: "https://ro-affiliate.example.com/statistics?token=abcdef" } }),
    );
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details?.fields[0]).toMatchObject({
      field: "apiSetup.reportUrl",
      message: expect.stringMatching(/date parameters/),
    });
  });
});

describe("manual re-sync, sync runs and the change log", () => {
  it("validates the range: dates, order, at most 366 days, not after today in the platform's zone", async () => {
    await demo();
    const cookie = await login();
    const today = todayIn("UTC");
    const cases: [unknown, string][] = [
      [{ from: "2026-13-01", to: today }, "from"],
      [{ from: today }, "to"],
      [{ from: today, to: addDays(today, -1) }, "from"],
      [{ from: addDays(today, -400), to: today }, "to"],
      [{ from: today, to: addDays(today, 2) }, "to"],
    ];
    for (const [b, field] of cases) {
      const res = await api<ErrorBody>(cookie, "/api/offers/of_spinia/resync", json("POST", b));
      expect(res.status, JSON.stringify(b)).toBe(400);
      expect(
        res.body.error.details?.fields.map((f) => f.field),
        JSON.stringify(b),
      ).toContain(field);
    }
  });

  it("enqueues a re-sync, the queue consumer runs it with progress, runs and changes are readable", async () => {
    await demo();
    const cookie = await login();
    const token = fresh("resync");
    const offer = await createOffer(cookie, token);
    const today = todayIn("UTC");
    const from = addDays(today, -39);

    const sent: SyncMessage[] = [];
    const send = captureSends(sent);
    const res = await api<{ handle: ResyncHandle }>(cookie, `/api/offers/${offer.id}/resync`, json("POST", { from, to: today }));
    expect(res.status).toBe(202);
    expect(send).toHaveBeenCalledTimes(1);
    const handle = res.body.handle;
    expect(handle).toMatchObject({ offerId: offer.id, from, to: today });
    expect(sent[0]).toEqual({ offerId: offer.id, workspaceId: "ws_demo", trigger: "manual", from, to: today, requestId: handle.requestId });

    const queued = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offer.id}/resync/${handle.requestId}`);
    expect(queued.body.progress).toMatchObject({ status: "queued", windowsDone: 0, attempts: 0 });
    // A handle this offer never gave out is not a request waiting in the queue.
    const unknown = await api<{ error: { code: string; details: { field: string } } }>(
      cookie,
      `/api/offers/${offer.id}/resync/rq_never_made`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "not_found", details: { field: "requestId" } });

    expect(await runQueue(sent)).toHaveLength(1);
    const done = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offer.id}/resync/${handle.requestId}`);
    // 40 days in 7-day Affilka windows: six windows, all stored.
    expect(done.body.progress).toMatchObject({ status: "ok", windowsTotal: 6, windowsDone: 6, attempts: 1 });
    expect(done.body.progress.run?.rowsInserted).toBe(40);

    const runs = await api<{ runs: SyncRunSummary[] }>(cookie, `/api/offers/${offer.id}/sync-runs?request=${handle.requestId}`);
    expect(runs.body.runs).toHaveLength(1);
    const run = runs.body.runs[0];
    expect(run).toMatchObject({
      trigger: "manual",
      status: "ok",
      windowFrom: from,
      windowTo: today,
      rowsRead: 40,
      httpStatus: 200,
      attempt: 1,
    });
    expect(run && "rawResponse" in run).toBe(false);

    const det = await api<{ run: SyncRunDetail }>(cookie, `/api/offers/${offer.id}/sync-runs/${run?.id}`);
    expect(det.status).toBe(200);
    expect(det.body.run.rawResponse).toContain('"rows"');
    expect(JSON.stringify(det.body)).not.toContain(token);
    const stored = await env.DB.prepare("SELECT raw_response FROM sync_runs WHERE offer_id = ?")
      .bind(offer.id)
      .all<{ raw_response: string }>();
    for (const r of stored.results) expect(r.raw_response).not.toContain(token);

    // The operator restates a day; the next pull records what changed, as sentences.
    const day = addDays(today, -3);
    await fetch(`${sandbox()}/__control/restate`, {
      method: "POST",
      body: JSON.stringify({ platform: "affilka", token, day, factor: 0.5 }),
    });
    await fetch(`${sandbox()}/__control/vanish`, {
      method: "POST",
      body: JSON.stringify({ platform: "affilka", token, day: addDays(today, -5) }),
    });
    sent.length = 0;
    const again = await api<{ handle: ResyncHandle }>(
      cookie,
      `/api/offers/${offer.id}/resync`,
      json("POST", { from: addDays(today, -6), to: today }),
    );
    expect(again.status).toBe(202);
    await runQueue(sent);
    const second = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offer.id}/resync/${again.body.handle.requestId}`);
    expect(second.body.progress.run).toMatchObject({ status: "ok", rowsChanged: 1, rowsRemoved: 1, windowsTotal: 1, windowsDone: 1 });

    const changes = await api<{ changes: ChangeLogEntry[] }>(cookie, `/api/offers/${offer.id}/changes?kind=changed,removed`);
    expect(changes.status).toBe(200);
    const changed = changes.body.changes.find((c) => c.kind === "changed");
    expect(changed?.reportDate).toBe(day);
    // Three days back is inside the 7-day horizon: a restatement there is expected, not late.
    expect(changed?.lateRestatement).toBe(false);
    expect(changed?.scope).toBe("brand 12, campaign 501");
    expect(
      changed?.sentences.some((s) => new RegExp(`^Registrations for ${day} \\(brand 12, campaign 501\\) went \\d+ → \\d+$`).test(s)),
    ).toBe(true);
    const removed = changes.body.changes.find((c) => c.kind === "removed");
    expect(removed?.sentences[0]).toMatch(/is no longer reported by the platform/);
    const all = await api<{ changes: ChangeLogEntry[] }>(cookie, `/api/offers/${offer.id}/changes?limit=500`);
    expect(all.body.changes.filter((c) => c.kind === "inserted").length).toBe(40);
    expect(all.body.changes.find((c) => c.kind === "inserted")?.sentences[0]).toMatch(/^First reported \d{4}-\d{2}-\d{2} .*FTDs \d+/);

    const freshness = await api<{ freshness: { state: string; completeThrough: string | null } }>(
      cookie,
      `/api/offers/${offer.id}/freshness`,
    );
    expect(freshness.body.freshness.state).toBe("ok");
    // A successful pull does not make yesterday final: days inside the 7-day horizon stay provisional.
    const through = freshness.body.freshness.completeThrough;
    expect(through === null || through <= addDays(today, -8)).toBe(true);
  });

  it("records a failed re-sync with its error, and never the credentials", async () => {
    await demo();
    const cookie = await login();
    const token = fresh("bad");
    const offer = await createOffer(cookie, token);
    const sent: SyncMessage[] = [];
    captureSends(sent);
    const today = todayIn("UTC");
    const res = await api<{ handle: ResyncHandle }>(cookie, `/api/offers/${offer.id}/resync`, json("POST", { from: today, to: today }));
    expect(res.status).toBe(202);
    await runQueue(sent);
    const p = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offer.id}/resync/${res.body.handle.requestId}`);
    expect(p.body.progress).toMatchObject({ status: "failed", windowsTotal: 1, windowsDone: 0 });
    expect(p.body.progress.run?.httpStatus).toBe(401);
    expect(p.body.progress.run?.error).toMatch(/refused the credentials/);
    const det = await api<{ run: SyncRunDetail }>(cookie, `/api/offers/${offer.id}/sync-runs/${p.body.progress.run?.id}`);
    expect(JSON.stringify(det.body)).not.toContain(token);
    const f = await api<{ freshness: { state: string } }>(cookie, `/api/offers/${offer.id}/freshness`);
    expect(f.body.freshness.state).toBe("failing");
  });

  it("refuses a re-sync for an offer that cannot sync yet", async () => {
    await demo();
    const cookie = await login();
    const today = todayIn("UTC");
    const created = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", { name: "No setup yet", platform: "affilka", brand: "Spinia", trackingUrl: "https://go.spinia.example/x" }),
    );
    expect(created.body.offer.apiSetupComplete).toBe(false);
    const res = await api<ErrorBody>(cookie, `/api/offers/${created.body.offer.id}/resync`, json("POST", { from: today, to: today }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("setup_incomplete");
  });
});

describe("a run killed mid-pull", () => {
  it('is shown and stored as failed ("interrupted") once older than the hard timeout, and does not block a new run', async () => {
    await demo();
    const cookie = await login();
    const offer = await createOffer(cookie, fresh("killed"));
    const now = Date.now();
    // What a pull killed mid-way leaves behind (isolate evicted, deploy): its run row, started, never finished.
    const insert = env.DB.prepare(
      "INSERT INTO sync_runs (id, workspace_id, offer_id, trigger, status, started_at, window_from, window_to, windows_total, request_id) VALUES (?, 'ws_demo', ?, 'manual', 'running', ?, ?, ?, 1, ?)",
    );
    const today = todayIn("UTC");
    const killed = `sr_${ulid(now - SYNC_RUN_HARD_TIMEOUT_MS - 60_000)}`;
    const young = `sr_${ulid(now - 60_000)}`;
    await insert.bind(killed, offer.id, now - SYNC_RUN_HARD_TIMEOUT_MS - 60_000, today, today, "rq_killed").run();
    await insert.bind(young, offer.id, now - 60_000, today, today, "rq_young").run();

    // Shown as failed at once (before any sweep); a run younger than the timeout may still be running.
    const listed = await api<{ runs: SyncRunSummary[] }>(cookie, `/api/offers/${offer.id}/sync-runs`);
    expect(listed.body.runs.find((r) => r.id === killed)).toMatchObject({
      status: "failed",
      error: INTERRUPTED_RUN_ERROR,
      finishedAt: null,
    });
    expect(listed.body.runs.find((r) => r.id === young)).toMatchObject({ status: "running", error: null });
    const progress = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offer.id}/resync/rq_killed`);
    expect(progress.body.progress).toMatchObject({ status: "failed", run: { id: killed, error: INTERRUPTED_RUN_ERROR } });
    const detail = await api<{ run: SyncRunDetail }>(cookie, `/api/offers/${offer.id}/sync-runs/${killed}`);
    expect(detail.body.run).toMatchObject({ status: "failed", error: INTERRUPTED_RUN_ERROR });

    // The cron stores it as failed.
    await cronMessages();
    const stored = await env.DB.prepare("SELECT id, status, error, finished_at FROM sync_runs WHERE offer_id = ? ORDER BY id")
      .bind(offer.id)
      .all<{ id: string; status: string; error: string | null; finished_at: number | null }>();
    expect(stored.results).toEqual([
      { id: killed, status: "failed", error: INTERRUPTED_RUN_ERROR, finished_at: null },
      { id: young, status: "running", error: null, finished_at: null },
    ]);

    // A new run is not held up by it.
    const sent: SyncMessage[] = [];
    captureSends(sent);
    const res = await api<{ handle: ResyncHandle }>(cookie, `/api/offers/${offer.id}/resync`, json("POST", { from: today, to: today }));
    expect(res.status).toBe(202);
    expect(await runQueue(sent)).toHaveLength(1);
    const after = await api<{ progress: ResyncProgress }>(cookie, `/api/offers/${offer.id}/resync/${res.body.handle.requestId}`);
    expect(after.body.progress.status).toBe("ok");
  });
});

/** Runs the cron once; answers the pull messages it enqueued (caught, not consumed). */
async function cronMessages(): Promise<SyncMessage[]> {
  const out: SyncMessage[] = [];
  vi.spyOn(env.SYNC_QUEUE, "sendBatch").mockImplementation(async (msgs) => {
    for (const m of msgs) out.push(m.body as SyncMessage);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  });
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/30 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
  vi.restoreAllMocks();
  return out;
}

describe("freshness of an offer without API Setup", () => {
  it("is not queued by the cron; an offer with API Setup is", async () => {
    await demo();
    const cookie = await login();
    const { status, body } = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", { name: "No setup (cron)", platform: "affilka", brand: "NoSetup", trackingUrl: "https://example.com/?a=1" }),
    );
    expect(status).toBe(201);
    expect(body.offer.apiSetupComplete).toBe(false);
    const withSetup = await createOffer(cookie, fresh("cron"));
    const queued = (await cronMessages()).map((m) => m.offerId);
    expect(queued).toContain(withSetup.id);
    expect(queued).not.toContain(body.offer.id);
    const f = await api<{ freshness: { state: string } }>(cookie, `/api/offers/${body.offer.id}/freshness`);
    expect(f.body.freshness.state).toBe("not_set_up");
  });

  it('is "not set up", not "failing", even when a pull was queued for it before its setup was removed', async () => {
    const seed = await demo();
    const cookie = await login();
    const { status, body } = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", { name: "No setup", platform: "affilka", brand: "NoSetup", trackingUrl: "https://example.com/?a=1" }),
    );
    expect(status).toBe(201);
    const id = body.offer.id;
    expect(body.offer.apiSetupComplete).toBe(false);
    await runQueue([{ offerId: id, workspaceId: seed.workspaceId, trigger: "cron" }]);
    const after = await api<{ offers: OfferSummary[] }>(cookie, "/api/offers");
    const offer = after.body.offers.find((o) => o.id === id);
    expect(offer).toBeDefined();
    expect(offer?.freshness?.state).toBe("not_set_up");
  });
});
