import { useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import type { LiveSnapshot } from "../../../shared/report-types";
import { getOverview, getSites, subscribeLive } from "../api";
import { Chart } from "../components/Chart";
import { Onboarding } from "../components/Onboarding";
import { addDays, fmtAgo, fmtInt, fmtMoney, todayIn } from "../format";

const PRESETS = [
  { id: "7d", label: "Last 7 days", days: 7 },
  { id: "14d", label: "Last 14 days", days: 14 },
  { id: "30d", label: "Last 30 days", days: 30 },
] as const;

/** Site Overview: merged real-time + delayed revenue, with how fresh each number is. */
export function SiteOverview() {
  const [params, setParams] = useSearchParams<{ site?: string; range?: string; campaign?: string }>();
  const [sites] = createResource(getSites);
  const site = createMemo(() => {
    const list = sites() ?? [];
    return list.find((s) => s.id === params.site) ?? list[0];
  });
  const range = createMemo(() => {
    const tz = site()?.timezone ?? "UTC";
    const to = todayIn(tz);
    const preset = PRESETS.find((p) => p.id === params.range) ?? PRESETS[1];
    return { from: addDays(to, -(preset.days - 1)), to };
  });
  const [overview] = createResource(
    () => (site() ? { id: site()?.id ?? "", ...range(), campaign: params.campaign } : null),
    (k) => getOverview(k.id, k.from, k.to, k.campaign || undefined),
  );
  const [live, setLive] = createSignal<LiveSnapshot | null>(null);
  createEffect(() => {
    const s = site();
    if (!s) return;
    const stop = subscribeLive(s.id, setLive);
    onCleanup(stop);
  });
  const liveSum = (metric: string) => (live()?.counters ?? []).filter((c) => c.metric === metric).reduce((a, c) => a + c.value, 0);

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Site Overview</h1>
        <select
          aria-label="Site"
          data-testid="site-picker"
          value={site()?.id ?? ""}
          onChange={(e) => setParams({ site: e.currentTarget.value, campaign: undefined })}
        >
          <For each={sites() ?? []}>{(s) => <option value={s.id}>{s.name}</option>}</For>
        </select>
        <select
          aria-label="Campaign"
          value={params.campaign ?? ""}
          onChange={(e) => setParams({ campaign: e.currentTarget.value || undefined })}
        >
          <option value="">All campaigns</option>
          <For each={site()?.campaigns ?? []}>{(c) => <option value={c.id}>{c.name}</option>}</For>
        </select>
        <div class="segmented">
          <For each={PRESETS}>
            {(p) => (
              <button type="button" classList={{ active: (params.range ?? "14d") === p.id }} onClick={() => setParams({ range: p.id })}>
                {p.label}
              </button>
            )}
          </For>
        </div>
      </div>
      <Onboarding />

      <Show when={overview.error}>
        <p class="error">Could not load the overview: {String((overview.error as Error).message)}</p>
      </Show>

      <Show when={overview()} fallback={<p class="muted">Loading…</p>}>
        {(o) => (
          <>
            <p class="range muted">
              {o().range.from} → {o().range.to} · days in {o().range.timezone} · revenue in {o().reportingCurrency}
            </p>
            <section class="kpis" data-testid="kpis">
              <Kpi label="Clicks" value={fmtInt(o().totals.clicks)} sub={`${fmtInt(o().totals.uniqueClicks)} unique`} fresh="live" />
              <Kpi
                label="Registrations"
                value={fmtInt(o().totals.registrations)}
                sub={`operator: ${fmtInt(o().totals.platformRegistrations)}`}
                fresh="live"
              />
              <Kpi label="FTDs" value={fmtInt(o().totals.ftds)} sub={`operator: ${fmtInt(o().totals.platformFtds)}`} fresh="live" />
              <Kpi
                label="Deposits"
                value={fmtInt(o().totals.deposits.count)}
                sub={
                  o()
                    .totals.deposits.amounts.map((a) => fmtMoney(a.micros, a.currency))
                    .join(" · ") || "no amounts"
                }
                fresh="live"
              />
              <Kpi
                label="Revenue"
                value={fmtMoney(o().totals.revenue.micros, o().totals.revenue.currency)}
                sub={o().freshness.revenue.completeThrough ? `complete through ${o().freshness.revenue.completeThrough}` : "not synced yet"}
                fresh="delayed"
                testid="kpi-revenue"
              />
              <Kpi label="EPC" value={fmtMoney(o().totals.epcMicros, o().reportingCurrency)} sub="revenue ÷ clicks" fresh="delayed" />
            </section>

            <section class="freshness card" data-testid="freshness">
              <div>
                <strong>Real-time layer</strong> (clicks, postbacks): live — today so far{" "}
                <span data-testid="live-today">
                  {fmtInt(liveSum("clicks"))} clicks · {fmtInt(liveSum("registrations"))} registrations · {fmtInt(liveSum("ftds"))} FTDs
                </span>
              </div>
              <div>
                <strong>Revenue layer</strong> (operator reports): last sync {fmtAgo(o().freshness.revenue.lastSyncAt)}
                {o().freshness.revenue.completeThrough ? `, complete through ${o().freshness.revenue.completeThrough}` : ""}.{" "}
                <Show when={o().freshness.revenue.incompleteDays.length > 0}>
                  <span class="provisional">
                    {o().freshness.revenue.incompleteDays.length} day(s) provisional — operators report with ~24 h delay.
                  </span>
                </Show>
              </div>
              <Show when={o().totals.revenue.missingFx.length > 0}>
                <div class="error">
                  No FX rate for{" "}
                  {o()
                    .totals.revenue.missingFx.map((m) => `${m.currency} on ${m.day}`)
                    .join(", ")}
                  : left out of the total, not counted as zero.
                </div>
              </Show>
            </section>

            <section class="card">
              <Chart
                days={o().series.map((d) => d.day)}
                rightLabel={o().reportingCurrency}
                series={[
                  { label: "Clicks", values: o().series.map((d) => d.clicks), color: "#0f766e" },
                  { label: "Registrations", values: o().series.map((d) => d.registrations), color: "#2563eb" },
                  { label: "FTDs", values: o().series.map((d) => d.ftds), color: "#d97706" },
                  {
                    label: `Revenue (${o().reportingCurrency})`,
                    values: o().series.map((d) => (d.revenueMicros === null ? null : d.revenueMicros / 1_000_000)),
                    color: "#7c3aed",
                    right: true,
                  },
                ]}
              />
            </section>

            <section class="card">
              <h2>By day</h2>
              <table class="grid" data-testid="overview-table">
                <thead>
                  <tr>
                    <th>Day</th>
                    <th>Clicks</th>
                    <th>Unique</th>
                    <th>Reg.</th>
                    <th>FTDs</th>
                    <th>Deposits</th>
                    <th>Operator reg. / FTDs</th>
                    <th>Revenue</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={[...o().series].reverse()}>
                    {(d) => (
                      <tr>
                        <td>{d.day}</td>
                        <td>{fmtInt(d.clicks)}</td>
                        <td>{fmtInt(d.uniqueClicks)}</td>
                        <td>{fmtInt(d.registrations)}</td>
                        <td>{fmtInt(d.ftds)}</td>
                        <td>{fmtInt(d.deposits)}</td>
                        <td>
                          {fmtInt(d.platformRegistrations)} / {fmtInt(d.platformFtds)}
                        </td>
                        <td>
                          {fmtMoney(d.revenueMicros, o().reportingCurrency)}{" "}
                          <Show when={!d.revenueComplete}>
                            <span class="badge" title="The revenue layer is not complete for this day yet">
                              provisional
                            </span>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>

            <section class="card">
              <h2>Revenue sources</h2>
              <table class="grid">
                <thead>
                  <tr>
                    <th>Offer</th>
                    <th>Platform</th>
                    <th>State</th>
                    <th>Last sync</th>
                    <th>Complete through</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={o().freshness.revenue.offers}>
                    {(f) => (
                      <tr>
                        <td>{f.offerName}</td>
                        <td>{f.platform}</td>
                        <td>
                          <span class={`state state-${f.state}`} title={f.lastError ?? ""}>
                            {f.state.replace("_", " ")}
                          </span>
                        </td>
                        <td>{fmtAgo(f.lastSuccessAt)}</td>
                        <td>{f.completeThrough ?? "—"}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}

function Kpi(props: { label: string; value: string; sub: string; fresh: "live" | "delayed"; testid?: string }) {
  return (
    <div class="kpi card" data-testid={props.testid}>
      <div class="kpi-label">
        {props.label} <span class={`fresh fresh-${props.fresh}`}>{props.fresh === "live" ? "live" : "~24 h"}</span>
      </div>
      <div class="kpi-value">{props.value}</div>
      <div class="kpi-sub muted">{props.sub}</div>
    </div>
  );
}
