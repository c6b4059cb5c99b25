import { createResource, createSignal, For } from "solid-js";
import type { ROLLUP_ZONE_STATES } from "../../../../shared/api-responses";
import { getRollups, rebuildRollups } from "../../api";
import { TableScroll } from "../../components/TableScroll";
import { fmtDateTime } from "../../format";
import { can } from "../../session";
import { createActions, SettingsSection } from "./SettingsSection";

const STATE_LABELS: Record<(typeof ROLLUP_ZONE_STATES)[number], string> = {
  ready: "Ready",
  building: "Building — reports read raw rows meanwhile (same figures, slower)",
  outdated: "Outdated layout — rebuilt when next used",
  not_built: "Not built yet — built when a report first asks for it",
};

/**
 * Settings → Reports: the daily rollups reports read, per reporting timezone, with their state, and
 * their rebuild (POST /api/reports/rollups/rebuild). Everyone sees the state; owners and admins rebuild.
 */
export function RollupSettings() {
  const [zones, { refetch }] = createResource(getRollups);
  const { status, act } = createActions(refetch);
  const [busy, setBusy] = createSignal(false);
  const rebuild = () => {
    setBusy(true);
    void act(async () => {
      try {
        const out = await rebuildRollups();
        return out;
      } finally {
        setBusy(false);
      }
    }, "Rollups rebuilt from the raw rows.");
  };
  return (
    <SettingsSection allowed denied="" data={zones} what="report rollups" status={status}>
      {(z) => (
        <section class="card" data-testid="rollups">
          <h2>Report rollups</h2>
          <p class="muted">
            Reports read daily totals kept per reporting timezone. A rebuild rewrites them from the raw clicks, conversions and revenue rows
            — useful after restoring data or if a figure looks off; reports stay available meanwhile.
          </p>
          <TableScroll label="Report rollups by timezone">
            <table class="grid" data-testid="rollup-zones">
              <thead>
                <tr>
                  <th scope="col">Timezone</th>
                  <th scope="col">State</th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                <For each={z().zones}>
                  {(zone) => (
                    <tr data-state={zone.state}>
                      <td>
                        {zone.tz}
                        {zone.inUse ? "" : <span class="muted"> (no longer used)</span>}
                      </td>
                      <td>{STATE_LABELS[zone.state]}</td>
                      <td>{zone.updatedAt === null ? "—" : fmtDateTime(zone.updatedAt)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableScroll>
          {can("write") ? (
            <p>
              <button type="button" onClick={rebuild} disabled={busy()} data-testid="rebuild-rollups">
                {busy() ? "Rebuilding…" : "Rebuild rollups"}
              </button>
            </p>
          ) : (
            <p class="muted">Only owners and admins can rebuild the rollups.</p>
          )}
        </section>
      )}
    </SettingsSection>
  );
}
