import { createResource, createSignal, For, Show } from "solid-js";
import {
  EVENT_TYPE_LABELS,
  type EventMapping as Mapping,
  POSTBACK_EVENT_TYPES,
  type PostbackEventType,
} from "../../../../shared/postback-events";
import type { OfferEventsSaved } from "../../../../shared/report-types";
import { getOfferEvents, mapOfferEvent, putOfferEvents } from "../../api";
import { TableScroll } from "../../components/TableScroll";
import { fmtAgo } from "../../format";

/** One select of the event types, labelled. */
function TypeSelect(props: { label: string; value: PostbackEventType | ""; onChange: (t: PostbackEventType) => void }) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as PostbackEventType)}>
      <option value="" disabled>
        Choose…
      </option>
      <For each={POSTBACK_EVENT_TYPES}>{(t) => <option value={t}>{EVENT_TYPE_LABELS[t]}</option>}</For>
    </select>
  );
}

function savedNote(r: OfferEventsSaved): string {
  if (r.reapplied === 0) return "Saved.";
  return `Saved. ${r.reapplied} postback${r.reapplied === 1 ? "" : "s"} kept as unmapped ${r.reapplied === 1 ? "was" : "were"} re-applied.`;
}

/**
 * Postback event mapping of one offer: which incoming event names count as what. The platform's
 * names work without a mapping; names the offer's postbacks used but nobody mapped are listed
 * with a one-click "Map". Mapping a name re-applies, once, the postbacks kept aside under it.
 */
export function EventMapping(props: { offerId: string }) {
  const [data, { mutate, refetch }] = createResource(() => props.offerId, getOfferEvents);
  const [draft, setDraft] = createSignal<Mapping[] | null>(null);
  const [newName, setNewName] = createSignal("");
  const [newType, setNewType] = createSignal<PostbackEventType | "">("");
  const [choice, setChoice] = createSignal<Record<string, PostbackEventType>>({});
  const [note, setNote] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const rows = () => draft() ?? data()?.mappings ?? [];
  const edit = (next: Mapping[]) => {
    setDraft(next);
    setNote(null);
  };
  const run = async (job: () => Promise<OfferEventsSaved>) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await job();
      mutate(saved);
      setDraft(null);
      setNote(savedNote(saved));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const add = () => {
    const name = newName().trim();
    const type = newType();
    if (!name || !type) return;
    edit([...rows().filter((m) => m.name !== name), { name, type }]);
    setNewName("");
    setNewType("");
  };

  return (
    <section class="card" data-testid="event-mapping">
      <h2>Postback events</h2>
      <p class="muted">
        Which event names this offer's postbacks count as what. An event name nobody mapped is kept in the Postbacks log as{" "}
        <em>unmapped</em> and never counted; mapping it counts it from then on and re-applies, once, the ones already received.
      </p>
      <Show when={data.error}>
        <p class="error" role="alert">
          Could not load the event mapping: {String((data.error as Error).message)}{" "}
          <button type="button" onClick={() => refetch()}>
            Retry
          </button>
        </p>
      </Show>
      <Show when={data.loading && !data()}>
        <p class="muted">Loading…</p>
      </Show>
      <Show when={data()}>
        {(view) => (
          <>
            <Show when={view().unmapped.length > 0}>
              <h3>Received but not mapped</h3>
              <div style={{ "overflow-x": "auto" }}>
                <TableScroll label="Event names received but not mapped">
                  <table class="grid">
                    <thead>
                      <tr>
                        <th>Event name</th>
                        <th>Received</th>
                        <th>Last</th>
                        <th>Count as</th>
                        <th />
                      </tr>
                    </thead>
                    <tbody>
                      <For each={view().unmapped}>
                        {(u) => (
                          <tr>
                            <td class="mono">{u.sentAs}</td>
                            <td>{u.count}</td>
                            <td>{fmtAgo(u.lastSeenAt)}</td>
                            <td>
                              <TypeSelect
                                label={`Count ${u.sentAs} as`}
                                value={choice()[u.name] ?? ""}
                                onChange={(t) => setChoice({ ...choice(), [u.name]: t })}
                              />
                            </td>
                            <td>
                              <button
                                type="button"
                                disabled={busy() || !choice()[u.name]}
                                onClick={() => {
                                  const t = choice()[u.name];
                                  if (t) void run(() => mapOfferEvent(props.offerId, u.sentAs, t));
                                }}
                              >
                                Map
                              </button>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </TableScroll>
              </div>
            </Show>

            <h3>This offer's mapping</h3>
            <div style={{ "overflow-x": "auto" }}>
              <TableScroll label="This offer's event mapping">
                <table class="grid">
                  <thead>
                    <tr>
                      <th>Incoming name</th>
                      <th>Counts as</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    <For
                      each={rows()}
                      fallback={
                        <tr>
                          <td colSpan={3} class="muted">
                            No mapping of its own: the names below apply.
                          </td>
                        </tr>
                      }
                    >
                      {(m) => (
                        <tr>
                          <td class="mono">{m.name}</td>
                          <td>
                            <TypeSelect
                              label={`${m.name} counts as`}
                              value={m.type}
                              onChange={(t) => edit(rows().map((x) => (x.name === m.name ? { ...x, type: t } : x)))}
                            />
                          </td>
                          <td>
                            <button
                              type="button"
                              aria-label={`Remove ${m.name}`}
                              onClick={() => edit(rows().filter((x) => x.name !== m.name))}
                            >
                              Remove
                            </button>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableScroll>
            </div>
            <div class="toolbar">
              <label>
                Event name{" "}
                <input
                  value={newName()}
                  maxLength={64}
                  onInput={(e) => setNewName(e.currentTarget.value)}
                  placeholder="e.g. cpa_qualified"
                />
              </label>
              <TypeSelect label="New event counts as" value={newType()} onChange={setNewType} />
              <button type="button" disabled={!newName().trim() || !newType()} onClick={add}>
                Add
              </button>
              <button
                type="button"
                class="primary"
                disabled={busy() || draft() === null}
                onClick={() => void run(() => putOfferEvents(props.offerId, rows()))}
              >
                Save mapping
              </button>
            </div>
            <Show when={note()}>
              <p class="muted" role="status">
                {note()}
              </p>
            </Show>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>

            <details>
              <summary>Understood without a mapping ({view().defaults.length} names)</summary>
              <ul class="muted">
                <For each={view().defaults}>
                  {(d) => (
                    <li>
                      <span class="mono">{d.name}</span> → {EVENT_TYPE_LABELS[d.type]}
                      {d.source === "platform" ? " (platform preset)" : ""}
                    </li>
                  )}
                </For>
              </ul>
            </details>
          </>
        )}
      </Show>
    </section>
  );
}
