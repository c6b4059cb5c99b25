import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show } from "solid-js";
import type { ResyncProgress, SyncRunDetail, SyncRunSummary } from "../../../shared/report-types";
import { ApiError, FieldsError, getOfferChanges, getOffers, getResyncProgress, getSyncRun, getSyncRuns, startResync } from "../api";
import { errorMessage, Loaded } from "../components/Async";
import { addDays, fmtAgo, fmtDateTime, fmtDay, fmtDays, fmtInt, platformLabel, todayIn, words } from "../format";
import { can } from "../session";
import { StateBadge } from "./Offers";
import { OfferDayStates } from "./offer/OfferDayStates";
import { SettleHorizons } from "./offer/SettleHorizons";
import { TagRoutes } from "./offer/TagRoutes";
import "./offers.css";
import { TableScroll } from "../components/TableScroll";

/** Pretty-prints each JSON page of a raw response; anything else is shown as stored. */
function pretty(raw: string): string {
  return raw
    .split("\n")
    .map((line) => {
      try {
        return JSON.stringify(JSON.parse(line), null, 2);
      } catch {
        return line;
      }
    })
    .join("\n");
}
// A run killed mid-pull is failed with no end time: its duration is unknown, not "running".
const duration = (r: SyncRunSummary) =>
  r.finishedAt !== null ? `${((r.finishedAt - r.startedAt) / 1000).toFixed(1)} s` : r.status === "running" ? "running" : "—";

/** Revenue sync: freshness per offer, its sync runs and change log, and a manual re-sync of a range. */
export function RevenueSync() {
  const [params, setParams] = useSearchParams<{ offer?: string }>();
  const [offers, { refetch: refetchOffers }] = createResource(getOffers);
  const selected = createMemo(() => {
    const list = offers.error ? [] : (offers() ?? []);
    // Without ?offer= the first offer; an id this workspace lacks selects nothing (and says so).
    return params.offer ? list.find((o) => o.id === params.offer) : list[0];
  });
  const unknownOffer = () => (params.offer && offers() && !offers.error && !selected() ? params.offer : null);
  // A memo, so a refetched offers list with the same selection does not count as a new selection.
  const offerId = createMemo(() => selected()?.id ?? null);
  const [runs, { refetch: refetchRuns }] = createResource(offerId, (id) => getSyncRuns(id));
  const [showInserts, setShowInserts] = createSignal(false);
  const [changes, { refetch: refetchChanges }] = createResource(
    () => (offerId() ? { id: offerId() ?? "", inserts: showInserts() } : null),
    (k) => getOfferChanges(k.id, k.inserts ? ["inserted", "changed", "removed"] : ["changed", "removed"]),
  );
  const [detail, setDetail] = createSignal<SyncRunDetail | null>(null);
  const [horizonsSaved, setHorizonsSaved] = createSignal(0);

  // Re-sync range control.
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [resyncError, setResyncError] = createSignal<string | null>(null);
  const [progress, setProgress] = createSignal<ResyncProgress | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Keyed on the id: refetching the offers list (after a re-sync) must not reset the control.
  createEffect(
    on(offerId, () => {
      const o = selected();
      if (!o) return;
      const today = todayIn(o.platformTimezone);
      setFrom(addDays(today, -6));
      setTo(today);
      setProgress(null);
      setResyncError(null);
      setDetail(null);
    }),
  );

  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  function poll(offer: string, requestId: string) {
    timer = setTimeout(async () => {
      try {
        const p = await getResyncProgress(offer, requestId);
        setProgress(p);
        if (p.status === "queued" || p.status === "running") poll(offer, requestId);
        else {
          refetchRuns();
          refetchChanges();
          refetchOffers();
        }
        if (p.status === "running") refetchRuns();
      } catch (err) {
        setResyncError(err instanceof Error ? err.message : String(err));
      }
    }, 1000);
  }

  async function resync(e: Event) {
    e.preventDefault();
    const o = selected();
    if (!o) return;
    setBusy(true);
    setResyncError(null);
    setProgress(null);
    clearTimeout(timer);
    try {
      const h = await startResync(o.id, from(), to());
      setProgress({ requestId: h.requestId, status: "queued", windowsTotal: 0, windowsDone: 0, attempts: 0, run: null });
      poll(o.id, h.requestId);
    } catch (err) {
      if (err instanceof FieldsError && err.fields.length) setResyncError(err.fields.map((f) => `${f.field}: ${f.message}`).join("; "));
      else setResyncError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const [detailError, setDetailError] = createSignal<string | null>(null);
  async function openRun(r: SyncRunSummary) {
    const o = offerId();
    if (!o) return;
    setDetailError(null);
    try {
      setDetail(detail()?.id === r.id ? null : await getSyncRun(o, r.id));
    } catch (err) {
      setDetailError(`Could not load run ${r.id}: ${errorMessage(err)}`);
    }
  }

  const pct = (p: ResyncProgress) => (p.windowsTotal > 0 ? Math.round((100 * p.windowsDone) / p.windowsTotal) : 0);

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Revenue sync</h1>
      </div>
      <p class="muted">
        Operator reports are pulled on a schedule and re-pulled for a trailing window, because operators restate recent days. About 24 h of
        delay is normal.
      </p>

      <section class="card">
        <h2>Freshness per offer</h2>
        <Loaded data={offers} what="offers" retry={refetchOffers}>
          {(list) => (
            <TableScroll label="Freshness per offer">
              <table class="grid" data-testid="freshness-table">
                <thead>
                  <tr>
                    <th>Offer</th>
                    <th>Platform</th>
                    <th>State</th>
                    <th>Last success</th>
                    <th>Last attempt</th>
                    <th title="The last settled day: the operator no longer restates it">Complete through</th>
                    <th>Last error</th>
                  </tr>
                </thead>
                <tbody>
                  <For
                    each={list()}
                    fallback={
                      <tr>
                        <td colSpan={7} class="muted">
                          No offers yet: create one on the Offers page.
                        </td>
                      </tr>
                    }
                  >
                    {(o) => (
                      <tr classList={{ selected: o.id === offerId() }}>
                        <td>
                          <button
                            type="button"
                            class="link-dark"
                            aria-pressed={o.id === offerId()}
                            onClick={() => setParams({ offer: o.id })}
                          >
                            {o.name}
                          </button>
                        </td>
                        <td>{platformLabel(o.platform)}</td>
                        <td>
                          <StateBadge offer={o} />
                        </td>
                        <td title={fmtDateTime(o.freshness?.lastSuccessAt)}>{fmtAgo(o.freshness?.lastSuccessAt ?? null)}</td>
                        <td title={fmtDateTime(o.freshness?.lastAttemptAt)}>{fmtAgo(o.freshness?.lastAttemptAt ?? null)}</td>
                        <td>{fmtDay(o.freshness?.completeThrough)}</td>
                        <td class="error-cell">{o.freshness?.lastError ?? ""}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
          )}
        </Loaded>
      </section>

      <Show when={unknownOffer()}>
        {(id) => (
          <p class="error" role="alert" data-testid="unknown-offer">
            This workspace has no offer “{id()}”. Pick one above.
          </p>
        )}
      </Show>
      <Show when={selected()}>
        {(o) => (
          <>
            <section class="card">
              <div class="toolbar">
                <h2>{o().name}</h2>
                <A href={`/offers/${o().id}`}>API Setup</A>
              </div>
              <Show when={can("write")} fallback={<p class="muted">Only owners and admins start a re-sync.</p>}>
                <form class="resync" onSubmit={resync} data-testid="resync-form">
                  <strong>Re-sync range</strong>
                  <label>
                    From <input type="date" name="from" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
                  </label>
                  <label>
                    To{" "}
                    <input
                      type="date"
                      name="to"
                      value={to()}
                      max={todayIn(o().platformTimezone)}
                      onInput={(e) => setTo(e.currentTarget.value)}
                    />
                  </label>
                  <span class="muted">days in {o().platformTimezone}; at most 366 days</span>
                  <button type="submit" disabled={busy() || progress()?.status === "queued" || progress()?.status === "running"}>
                    Re-sync
                  </button>
                </form>
              </Show>
              <Show when={resyncError()}>
                <p class="error" role="alert">
                  {resyncError()}
                </p>
              </Show>
              <Show when={progress()}>
                {(p) => (
                  <div class="progress" data-testid="resync-progress">
                    <div class="bar">
                      <div class="fill" style={{ width: `${p().status === "ok" ? 100 : pct(p())}%` }} />
                    </div>
                    <span>
                      {p().status === "queued"
                        ? "Queued…"
                        : `${p().status} · ${p().windowsDone}/${p().windowsTotal} windows · attempt ${p().run?.attempt ?? 1}`}
                      <Show when={p().run}>
                        {(r) => (
                          <>
                            {" "}
                            · {fmtInt(r().rowsRead)} read, {fmtInt(r().rowsInserted)} new, {fmtInt(r().rowsChanged)} changed,{" "}
                            {fmtInt(r().rowsRemoved)} removed
                          </>
                        )}
                      </Show>
                    </span>
                    <Show when={p().run?.error}>
                      <span class="error">{p().run?.error}</span>
                    </Show>
                  </div>
                )}
              </Show>
            </section>

            <TagRoutes offerId={o().id} reload={progress()?.run?.finishedAt ?? 0} />
            <OfferDayStates
              offerId={o().id}
              timezone={o().platformTimezone}
              reload={(progress()?.run?.finishedAt ?? 0) + horizonsSaved()}
            />
            <SettleHorizons
              offerId={o().id}
              onSaved={() => {
                setHorizonsSaved((n) => n + 1);
                refetchOffers();
              }}
            />

            <section class="card">
              <h2>Sync runs</h2>
              <Loaded data={runs} what="sync runs" retry={refetchRuns}>
                {(list) => (
                  <Show when={list().length > 0} fallback={<p class="muted">No sync runs yet.</p>}>
                    <TableScroll label="Sync runs">
                      <table class="grid compact" data-testid="sync-runs">
                        <thead>
                          <tr>
                            <th>Started</th>
                            <th>Trigger</th>
                            <th>Window</th>
                            <th>Status</th>
                            <th>Windows</th>
                            <th>Read</th>
                            <th>New</th>
                            <th>Changed</th>
                            <th>Removed</th>
                            <th>HTTP</th>
                            <th>Attempt</th>
                            <th>Took</th>
                            <th>Error</th>
                            <th />
                          </tr>
                        </thead>
                        <tbody>
                          <For each={list()}>
                            {(r) => (
                              <tr>
                                <td>{fmtDateTime(r.startedAt)}</td>
                                <td>{words(r.trigger)}</td>
                                <td>{fmtDays(r.windowFrom, r.windowTo)}</td>
                                <td>
                                  <span class={`state state-run-${r.status}`}>{r.status}</span>
                                </td>
                                <td>
                                  {r.windowsDone}/{r.windowsTotal}
                                </td>
                                <td>{fmtInt(r.rowsRead)}</td>
                                <td>{fmtInt(r.rowsInserted)}</td>
                                <td>{fmtInt(r.rowsChanged)}</td>
                                <td>{fmtInt(r.rowsRemoved)}</td>
                                <td>{r.httpStatus ?? "—"}</td>
                                <td>{r.attempt}</td>
                                <td>{duration(r)}</td>
                                <td class="error-cell">{r.error ?? ""}</td>
                                <td>
                                  <button type="button" class="small" onClick={() => openRun(r)}>
                                    {detail()?.id === r.id ? "Hide" : "Raw"}
                                  </button>
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </TableScroll>
                  </Show>
                )}
              </Loaded>
              <Show when={detailError()}>
                <p class="error" role="alert">
                  {detailError()}
                </p>
              </Show>
              <Show when={detail()}>
                {(d) => (
                  <div class="raw">
                    <p class="muted">
                      Raw platform response of {d().id} (secrets removed{d().rawTruncated ? ", truncated" : ""}):
                    </p>
                    <pre>{d().rawResponse ? pretty(d().rawResponse ?? "") : "(empty)"}</pre>
                  </div>
                )}
              </Show>
            </section>

            <section class="card">
              <div class="toolbar">
                <h2>Change log</h2>
                <label class="muted">
                  <input type="checkbox" checked={showInserts()} onChange={(e) => setShowInserts(e.currentTarget.checked)} /> include first
                  imports
                </label>
              </div>
              <Loaded data={changes} what="the change log" retry={refetchChanges}>
                {(list) => (
                  <Show
                    when={list().length > 0}
                    fallback={<p class="muted">No restatements yet: re-pulls have not changed any stored figure.</p>}
                  >
                    <ul class="changes" data-testid="change-log">
                      <For each={list()}>
                        {(c) => (
                          <For each={c.sentences}>
                            {(s) => (
                              <li
                                class={`change change-${c.kind}`}
                                classList={{ "late-restatement": c.lateRestatement }}
                                data-late={c.lateRestatement}
                              >
                                <span class="muted">{fmtDateTime(c.createdAt)}</span> {s}
                              </li>
                            )}
                          </For>
                        )}
                      </For>
                    </ul>
                  </Show>
                )}
              </Loaded>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}
