import { createSignal, For, onMount, Show } from "solid-js";
import { type AuditEntry, getAudit } from "../account-api";
import { TableScroll } from "../components/TableScroll";
import { fmtDateTime } from "../format";

const fmtValue = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/** /audit — who changed which offer, site, campaign, key, member or setting, and when. */
export function AuditLog() {
  const [entries, setEntries] = createSignal<AuditEntry[]>([]);
  const [next, setNext] = createSignal<number | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);
  const load = async (before?: number) => {
    setLoading(true);
    setError(null);
    try {
      const page = await getAudit(before);
      setEntries((prev) => (before ? [...prev, ...page.entries] : page.entries));
      setNext(page.nextBefore);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  };
  onMount(() => void load());
  return (
    <div class="page">
      <div class="toolbar">
        <h1>Audit log</h1>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={!loading() || entries().length > 0} fallback={<p class="muted">Loading…</p>}>
        <Show
          when={entries().length > 0}
          fallback={
            <Show when={!error()}>
              <p class="muted" data-testid="audit-empty">
                No changes recorded yet.
              </p>
            </Show>
          }
        >
          <div class="card">
            <TableScroll label="Audit log">
              <table class="grid">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Changes</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={entries()}>
                    {(e) => (
                      <tr>
                        <td class="nowrap">{fmtDateTime(e.at)}</td>
                        <td>{e.userEmail ?? "system"}</td>
                        <td>
                          {e.summary} <span class="muted">({e.action})</span>
                        </td>
                        <td>
                          <Show when={e.diff && Object.keys(e.diff).length > 0} fallback={<span class="muted">—</span>}>
                            <ul class="plain">
                              <For each={Object.entries(e.diff ?? {})}>
                                {([k, [a, b]]) => (
                                  <li>
                                    {k}: {fmtValue(a)} → {fmtValue(b)}
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
          </div>
          <Show when={next()}>
            {(n) => (
              <button type="button" class="secondary" disabled={loading()} onClick={() => void load(n())}>
                {loading() ? "Loading…" : "Older changes"}
              </button>
            )}
          </Show>
        </Show>
      </Show>
    </div>
  );
}
