/**
 * Offers API, sync operations: test connection, freshness, sync runs, the revenue change log and manual
 * re-sync. Mounted inside `offerRoutes` (which requires the session); CRUD is in offers.ts.
 */
import { missingApiSetup } from "../../shared/api-setup";
import { revenueChangesQuerySchema, syncRunsQuerySchema } from "../../shared/list-queries";
import { resyncSchema, type TestSettings, testSettingsSchema } from "../../shared/offer-input";
import type { ResyncHandle, ResyncProgress, SyncRunDetail } from "../../shared/report-types";
import { localDate } from "../../shared/time";
import { getDb } from "../db/client";
import { resyncRequests } from "../db/schema";
import { AppError, fromZod, notFound } from "../lib/errors";
import { newRouter } from "../lib/hono";
import { ulid } from "../lib/ids";
import { guardedFetch } from "../lib/outbound";
import { decryptSecrets, redact } from "../lib/secrets";
import { listRevenueChanges } from "../reports/change-log";
import { offerFreshness } from "../reports/freshness";
import { listSyncRuns, resyncRequestExists, runSummary, syncRunById } from "../reports/sync-runs";
import { redactionOffer } from "../revenue/connector-offer";
import { connectorFor } from "../revenue/connectors";
import type { SyncMessage } from "../revenue/cron";
import { previewRouting } from "../revenue/tags";
import { secretsToRedact, testConnection } from "../revenue/test-connection";
import { parseQuery } from "./input";
import { apiSetupError, fieldError } from "./offer-input";
import { apiSetupState, body, connectorOffer, loadOffer, mergeSetup, type OfferRow } from "./offer-setup";

/** Largest raw response returned by the run detail endpoint (what is stored is already ≤ 64 KB). */
const RAW_DETAIL_LIMIT = 32 * 1024;

/** Test connection: saved offer (optionally with unsaved edits) or wholly unsaved settings. */
async function runTest(env: Env, base: OfferRow | null, settings: TestSettings) {
  const platform = settings.platform ?? base?.platform;
  if (!platform) throw fieldError("platform", "is required");
  const samePlatform = base !== null && base.platform === platform;
  const saved = samePlatform
    ? { secrets: await decryptSecrets(env, base.apiSecretEnc), config: base.apiConfig ?? {} }
    : { secrets: {}, config: {} };
  const setup = mergeSetup(platform, saved, settings.apiSetup);
  const missing = missingApiSetup(platform, new Set([...Object.keys(setup.secrets), ...Object.keys(setup.config)]));
  if (missing.length) throw apiSetupError(missing);
  const offer = connectorOffer(
    {
      id: base?.id ?? "unsaved",
      platform,
      brand: settings.brand ?? base?.brand ?? "",
      campaignTag: settings.campaignTag !== undefined ? settings.campaignTag : (base?.campaignTag ?? null),
      platformTimezone: settings.platformTimezone ?? base?.platformTimezone ?? "UTC",
      accountCurrency: settings.accountCurrency !== undefined ? settings.accountCurrency : (base?.accountCurrency ?? null),
    },
    setup,
  );
  const routing = base ? await previewRouting(getDb(env.DB), base.workspaceId, base.id, platform, setup.config) : null;
  return testConnection(offer, guardedFetch(env, fetch), Date.now(), routing);
}

export const offerSyncRoutes = newRouter()
  .post("/test-connection", async (c) => {
    const parsed = testSettingsSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "test settings");
    return c.json(await runTest(c.env, null, parsed.data));
  })
  .post("/:id/test-connection", async (c) => {
    const s = c.get("session");
    const current = await loadOffer(getDb(c.env.DB), s.workspaceId, c.req.param("id"));
    const raw = await c.req.text();
    const parsed = testSettingsSchema.safeParse(raw.trim() ? safeJson(raw) : {});
    if (!parsed.success) throw fromZod(parsed.error, "test settings");
    return c.json(await runTest(c.env, current, parsed.data));
  })
  .get("/:id/freshness", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const [f] = await offerFreshness(db, ws, [o.id]);
    return c.json({ freshness: f ?? null });
  })
  .get("/:id/sync-runs", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const q = parseQuery(c, syncRunsQuerySchema);
    const rows = await listSyncRuns(db, ws, o.id, { requestId: q.request, limit: q.limit });
    return c.json({ runs: rows.map((r) => runSummary(r)) });
  })
  .get("/:id/sync-runs/:runId", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const r = await syncRunById(db, ws, o.id, c.req.param("runId"));
    if (!r) throw notFound("sync run");
    // Stored raw responses are redacted when written; redact again with today's secrets in case they changed.
    const secrets = secretsToRedact(
      redactionOffer(connectorOffer(o, { secrets: await decryptSecrets(c.env, o.apiSecretEnc), config: o.apiConfig ?? {} })),
    );
    const raw = r.rawResponse === null ? null : redact(r.rawResponse, secrets);
    const summary = runSummary(r);
    const run: SyncRunDetail = {
      ...summary,
      error: summary.error === null ? null : redact(summary.error, secrets),
      rawResponse: raw === null ? null : raw.slice(0, RAW_DETAIL_LIMIT),
      rawTruncated: raw !== null && raw.length > RAW_DETAIL_LIMIT,
    };
    return c.json({ run });
  })
  .get("/:id/changes", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const q = parseQuery(c, revenueChangesQuerySchema);
    const changes = await listRevenueChanges(db, ws, o.id, { kinds: q.kind, runId: q.run, lateOnly: q.late === "1", limit: q.limit });
    return c.json({ changes });
  })
  .post("/:id/resync", async (c) => {
    const s = c.get("session");
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, s.workspaceId, c.req.param("id"));
    const parsed = resyncSchema.safeParse(await body(c));
    if (!parsed.success) throw fromZod(parsed.error, "re-sync range");
    const { from, to } = parsed.data;
    const today = localDate(Date.now(), o.platformTimezone);
    if (to > today)
      throw new AppError(
        400,
        "invalid_input",
        `Invalid re-sync range: to: must not be after today (${today} in ${o.platformTimezone}, the platform's timezone)`,
        {
          fields: [{ field: "to", message: `must not be after today (${today} in ${o.platformTimezone})` }],
        },
      );
    if (!connectorFor(o.platform))
      throw new AppError(409, "no_connector", `CasinoFlux cannot pull ${o.platform} reports yet`, { field: "platform" });
    const setup = apiSetupState(o, await decryptSecrets(c.env, o.apiSecretEnc));
    if (!setup.complete)
      throw new AppError(409, "setup_incomplete", "Finish the offer's API Setup before re-syncing", {
        field: "apiSetup",
        missing: setup.missing,
      });
    const handle: ResyncHandle = { requestId: `rq_${ulid()}`, offerId: o.id, from, to, enqueuedAt: Date.now() };
    const msg: SyncMessage = { offerId: o.id, workspaceId: s.workspaceId, trigger: "manual", from, to, requestId: handle.requestId };
    await c.env.SYNC_QUEUE.send(msg);
    // Recorded once the message is on the queue: a failed send leaves no request that would wait forever.
    await db.insert(resyncRequests).values({
      id: handle.requestId,
      workspaceId: s.workspaceId,
      offerId: o.id,
      windowFrom: from,
      windowTo: to,
      enqueuedAt: handle.enqueuedAt,
    });
    return c.json({ handle }, 202);
  })
  .get("/:id/resync/:requestId", async (c) => {
    const ws = c.get("session").workspaceId;
    const db = getDb(c.env.DB);
    const o = await loadOffer(db, ws, c.req.param("id"));
    const requestId = c.req.param("requestId");
    const rows = await listSyncRuns(db, ws, o.id, { requestId });
    // No run yet: "queued" only for a request this offer really accepted.
    if (!rows[0]) {
      if (!(await resyncRequestExists(db, ws, o.id, requestId))) throw notFound("Re-sync request", "requestId");
    }
    const latest = rows[0] ? runSummary(rows[0]) : null;
    const progress: ResyncProgress = {
      requestId,
      status: latest ? latest.status : "queued",
      windowsTotal: latest?.windowsTotal ?? 0,
      windowsDone: latest?.windowsDone ?? 0,
      attempts: rows.length,
      run: latest,
    };
    return c.json({ progress });
  });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
