import { DurableObject } from "cloudflare:workers";
import type { PostbackEventType } from "../../shared/postback-events";
import { addDays, localDate } from "../../shared/time";
import { HIDE_FINANCIALS_HEADER, redactJson } from "../lib/financials";
import {
  ANALYTICS_DDL,
  applyBeacon,
  BeaconBatch,
  type BeaconInput,
  type BeaconOutcome,
  claimBeaconId,
  migrateAnalytics,
  pruneAnalytics,
  realtimeVisitors,
} from "./analytics";
import { applyClick, CLICKS_DDL, pruneClicks, type StoredClick } from "./clicks";
import { bump, COUNTERS_DDL, CounterBatch, countersFor, pruneCounters } from "./counters";
import { claimLost } from "./edge-losses";
import { type FlushOutcome, flushOnce, hasPending, TABLES } from "./flush";
import { GroupCommit } from "./group-commit";
import { pruneSalts, SALTS_DDL } from "./identity";
import { LostClickLinks } from "./lost-clicks";
import { applyPostback, POSTBACKS_DDL, pruneUnmapped, replayUnmapped } from "./postbacks";
import { type KeyRevocation, REVOKED_KEYS_DDL, RevokedKeys } from "./revoked-keys";
import { deliverDue, nextDue, pruneOutbox, SOURCE_POSTBACKS_DDL } from "./source-postbacks";

const HIDE_TAG = "hide-financials";

import type { ClickInput, HubSite, PostbackInput, PostbackResult } from "./types";

/** Flushed clicks stay in the hub this long so late postbacks attribute without D1. */
const CLICK_RETENTION_DAYS = 120;
const FLUSH_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * SiteHub — one per site (plus one per workspace for postbacks that name no site).
 * The durable write buffer for that site's clicks, postbacks and beacons (acknowledged only
 * after its SQLite write), the holder of today's live counters, and the WebSocket fan-out.
 * An alarm flushes buffered rows to D1 in idempotent batches.
 */
export class SiteHub extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Postbacks, clicks and beacons are group-committed: one storage commit per burst; each is answered after its own write. */
  private readonly postbacks: GroupCommit<{ site: HubSite; input: PostbackInput; click?: StoredClick }, PostbackResult, CounterBatch>;
  private readonly clicks: GroupCommit<{ site: HubSite; click: ClickInput }, { unique: boolean }, CounterBatch>;
  private readonly beacons: GroupCommit<{ site: HubSite; beacons: BeaconInput[]; batchId: string }, BeaconOutcome[], BeaconBatch>;
  private site: HubSite | null = null;
  private alarmArmed = false;
  private broadcastTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly lostClicks: LostClickLinks;
  private readonly revokedKeys: RevokedKeys;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    for (const ddl of [
      COUNTERS_DDL,
      SALTS_DDL,
      ...CLICKS_DDL,
      ...POSTBACKS_DDL,
      ...ANALYTICS_DDL,
      ...SOURCE_POSTBACKS_DDL,
      ...REVOKED_KEYS_DDL,
    ])
      this.sql.exec(ddl);
    addColumnIfMissing(this.sql, "clicks", "source_click_id", "TEXT");
    addColumnIfMissing(this.sql, "pb_log", "event_name", "TEXT");
    migrateAnalytics(this.sql);
    this.lostClicks = new LostClickLinks(this.sql, env.DB);
    this.revokedKeys = new RevokedKeys(this.sql);
    const counters = () => new CounterBatch(this.sql);
    this.postbacks = new GroupCommit(
      ctx.storage,
      ({ site, input, click }, batch) => applyPostback(this.sql, site, input, batch, null, click),
      counters,
    );
    this.clicks = new GroupCommit(ctx.storage, ({ site, click }, batch) => applyClick(this.sql, site, click, batch), counters);
    this.beacons = new GroupCommit(
      ctx.storage,
      ({ site, beacons, batchId }, batch) =>
        claimBeaconId(this.sql, batchId, Date.now())
          ? beacons.map((b) => applyBeacon(this.sql, site, b, batch))
          : beacons.map(() => "duplicate" as const),
      () => new BeaconBatch(this.sql),
    );
    const row = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'site'").toArray()[0];
    if (row) this.site = JSON.parse(row.v) as HubSite;
  }

  /** Records the site this hub serves (every call carries it; stored once). */
  private bind(site: HubSite): HubSite {
    if (!this.site || this.site.timezone !== site.timezone || this.site.siteId !== site.siteId) {
      this.site = site;
      this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('site', ?)", JSON.stringify(site));
    }
    return this.site;
  }

  /** Clicks of one site, usually several coalesced by the calling isolate (edge/hub-batch.ts). */
  async recordClicks(site: HubSite, clicks: ClickInput[]): Promise<{ unique: boolean }[]> {
    const s = this.bind(site);
    const res = await Promise.all(clicks.map((click) => this.clicks.add({ site: s, click })));
    await this.afterWrite();
    return res;
  }

  /** null: `viaKey` was rotated out (revoked-keys.ts) and nothing was stored; the edge answers 404. */
  async ingestPostback(site: HubSite, input: PostbackInput, viaKey?: string): Promise<PostbackResult | null> {
    if (viaKey !== undefined && this.revokedKeys.refuses(viaKey)) return null;
    const s = this.bind(site);
    const res = await this.postbacks.add({ site: s, ...(await this.lostClicks.resolve(s, input)) });
    await this.afterWrite();
    return res;
  }

  /** Keys rotated out of an offer or campaign of this hub's workspace (api/key-rotation.ts). */
  async revokeKeys(entries: KeyRevocation[]): Promise<void> {
    this.revokedKeys.add(entries);
  }

  /** Re-applies, once each, the postbacks of `offerId` kept as unmapped whose event name is now mapped. */
  async replayUnmapped(site: HubSite, offerId: string, names: Record<string, PostbackEventType>): Promise<number> {
    const s = this.bind(site);
    const n = this.ctx.storage.transactionSync(() => replayUnmapped(this.sql, s, offerId, names));
    if (n > 0) await this.afterWrite();
    return n;
  }

  /**
   * Site Analytics beacons → rollup deltas + visit state (analytics.ts), in arrival order; acknowledged
   * after the write. One edge batch (coalesced by the calling isolate), written in one transaction; a
   * batch id the hub already holds is a retry and counts nothing.
   */
  async ingestBeacons(site: HubSite, beacons: BeaconInput[], batchId: string): Promise<BeaconOutcome[]> {
    const s = this.bind(site);
    const out = await this.beacons.add({ site: s, beacons, batchId });
    await this.afterWrite();
    return out;
  }

  /**
   * Counts the clicks or beacons (by id) the edge answered but could not confirm written here after
   * its retries, in today's live counters (`lost_clicks`, `lost_beacons`): a loss is seen, not silent.
   */
  async noteLost(site: HubSite, kind: "clicks" | "beacons", ids: string[], count = ids.length): Promise<number> {
    const s = this.bind(site);
    const now = Date.now();
    const lost = this.ctx.storage.transactionSync(() => {
      const n = claimLost(this.sql, kind, ids, now, count);
      if (n > 0) bump(this.sql, localDate(now, s.timezone), null, null, kind === "clicks" ? "lost_clicks" : "lost_beacons", n);
      return n;
    });
    if (lost > 0) await this.afterWrite();
    return lost;
  }

  /** Visitors active in the last 5 minutes (Site Analytics realtime). */
  realtime(now = Date.now()) {
    return realtimeVisitors(this.sql, now);
  }

  /** When the latest beacon arrived, while its visit is still kept (30 minutes after it), else null. */
  lastBeaconAt(): number | null {
    return this.sql.exec<{ t: number | null }>("SELECT max(last) AS t FROM visits").one().t ?? null;
  }

  /** Today's live counters (site timezone) and realtime visitors. */
  live(now = Date.now()) {
    const tz = this.site?.timezone ?? "UTC";
    const day = localDate(now, tz);
    return { day, counters: countersFor(this.sql, day), realtime: realtimeVisitors(this.sql, now) };
  }

  /** Flushes everything pending to D1 now (tests, benchmarks, the dev drain endpoint). Errors are returned, not thrown. */
  async flushAll(): Promise<{ batches: number; rows: number; error: string | null }> {
    let batches = 0;
    let rows = 0;
    try {
      for (;;) {
        const out = await this.flush();
        if (out.seq === null) break;
        batches++;
        rows += out.rows;
        if (!out.more) break;
      }
    } catch (err) {
      return { batches, rows, error: String((err as Error).message ?? err) };
    }
    return { batches, rows, error: null };
  }

  pendingRows(): number {
    let n = 0;
    for (const t of TABLES) {
      n += this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${t} WHERE batch >= 0`).one().n;
    }
    return n;
  }

  private async flush(): Promise<FlushOutcome> {
    if (!this.site) return { seq: null, rows: 0, alreadyApplied: false, more: false };
    return flushOnce(this.sql, this.ctx.storage, this.env.DB, this.site, this.ctx.id.toString());
  }

  /** Arms the flush alarm (once per object lifetime or flush cycle) before the write is acknowledged. */
  private async afterWrite(): Promise<void> {
    if (!this.alarmArmed) {
      this.alarmArmed = true;
      if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + FLUSH_DELAY_MS);
    }
    this.scheduleBroadcast();
  }

  override async alarm(): Promise<void> {
    this.alarmArmed = false;
    // Outgoing traffic-source postbacks first: their new status is flushed in the same cycle.
    await deliverDue(this.sql, Date.now()).catch((err) => console.error("source postbacks", String(err)));
    try {
      const out = await this.flush();
      this.sql.exec("DELETE FROM meta WHERE k = 'flush_failures'");
      if (out.more) {
        await this.ctx.storage.setAlarm(Date.now() + 50);
        return;
      }
    } catch (err) {
      // D1 unavailable or rejected the batch: keep the batch and retry with backoff. Nothing is lost.
      const failures = Number(this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'flush_failures'").toArray()[0]?.v ?? 0) + 1;
      this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('flush_failures', ?)", String(failures));
      console.error("flush failed", failures, String(err));
      await this.ctx.storage.setAlarm(Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 10)));
      return;
    }
    this.maybePrune();
    const due = nextDue(this.sql);
    const next = hasPending(this.sql) ? Date.now() + FLUSH_DELAY_MS : null;
    const at = [due, next].filter((t): t is number => t !== null).reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    if (Number.isFinite(at)) await this.ctx.storage.setAlarm(Math.max(at, Date.now() + 50));
  }

  private maybePrune(): void {
    const now = Date.now();
    const last = Number(this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'pruned_at'").toArray()[0]?.v ?? 0);
    if (now - last < PRUNE_EVERY_MS) return;
    const tz = this.site?.timezone ?? "UTC";
    const yesterday = addDays(localDate(now, tz), -1);
    pruneClicks(this.sql, now, CLICK_RETENTION_DAYS);
    pruneUnmapped(this.sql, now, CLICK_RETENTION_DAYS);
    pruneCounters(this.sql, addDays(yesterday, -7));
    pruneSalts(this.sql, yesterday);
    pruneAnalytics(this.sql, now, yesterday);
    pruneOutbox(this.sql, now);
    this.sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('pruned_at', ?)", String(now));
  }

  // ---- live updates over WebSocket (hibernation API) ----

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    const pair = new WebSocketPair();
    // Members who may not see money get their own tag, and redacted pushes.
    const hide = request.headers.get(HIDE_FINANCIALS_HEADER) === "1";
    this.ctx.acceptWebSocket(pair[1], hide ? [HIDE_TAG] : []);
    const snapshot = { type: "live", ...this.live() };
    pair[1].send(JSON.stringify(hide ? redactJson(snapshot) : snapshot));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    if (message === "ping") ws.send(JSON.stringify({ type: "pong" }));
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    // 1005/1006 are reserved "no status" codes a peer reports but that may not be sent back.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }

  /** At most four pushes a second, whatever the event rate. */
  private scheduleBroadcast(): void {
    if (this.broadcastTimer || this.ctx.getWebSockets().length === 0) return;
    this.broadcastTimer = setTimeout(() => {
      this.broadcastTimer = null;
      const snapshot = { type: "live", ...this.live() };
      const msg = JSON.stringify(snapshot);
      const redacted = JSON.stringify(redactJson(snapshot));
      for (const ws of this.ctx.getWebSockets()) {
        try {
          ws.send(this.ctx.getTags(ws).includes(HIDE_TAG) ? redacted : msg);
        } catch {
          // a closing socket; the runtime drops it
        }
      }
    }, 250);
  }
}

/** DO storage has no migrations framework: columns added after a table first shipped are added here. */
function addColumnIfMissing(sql: SqlStorage, table: string, column: string, type: string): void {
  const cols = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
  if (!cols.some((c) => c.name === column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}
