import { useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { POSTBACK_EVENT_TYPES, POSTBACK_OUTCOMES } from "../../../shared/postback-events";
import type { PostbackLogEntry } from "../../../shared/report-types";
import { getOffers, getOutgoingPostbacks, getPostbacks, type PostbackFilters, postbacksCsvUrl, subscribeLive } from "../api";
import { errorMessage, Loaded } from "../components/Async";
import { TableScroll } from "../components/TableScroll";
import { fmtAgo, fmtDateTime, fmtMoney, words } from "../format";
import { useSites } from "../sites";
import { MapEventAction } from "./postbacks/MapEventAction";

const OUTCOMES = POSTBACK_OUTCOMES;
const EVENTS = POSTBACK_EVENT_TYPES;

/** Postbacks: the real-time conversion log, live-updating, with why each request got its outcome. */
export function Postbacks() {
  const [params, setParams] = useSearchParams<{ site?: string; campaign?: string; offer?: string; event?: string; outcome?: string }>();
  const sites = useSites();
  const [offers] = createResource(getOffers);
  const filters = (): PostbackFilters => ({
    site: params.site,
    campaign: params.campaign,
    offer: params.offer,
    event: params.event,
    outcome: params.outcome,
  });
  const [tick, setTick] = createSignal(0);
  const [log] = createResource(
    () => ({ ...filters(), tick: tick() }),
    (f) => getPostbacks(f),
  );
  const [outgoing] = createResource(tick, () => getOutgoingPostbacks());
  const [open, setOpen] = createSignal<string | null>(null);
  const [more, setMore] = createSignal<PostbackLogEntry[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [moreError, setMoreError] = createSignal<string | null>(null);
  createEffect(() => {
    setCursor(log.error ? null : (log()?.nextCursor ?? null));
    setMore([]);
    setMoreError(null);
  });

  // Live: every site hub pushes when something arrives; the log reflects it once flushed (~1 s).
  createEffect(() => {
    const list = sites() ?? [];
    const wanted = params.site ? list.filter((s) => s.id === params.site) : list;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stops = wanted.map((s) =>
      subscribeLive(s.id, () => {
        if (timer) return;
        timer = setTimeout(() => {
          timer = null;
          setTick((n) => n + 1);
        }, 1500);
      }),
    );
    onCleanup(() => {
      for (const stop of stops) stop();
      if (timer) clearTimeout(timer);
    });
  });

  const loadMore = async () => {
    const c = cursor();
    if (!c) return;
    try {
      const page = await getPostbacks(filters(), c);
      setMore((m) => [...m, ...page.rows]);
      setCursor(page.nextCursor);
      setMoreError(null);
    } catch (err) {
      setMoreError(errorMessage(err));
    }
  };
  const rows = () => [...(log.error ? [] : (log()?.rows ?? [])), ...more()];
  const select = (name: keyof PostbackFilters, label: string, options: { value: string; label: string }[]) => (
    <select aria-label={label} onChange={(e) => setParams({ [name]: e.currentTarget.value || undefined })}>
      <option value="" selected={!params[name]}>
        All {label.toLowerCase()}
      </option>
      <For each={options}>
        {(o) => (
          <option value={o.value} selected={o.value === params[name]}>
            {o.label}
          </option>
        )}
      </For>
    </select>
  );

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Postbacks</h1>
        <span class="fresh fresh-live">live</span>
        {select(
          "site",
          "Sites",
          (sites() ?? []).map((s) => ({ value: s.id, label: s.name })),
        )}
        {select(
          "campaign",
          "Campaigns",
          (sites() ?? []).flatMap((s) => s.campaigns.map((c) => ({ value: c.id, label: `${c.name} (${s.name})` }))),
        )}
        {select(
          "offer",
          "Offers",
          (offers.error ? [] : (offers() ?? [])).map((o) => ({ value: o.id, label: o.name })),
        )}
        {select(
          "event",
          "Events",
          EVENTS.map((e) => ({ value: e, label: words(e) })),
        )}
        {select(
          "outcome",
          "Outcomes",
          OUTCOMES.map((o) => ({ value: o, label: words(o) })),
        )}
        <a class="button" href={postbacksCsvUrl(filters())} download="postbacks.csv">
          Export CSV
        </a>
      </div>
      <p class="muted">
        Every postback request as it arrived: counted (accepted), retried (duplicate), unknown click (unattributed), an event the offer does
        not map (unmapped) or unusable (rejected) — with why.
      </p>
      <Loaded data={log} what="postbacks" retry={() => setTick((n) => n + 1)}>
        {() => (
          <section class="card">
            <TableScroll label="Postback log">
              <table class="grid" data-testid="postbacks-table">
                <thead>
                  <tr>
                    <th>Received</th>
                    <th>Outcome</th>
                    <th>Event</th>
                    <th class="num">Value</th>
                    <th>Offer</th>
                    <th>Campaign</th>
                    <th>Click id</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  <For
                    each={rows()}
                    fallback={
                      <tr>
                        <td colSpan={8} class="muted">
                          No postbacks match these filters yet.
                        </td>
                      </tr>
                    }
                  >
                    {(r) => (
                      <>
                        <tr
                          class="clickable"
                          classList={{ selected: open() === r.id }}
                          onClick={() => setOpen(open() === r.id ? null : r.id)}
                        >
                          <td>
                            <button
                              type="button"
                              class="link-dark"
                              aria-expanded={open() === r.id}
                              aria-controls={`raw-${r.id}`}
                              title={fmtDateTime(r.receivedAt)}
                              data-testid="postback-toggle"
                              onClick={(e) => {
                                // The row's own click handler toggles too; two toggles would cancel out.
                                e.stopPropagation();
                                setOpen(open() === r.id ? null : r.id);
                              }}
                            >
                              {fmtAgo(r.receivedAt)}
                            </button>
                          </td>
                          <td>
                            <span class={`outcome outcome-${r.outcome}`}>{words(r.outcome)}</span>
                          </td>
                          <td>{r.eventType ? words(r.eventType) : (r.eventName ?? "—")}</td>
                          <td class="num" data-testid="postback-value">
                            {r.amountMicros !== null && r.currency ? fmtMoney(r.amountMicros, r.currency) : "—"}
                          </td>
                          <td>{r.offerName ?? "—"}</td>
                          <td>{r.campaignName ?? "—"}</td>
                          <td class="mono">{r.clickId ?? "—"}</td>
                          <td class="wrap">
                            {r.reason ?? ""}
                            <Show when={r.outcome === "unmapped" && r.offerId && r.eventName}>
                              <MapEventAction
                                offerId={r.offerId ?? ""}
                                eventName={r.eventName ?? ""}
                                onMapped={() => setTick((n) => n + 1)}
                              />
                            </Show>
                          </td>
                        </tr>
                        <Show when={open() === r.id}>
                          <tr id={`raw-${r.id}`} data-testid="postback-raw">
                            <td colSpan={8} class="raw">
                              <div>
                                <strong>{r.method}</strong> <code>{r.rawQuery || "(no query)"}</code>
                              </div>
                              <Show when={r.rawBody}>
                                <pre>{r.rawBody}</pre>
                              </Show>
                              <div class="muted">
                                from {r.remoteIp ?? "unknown IP"} · id {r.id}
                                {r.conversionId ? ` · conversion ${r.conversionId}` : ""}
                              </div>
                            </td>
                          </tr>
                        </Show>
                      </>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
            <Show when={cursor()}>
              <button type="button" onClick={loadMore}>
                Load older
              </button>
            </Show>
            <Show when={moreError()}>
              <p class="error" role="alert">
                Could not load older postbacks: {moreError()}
              </p>
            </Show>
          </section>
        )}
      </Loaded>
      <section class="card">
        <h2>Sent to traffic sources</h2>
        <Loaded data={outgoing} what="sent postbacks" retry={() => setTick((n) => n + 1)}>
          {() => (
            <TableScroll label="Postbacks sent to traffic sources">
              <table class="grid">
                <thead>
                  <tr>
                    <th>Updated</th>
                    <th>Campaign</th>
                    <th>Event</th>
                    <th>Status</th>
                    <th>Attempts</th>
                    <th>Last answer</th>
                  </tr>
                </thead>
                <tbody>
                  <For
                    each={outgoing.error ? [] : (outgoing() ?? [])}
                    fallback={
                      <tr>
                        <td colSpan={6} class="muted">
                          Nothing sent yet: campaigns whose traffic source has a postback URL get each conversion back here.
                        </td>
                      </tr>
                    }
                  >
                    {(o) => (
                      <tr title={o.url}>
                        <td title={fmtDateTime(o.updatedAt)}>{fmtAgo(o.updatedAt)}</td>
                        <td>{o.campaignName ?? o.campaignId}</td>
                        <td>{words(o.eventType)}</td>
                        <td>
                          <span
                            class={`outcome outcome-${o.status === "delivered" ? "accepted" : o.status === "failed" ? "rejected" : "duplicate"}`}
                          >
                            {o.status}
                          </span>
                        </td>
                        <td>{o.attempts}</td>
                        <td>{o.lastError ?? (o.lastHttpStatus ? `HTTP ${o.lastHttpStatus}` : "—")}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
          )}
        </Loaded>
      </section>
    </div>
  );
}
