import { useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import type { LiveSnapshot, SiteOverviewResponse } from "../../../shared/report-types";
import { getOverview, overviewCsvUrl, subscribeLive } from "../api";
import { Loaded } from "../components/Async";
import { Chart } from "../components/Chart";
import { FigureBadge, StateBadge } from "../components/DayStateBadge";
import { Onboarding } from "../components/Onboarding";
import { SitePicker } from "../components/SitePicker";
import { TableScroll } from "../components/TableScroll";
import { addDays, fmtAgo, fmtDateTime, fmtDay, fmtDays, fmtInt, fmtMoney, platformLabel, todayIn, words } from "../format";
import { hidesFinancials } from "../session";
import { refreshSites, useSiteParam } from "../sites";

const PRESETS = [
  { id: "7d", label: "Last 7 days", days: 7 },
  { id: "14d", label: "Last 14 days", days: 14 },
  { id: "30d", label: "Last 30 days", days: 30 },
] as const;
const DEFAULT_PRESET = PRESETS[1];

/** How long the numbers may lag the live counters: the report is re-read at most this often while traffic arrives. */
const LIVE_REFRESH_MS = 5_000;

/**
 * Site Overview: merged real-time + delayed revenue, with how fresh each number is. Site, campaign and
 * range live in the URL (?site=&campaign=&range=); the real-time figures refresh as traffic arrives.
 */
export function SiteOverview() {
  const [params, setParams] = useSearchParams<{ site?: string; range?: string; campaign?: string }>();
  const { sites, site, unknown } = useSiteParam(
    () => params.site,
    (id) => setParams({ site: id }, { replace: true }),
  );
  const preset = () => PRESETS.find((p) => p.id === params.range) ?? DEFAULT_PRESET;
  const range = createMemo(() => {
    const to = todayIn(site()?.timezone ?? "UTC");
    return { from: addDays(to, -(preset().days - 1)), to };
  });
  const [overview, { refetch }] = createResource(
    () => {
      const s = site();
      return s ? { id: s.id, ...range(), campaign: params.campaign } : null;
    },
    (k) => getOverview(k.id, k.from, k.to, k.campaign || undefined),
  );
  const [live, setLive] = createSignal<LiveSnapshot | null>(null);
  createEffect(() => {
    const s = site();
    if (!s) return;
    setLive(null);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = subscribeLive(s.id, (snap) => {
      setLive(snap);
      // Every range ends today, so new traffic changes the report: re-read it, throttled.
      timer ??= setTimeout(() => {
        timer = null;
        refetch();
      }, LIVE_REFRESH_MS);
    });
    onCleanup(() => {
      stop();
      if (timer) clearTimeout(timer);
    });
  });
  const liveSum = (metric: string) => (live()?.counters ?? []).filter((c) => c.metric === metric).reduce((a, c) => a + c.value, 0);

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Site Overview</h1>
        <Show when={sites()?.length}>
          <SitePicker sites={sites() ?? []} value={site()?.id} onChange={(id) => setParams({ site: id, campaign: undefined })} />
          <select aria-label="Campaign" onChange={(e) => setParams({ campaign: e.currentTarget.value || undefined })}>
            <option value="" selected={!params.campaign}>
              All campaigns
            </option>
            <For each={site()?.campaigns ?? []}>
              {(c) => (
                <option value={c.id} selected={c.id === params.campaign}>
                  {c.name}
                </option>
              )}
            </For>
          </select>
        </Show>
        <Show when={site()}>
          {(s) => (
            <a
              class="button"
              href={overviewCsvUrl(s().id, range().from, range().to, params.campaign || undefined)}
              download="site-overview.csv"
            >
              Export CSV
            </a>
          )}
        </Show>
        <fieldset class="segmented">
          <legend class="sr-only">Range</legend>
          <For each={PRESETS}>
            {(p) => (
              <button
                type="button"
                aria-pressed={preset().id === p.id}
                classList={{ active: preset().id === p.id }}
                onClick={() => setParams({ range: p.id })}
              >
                {p.label}
              </button>
            )}
          </For>
        </fieldset>
      </div>
      <Onboarding />

      <Loaded data={sites} what="sites" retry={refreshSites}>
        {(list) => (
          <Switch>
            <Match when={list().length === 0}>
              <p class="muted" data-testid="empty">
                No sites yet. Add a site to see its clicks, conversions and revenue here.
              </p>
            </Match>
            <Match when={unknown()}>
              {(id) => (
                <p class="error" role="alert" data-testid="unknown-site">
                  This workspace has no site “{id()}”. Pick one above.
                </p>
              )}
            </Match>
            <Match when={site()}>
              <Loaded data={overview} what="the overview">
                {(o) => (
                  <OverviewBody
                    o={o()}
                    liveClicks={liveSum("clicks")}
                    liveRegistrations={liveSum("registrations")}
                    liveFtds={liveSum("ftds")}
                  />
                )}
              </Loaded>
            </Match>
          </Switch>
        )}
      </Loaded>
    </div>
  );
}

/** Without financials the API drops the money keys (`revenue` freshness included): those parts are left out. */
function OverviewBody(props: { o: SiteOverviewResponse; liveClicks: number; liveRegistrations: number; liveFtds: number }) {
  const o = () => props.o;
  return (
    <>
      <p class="range muted">
        {fmtDays(o().range.from, o().range.to)} · days in {o().range.timezone} · revenue in {o().reportingCurrency}
      </p>
      <section class="kpis" data-testid="kpis">
        <Kpi
          label="Clicks"
          value={fmtInt(o().totals.clicks)}
          sub={`${fmtInt(o().totals.uniqueClicks)} unique`}
          fresh="live"
          testid="kpi-clicks"
        />
        <Kpi
          label="Registrations"
          value={fmtInt(o().totals.registrations)}
          sub={`operator: ${fmtInt(o().totals.platformRegistrations)}`}
          fresh="live"
        />
        <Kpi
          label="FTDs"
          value={fmtInt(o().totals.ftds)}
          sub={`operator: ${fmtInt(o().totals.platformFtds)}`}
          fresh="live"
          testid="kpi-ftds"
        />
        <Kpi
          label="Deposits"
          value={fmtInt(o().totals.deposits.count)}
          sub={
            hidesFinancials()
              ? "amounts hidden"
              : o()
                  .totals.deposits.amounts.map((a) => fmtMoney(a.micros, a.currency))
                  .join(" · ") || "no amounts"
          }
          fresh="live"
        />
        <Show when={!hidesFinancials()}>
          <Kpi
            label="Revenue"
            value={fmtMoney(o().totals.revenue.micros, o().totals.revenue.currency)}
            sub={`${o().totals.earningsState === "settled" ? "settled" : "includes days not settled"} · ${
              o().freshness.revenue.completeThrough
                ? `settled through ${fmtDay(o().freshness.revenue.completeThrough)}`
                : "no settled day yet"
            }`}
            fresh="delayed"
            testid="kpi-revenue"
          />
          <Kpi label="EPC" value={fmtMoney(o().totals.epcMicros, o().reportingCurrency)} sub="revenue ÷ clicks" fresh="delayed" />
        </Show>
      </section>

      <section class="freshness card" data-testid="freshness">
        <div>
          <strong>Real-time layer</strong> (clicks, postbacks): live — today so far{" "}
          <span data-testid="live-today">
            {fmtInt(props.liveClicks)} clicks · {fmtInt(props.liveRegistrations)} registrations · {fmtInt(props.liveFtds)} FTDs
          </span>
        </div>
        <div>
          <strong>Revenue layer</strong> (operator reports): last sync{" "}
          <span title={fmtDateTime(o().freshness.revenue.lastSyncAt)}>{fmtAgo(o().freshness.revenue.lastSyncAt)}</span>
          {o().freshness.revenue.completeThrough
            ? `, complete through ${fmtDay(o().freshness.revenue.completeThrough)} (the last settled day)`
            : ", no settled day yet"}
          .{" "}
          <span class="provisional" data-testid="day-state-summary">
            <Show when={o().freshness.revenue.notReportedDays.length > 0}>
              {o().freshness.revenue.notReportedDays.length} day(s) not yet reported by the platform.{" "}
            </Show>
            <Show when={o().freshness.revenue.provisionalDays.length > 0}>
              {o().freshness.revenue.provisionalDays.length} day(s) provisional: operators may still restate them.
            </Show>
          </span>
        </div>
        <Show when={!hidesFinancials() && o().freshness.revenue.unassigned.length > 0}>
          <div class="provisional" data-testid="unassigned-revenue">
            Not on any site yet (its platform tag maps nowhere, or the players came direct):{" "}
            {o()
              .freshness.revenue.unassigned.map(
                (u) =>
                  `${u.offerName} ${u.commission ? fmtMoney(u.commission.micros, u.commission.currency) : "(no commission reported)"} in ${u.tags} tag(s)`,
              )
              .join(" · ")}
            . Not counted above. Assign a tag to a site in the offer's tag routes.
          </div>
        </Show>
        <Show when={!hidesFinancials() && o().totals.revenue.missingFx.length > 0}>
          <div class="error">
            No FX rate for{" "}
            {o()
              .totals.revenue.missingFx.map((m) => `${m.currency} on ${fmtDay(m.day)}`)
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
            ...(hidesFinancials() ? [] : revenueSeries(o())),
          ]}
        />
      </section>

      <section class="card">
        <h2>By day</h2>
        <TableScroll label="By day">
          <table class="grid" data-testid="overview-table">
            <thead>
              <tr>
                <th>Day</th>
                <th>State</th>
                <th>Clicks</th>
                <th>Unique</th>
                <th>Reg.</th>
                <th>FTDs</th>
                <th>Deposits</th>
                <th>Operator reg. / FTDs</th>
                <Show when={!hidesFinancials()}>
                  <th>Revenue</th>
                </Show>
              </tr>
            </thead>
            <tbody>
              <For each={[...o().series].reverse()}>
                {(d) => (
                  <tr data-day={d.day} data-state={d.dayState}>
                    <td>{fmtDay(d.day)}</td>
                    <td>
                      <StateBadge state={d.dayState} note={d.stateNote} />
                    </td>
                    <td>{fmtInt(d.clicks)}</td>
                    <td>{fmtInt(d.uniqueClicks)}</td>
                    <td>{fmtInt(d.registrations)}</td>
                    <td>{fmtInt(d.ftds)}</td>
                    <td>{fmtInt(d.deposits)}</td>
                    <td data-figure-state={d.countsState}>
                      {fmtInt(d.platformRegistrations)} / {fmtInt(d.platformFtds)} <FigureBadge state={d.countsState} />
                    </td>
                    <Show when={!hidesFinancials()}>
                      <td data-figure-state={d.earningsState}>
                        {fmtMoney(d.revenueMicros, o().reportingCurrency)} <FigureBadge state={d.earningsState} />
                      </td>
                    </Show>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <Show when={!hidesFinancials()}>
        <RevenueSources o={o()} />
      </Show>
    </>
  );
}

function revenueSeries(o: SiteOverviewResponse) {
  return [
    {
      label: `Revenue, settled (${o.reportingCurrency})`,
      values: o.series.map((d) => (d.revenueMicros === null || d.earningsState !== "settled" ? null : d.revenueMicros / 1_000_000)),
      color: "#7c3aed",
      right: true,
    },
    {
      label: `Revenue, provisional (${o.reportingCurrency})`,
      values: o.series.map((d) => (d.revenueMicros === null || d.earningsState === "settled" ? null : d.revenueMicros / 1_000_000)),
      color: "#7c3aed",
      right: true,
      dashed: true,
    },
  ];
}

function RevenueSources(props: { o: SiteOverviewResponse }) {
  const o = () => props.o;
  return (
    <section class="card">
      <h2>Revenue sources</h2>
      <TableScroll label="Revenue sources">
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
                  <td>{platformLabel(f.platform)}</td>
                  <td>
                    <span class={`state state-${f.state}`} title={f.lastError ?? ""}>
                      {words(f.state)}
                    </span>
                  </td>
                  <td title={fmtDateTime(f.lastSuccessAt)}>{fmtAgo(f.lastSuccessAt)}</td>
                  <td>{fmtDay(f.completeThrough)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableScroll>
    </section>
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
