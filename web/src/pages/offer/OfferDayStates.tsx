/**
 * One offer's recent platform days with their state (GET /api/offers/:id/days): not yet reported,
 * provisional or settled, why, and when each was last pulled. Props { offerId, timezone, reload? }:
 * `timezone` is the offer's platform timezone (its days); bump `reload` to refetch after a re-sync.
 */

import { createResource, For, Show } from "solid-js";
import { DAY_STATE_LABELS } from "../../../../shared/day-state";
import { METRIC_FAMILY_LABELS } from "../../../../shared/settle";
import { getOfferDays } from "../../api";
import { TableScroll } from "../../components/TableScroll";
import { addDays, fmtDateTime, todayIn } from "../../format";

const DAYS = 21;
// The app's one date-time format (format.ts), not a second one of its own.
const fmt = (ms: number | null) => (ms === null ? "never" : fmtDateTime(ms));

export function OfferDayStates(props: { offerId: string; timezone: string; reload?: number }) {
  const [days] = createResource(
    () => ({ id: props.offerId, to: todayIn(props.timezone), reload: props.reload ?? 0 }),
    (k) => getOfferDays(k.id, addDays(k.to, -(DAYS - 1)), k.to),
  );
  return (
    <section class="card" data-testid="offer-day-states">
      <h2>Days</h2>
      <Show when={days()} fallback={<p class="muted">Loading…</p>}>
        {(d) => (
          <>
            <p class="muted">
              Platform days in {d().timezone}. Complete through {d().completeThrough ?? "— (no settled day yet)"}: the last settled day.
              Publishing delay {d().settings.publishDelayHours} h.
            </p>
            <TableScroll label="Days and their states">
              <table class="grid">
                <thead>
                  <tr>
                    <th>Day</th>
                    <th>State</th>
                    <th>{METRIC_FAMILY_LABELS.activity.label}</th>
                    <th>{METRIC_FAMILY_LABELS.earnings.label}</th>
                    <th>Last pulled</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={[...d().days].reverse()}>
                    {(s) => (
                      <tr data-day={s.day} data-state={s.state}>
                        <td>{s.day}</td>
                        <td>
                          <span class={`day-state day-state-${s.state}`}>{DAY_STATE_LABELS[s.state]}</span>
                        </td>
                        <td>{DAY_STATE_LABELS[s.families.activity]}</td>
                        <td>{DAY_STATE_LABELS[s.families.earnings]}</td>
                        <td>{fmt(s.lastPulledAt)}</td>
                        <td class="muted">{s.reason ?? ""}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </Show>
    </section>
  );
}
