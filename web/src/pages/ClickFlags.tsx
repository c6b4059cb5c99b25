import { createResource, createSignal, For, Show } from "solid-js";
import type { ClickFlag, ClickFlagCounts } from "../../../shared/click-flags";
import { getClickFlags, putClickFlags } from "../api";
import { errorMessage, Loaded } from "../components/Async";
import { TableScroll } from "../components/TableScroll";
import { addDays, fmtInt, todayIn } from "../format";
import { can } from "../session";
import { refreshSites } from "../sites";

const DAYS = 30;

/**
 * A site's clicks that are stored but not counted, per reason (bot, preview, HEAD, rate limit…), over
 * the last 30 days, with the site's rule per reason: ticking "count" makes every report count those
 * clicks, past ones included (GET/PUT /api/sites/:id/click-flags).
 */
export function ClickFlagsCard(props: { siteId: string; timezone: string }) {
  const range = () => {
    const to = todayIn(props.timezone);
    return { from: addDays(to, -(DAYS - 1)), to };
  };
  const [counts, { refetch }] = createResource(
    () => ({ id: props.siteId, ...range() }),
    (q) => getClickFlags(q.id, q.from, q.to),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);

  const toggle = async (c: ClickFlagCounts, reason: string, on: boolean) => {
    const next = new Set<string>(c.countedFlags);
    if (on) next.add(reason);
    else next.delete(reason);
    setSaving(true);
    setError(null);
    try {
      await putClickFlags(props.siteId, { countedFlags: [...next] as ClickFlag[] });
      await refetch();
      // Site Overview's live clicks read the rule from the cached sites list.
      await refreshSites();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="card" data-testid="click-flags">
      <h2>Clicks not counted</h2>
      <p class="muted">
        Redirected and stored, but left out of every report, by reason (last {DAYS} days). Tick a reason to count its clicks anyway: reports
        change at once, past days included.
      </p>
      <Loaded data={counts} what="flagged clicks" retry={refetch}>
        {(c) => (
          <>
            <TableScroll label="Clicks not counted, by reason">
              {/* "fits": cells wrap, so three short columns fit a 390 px phone without scrolling sideways. */}
              <table class="grid fits">
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col" class="num">
                      Clicks
                    </th>
                    <th scope="col">Counted</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={c().reasons}>
                    {(r) => (
                      <tr>
                        <th scope="row">{r.label}</th>
                        <td class="num" data-testid={`flag-${r.reason}`}>
                          {fmtInt(r.clicks)}
                        </td>
                        <td>
                          <label>
                            <input
                              type="checkbox"
                              aria-label={`Count ${r.label.toLowerCase()}`}
                              checked={r.counted}
                              disabled={saving() || !can("write")}
                              onChange={(e) => void toggle(c(), r.reason, e.currentTarget.checked)}
                            />{" "}
                            count these
                          </label>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
            <p class="muted small-print">
              Counted: {fmtInt(c().countedClicks)} of {fmtInt(c().clean + c().reasons.reduce((a, r) => a + r.clicks, 0))} stored clicks.
            </p>
          </>
        )}
      </Loaded>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  );
}
