import { useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { liveCountedClicks } from "../../../shared/click-flags";
import type { LiveSnapshot, OverviewTopItem, SiteOverviewResponse } from "../../../shared/report-types";
import { getOverview, type OverviewParams, overviewCsvUrl, subscribeLive } from "../api";
import { Loaded } from "../components/Async";
import { Chart } from "../components/Chart";
import { FigureBadge, StateBadge } from "../components/DayStateBadge";
import { Onboarding } from "../components/Onboarding";
import { RangeControls } from "../components/RangeControls";
import { SitePicker } from "../components/SitePicker";
import { TableScroll } from "../components/TableScroll";
import { Drillable, type DrillFilters } from "../drill";
import { fmtAgo, fmtDateTime, fmtDay, fmtDays, fmtInt, fmtMoney, platformLabel, todayIn, words } from "../format";
import { change, fmtChange } from "../report/cells";
import { compareOf, OVERVIEW_PRESETS, type PresetDef, pickRange } from "../report/range";
import { UnassignedNote } from "../report/UnassignedNote";
import "../report/report.css";
import { hidesFinancials, me } from "../session";
import { ALL_SITES, refreshSites, useSiteParam } from "../sites";

/** How long the numbers may lag the live counters: the report is re-read at most this often while traffic arrives. */
const LIVE_REFRESH_MS = 5_000;
const DEFAULT_PRESET = OVERVIEW_PRESETS[1] as PresetDef;

/**
 * Site Overview: merged real-time + delayed revenue, with how fresh each number is. Site (or `all`),
 * campaign, range (a preset, or a custom from..to) and compare live in the URL; days are the member's
 * reporting timezone's. The real-time figures refresh as traffic arrives.
 */
export function SiteOverview() {
  const [params, setParams] = useSearchParams<{
    site?: string;
    range?: string;
    from?: string;
    to?: string;
    campaign?: string;
    compare?: string;
  }>();
  const { sites, site, unknown, isAll } = useSiteParam(
    () => params.site,
    (id) => setParams({ site: id }, { replace: true }),
    { all: true },
  );
  const tz = () => me()?.timezone ?? site()?.timezone ?? "UTC";
  const range = createMemo(() => pickRange(OVERVIEW_PRESETS, params.range, params.from, params.to, todayIn(tz()), DEFAULT_PRESET));
  const compare = () => compareOf(params.compare);
  /** The site shown, or "all"; null until the URL names one the workspace has. */
  const scope = () => (isAll() ? ALL_SITES : (site()?.id ?? null));
  const overviewParams = (): OverviewParams => ({
    from: range().from,
    to: range().to,
    campaign: params.campaign || undefined,
    compare: compare(),
  });
  const [overview, { refetch }] = createResource(
    () => {
      const id = scope();
      return id ? { id, ...overviewParams() } : null;
    },
    ({ id, ...p }) => getOverview(id, p),
  );
  /** Latest live snapshot per site shown (every site with `all`). */
  const [live, setLive] = createSignal<Record<string, LiveSnapshot>>({});
  createEffect(() => {
    const id = scope();
    if (!id) return;
    const ids = id === ALL_SITES ? (sites() ?? []).map((s) => s.id) : [id];
    setLive({});
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stops = ids.map((siteId) =>
      subscribeLive(siteId, (snap) => {
        setLive((m) => ({ ...m, [siteId]: snap }));
        // A range that ends today changes with new traffic: re-read it, throttled.
        if (range().to !== todayIn(tz())) return;
        timer ??= setTimeout(() => {
          timer = null;
          refetch();
        }, LIVE_REFRESH_MS);
      }),
    );
    onCleanup(() => {
      for (const stop of stops) stop();
      if (timer) clearTimeout(timer);
    });
  });
  const liveSum = (metric: string) =>
    Object.values(live())
      .flatMap((snap) => snap.counters)
      .filter((c) => c.metric === metric)
      .reduce((a, c) => a + c.value, 0);
  // Live clicks follow each site's counting rules like the report: its clean clicks plus the flagged
  // reasons it counts, site by site (one site or all of them).
  const liveClicks = () =>
    Object.entries(live()).reduce(
      (a, [siteId, snap]) => a + liveCountedClicks(snap.counters, (sites() ?? []).find((s) => s.id === siteId)?.countedFlags ?? []),
      0,
    );
  const campaigns = () => (isAll() ? (sites() ?? []).flatMap((s) => s.campaigns) : (site()?.campaigns ?? []));
  /** A hub counts its site's today (site timezone): said when that is not the report's today (member timezone). */
  const liveDays = () => {
    const days = [...new Set(Object.values(live()).map((snap) => snap.day))].sort();
    return days.length > 0 && days.some((d) => d !== todayIn(tz())) ? { days, today: todayIn(tz()) } : null;
  };

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Site Overview</h1>
        <Show when={sites()?.length}>
          <SitePicker all sites={sites() ?? []} value={params.site} onChange={(id) => setParams({ site: id, campaign: undefined })} />
          <select aria-label="Campaign" onChange={(e) => setParams({ campaign: e.currentTarget.value || undefined })}>
            <option value="" selected={!params.campaign}>
              All campaigns
            </option>
            <For each={campaigns()}>
              {(c) => (
                <option value={c.id} selected={c.id === params.campaign}>
                  {c.name}
                </option>
              )}
            </For>
          </select>
        </Show>
        <Show when={scope()}>
          {(id) => (
            <a class="button" href={overviewCsvUrl(id(), overviewParams())} download="site-overview.csv">
              Export CSV
            </a>
          )}
        </Show>
        <RangeControls
          variant="buttons"
          presets={OVERVIEW_PRESETS}
          preset={range().preset}
          range={range()}
          note={range().refused}
          compare={compare()}
          onChange={(p) => setParams("compare" in p ? { compare: p.compare } : { range: p.preset, from: p.from, to: p.to })}
        />
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
            <Match when={scope()}>
              <Loaded data={overview} what="the overview" retry={refetch}>
                {(o) => (
                  <OverviewBody
                    o={o()}
                    campaign={params.campaign || undefined}
                    liveClicks={liveClicks()}
                    liveRegistrations={liveSum("registrations")}
                    liveFtds={liveSum("ftds")}
                    liveLost={{ clicks: liveSum("lost_clicks"), beacons: liveSum("lost_beacons") }}
                    liveDays={liveDays()}
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
function OverviewBody(props: {
  o: SiteOverviewResponse;
  campaign: string | undefined;
  liveClicks: number;
  liveRegistrations: number;
  liveFtds: number;
  /** Answered at the edge today but not confirmed stored by the site's hub after retries (edge/hub-batch.ts). */
  liveLost: { clicks: number; beacons: number };
  /** The days the live figures are for, when not the report's today. */
  liveDays: { days: string[]; today: string } | null;
}) {
  const o = () => props.o;
  /** The rows behind a figure of this overview (drill-down): its range, site and campaign. */
  const base = (): DrillFilters => ({
    from: o().range.from,
    to: o().range.to,
    siteId: o().site?.id,
    campaignId: props.campaign,
  });
  const prev = () => o().compare?.totals;
  return (
    <>
      <p class="range muted" data-testid="overview-range">
        {o().scope.allSites ? `All sites (${o().scope.sites.length})` : o().site?.name} · {fmtDays(o().range.from, o().range.to)}
        <Show when={o().compare}>{(c) => <>{` · compared with ${fmtDays(c().from, c().to)}`}</>}</Show> · days in {o().range.timezone}
        <Show when={!hidesFinancials()}> · revenue in {o().reportingCurrency}</Show>
      </p>
      <section class="kpis" data-testid="kpis">
        <Kpi
          label="Clicks"
          value={fmtInt(o().totals.clicks)}
          sub={`${fmtInt(o().totals.uniqueClicks)} unique`}
          fresh="live"
          testid="kpi-clicks"
          drill={{ figure: "clicks", filters: base() }}
          compare={prev() && { cur: o().totals.clicks, prev: prev()?.clicks ?? null, fmt: fmtInt }}
        />
        <Kpi
          label="Registrations"
          value={fmtInt(o().totals.registrations)}
          sub={`operator: ${fmtInt(o().totals.platformRegistrations)}`}
          fresh="live"
          drill={{ figure: "registrations", filters: base() }}
          compare={prev() && { cur: o().totals.registrations, prev: prev()?.registrations ?? null, fmt: fmtInt }}
        />
        <Kpi
          label="FTDs"
          value={fmtInt(o().totals.ftds)}
          sub={`operator: ${fmtInt(o().totals.platformFtds)}`}
          fresh="live"
          testid="kpi-ftds"
          drill={{ figure: "ftds", filters: base() }}
          compare={prev() && { cur: o().totals.ftds, prev: prev()?.ftds ?? null, fmt: fmtInt }}
        />
        <Kpi
          label="Deposits"
          drill={{ figure: "deposits", filters: base() }}
          compare={prev() && { cur: o().totals.deposits.count, prev: prev()?.deposits ?? null, fmt: fmtInt }}
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
            value={
              // No rate for some amounts: no converted total, the amounts as reported instead (the note below says which).
              o().totals.revenue.micros === null && o().totals.revenue.missingFx.length > 0
                ? o()
                    .totals.revenue.byCurrency.map((m) => fmtMoney(m.micros, m.currency))
                    .join(" + ")
                : fmtMoney(o().totals.revenue.micros, o().totals.revenue.currency)
            }
            sub={`${o().totals.revenue.missingFx.length > 0 ? `not converted to ${o().reportingCurrency} (no FX rate) · ` : ""}${o().totals.earningsState === "settled" ? "settled" : "includes days not settled"} · ${
              o().freshness.revenue.completeThrough
                ? `settled through ${fmtDay(o().freshness.revenue.completeThrough)}`
                : "no settled day yet"
            }`}
            fresh="delayed"
            testid="kpi-revenue"
            drill={{ figure: "commissionMicros", filters: base() }}
            compare={
              prev() && {
                cur: o().totals.revenue.micros,
                prev: prev()?.revenueMicros ?? null,
                fmt: (v) => fmtMoney(v, o().reportingCurrency),
              }
            }
          />
          <Kpi
            label="EPC"
            value={fmtMoney(o().totals.epcMicros, o().reportingCurrency)}
            sub="revenue ÷ clicks"
            fresh="delayed"
            compare={
              prev() && { cur: o().totals.epcMicros, prev: prev()?.epcMicros ?? null, fmt: (v) => fmtMoney(v, o().reportingCurrency) }
            }
          />
        </Show>
      </section>

      <section class="freshness card" data-testid="freshness">
        <div>
          <strong>Real-time layer</strong> (clicks, postbacks): live — today so far{" "}
          <span data-testid="live-today">
            {fmtInt(props.liveClicks)} clicks · {fmtInt(props.liveRegistrations)} registrations · {fmtInt(props.liveFtds)} FTDs
          </span>
          <Show when={props.liveDays}>
            {(d) => (
              <span class="muted" data-testid="live-days">
                {" "}
                ({d().days.join(", ")} in {d().days.length > 1 ? "each site's" : "the site's"} timezone; this report's today is {d().today})
              </span>
            )}
          </Show>
          <Show when={props.liveLost.clicks + props.liveLost.beacons > 0}>
            {" "}
            <span class="provisional" data-testid="live-lost" role="status">
              Not stored today: {fmtInt(props.liveLost.clicks)} clicks and {fmtInt(props.liveLost.beacons)} analytics events were answered
              but their site's hub did not confirm them after retries; they are missing from these figures.
            </span>
          </Show>
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
        <Show when={!hidesFinancials()}>
          <UnassignedNote part={o().totals.revenue.unassigned} currency={o().reportingCurrency} />
        </Show>
        <Show when={!hidesFinancials() && o().freshness.revenue.unassigned.length > 0}>
          <div class="provisional" data-testid="unassigned-revenue" role="status">
            <strong>Revenue not placed on a site — set where revenue goes:</strong>{" "}
            <For each={o().freshness.revenue.unassigned}>
              {(u, i) => (
                <>
                  {i() > 0 ? " · " : ""}
                  <a href={u.fixPath} data-testid="unassigned-fix">
                    {u.offerName}
                  </a>
                  : {fmtInt(u.rows)} row(s)
                  {u.tags === null ? " (the offer is on no site: add it to one first)" : ` in ${fmtInt(u.tags)} tag(s)`},{" "}
                  {u.commission ? fmtMoney(u.commission.micros, u.commission.currency) : "no commission reported"}
                </>
              )}
            </For>
            . Until a tag is routed to a site its revenue stays on no site (it may be another site's, or players who came direct).
          </div>
        </Show>
        <Show when={!hidesFinancials() && o().totals.revenue.missingFx.length > 0}>
          <div class="error">
            No FX rate for{" "}
            {o()
              .totals.revenue.missingFx.map((m) => `${m.currency} on ${fmtDay(m.day)}`)
              .join(", ")}
            : no {o().reportingCurrency} total or EPC is shown until a rate exists (amounts are never counted as zero).
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
                    <For each={DAY_COUNTS}>
                      {(k) => (
                        <td data-metric={k.key}>
                          <Drillable figure={k.key} filters={{ ...base(), from: d.day, to: d.day }} label={`${k.label}, ${fmtDay(d.day)}`}>
                            {fmtInt(d[k.key])}
                          </Drillable>
                        </td>
                      )}
                    </For>
                    <td data-figure-state={d.countsState}>
                      <Drillable
                        figure="operatorRegistrations"
                        filters={{ ...base(), from: d.day, to: d.day }}
                        label={`Operator registrations, ${fmtDay(d.day)}`}
                      >
                        {fmtInt(d.platformRegistrations)}
                      </Drillable>{" "}
                      /{" "}
                      <Drillable
                        figure="operatorFtds"
                        filters={{ ...base(), from: d.day, to: d.day }}
                        label={`Operator FTDs, ${fmtDay(d.day)}`}
                      >
                        {fmtInt(d.platformFtds)}
                      </Drillable>{" "}
                      <FigureBadge state={d.countsState} />
                    </td>
                    <Show when={!hidesFinancials()}>
                      <td data-figure-state={d.earningsState}>
                        <Show when={d.revenueMicros !== null} fallback={<span title="Not reported">—</span>}>
                          <Drillable
                            figure="commissionMicros"
                            filters={{ ...base(), from: d.day, to: d.day }}
                            label={`Revenue, ${fmtDay(d.day)}`}
                          >
                            {fmtMoney(d.revenueMicros, o().reportingCurrency)}
                          </Drillable>
                        </Show>{" "}
                        <FigureBadge state={d.earningsState} />
                      </td>
                    </Show>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <TopLists o={o()} base={base()} />

      <Show when={!hidesFinancials()}>
        <RevenueSources o={o()} />
      </Show>
      <p class="muted small" data-testid="day-basis">
        Tracked figures: {o().dayBasis.tracked}. Revenue: {o().dayBasis.operator}.
        <Show when={o().dayBasis.mixed}> Rows mixing both bases say so in their state.</Show>
      </p>
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

function Kpi(props: {
  label: string;
  value: string;
  sub: string;
  fresh: "live" | "delayed";
  testid?: string;
  drill?: { figure: string; filters: DrillFilters };
  /** The same figure in the compare range; absent without a comparison. */
  compare?: { cur: number | null; prev: number | null; fmt: (v: number | null) => string } | undefined;
}) {
  return (
    <div class="kpi card" data-testid={props.testid}>
      <div class="kpi-label">
        {props.label} <span class={`fresh fresh-${props.fresh}`}>{props.fresh === "live" ? "live" : "~24 h"}</span>
      </div>
      <div class="kpi-value">
        <Show when={props.drill} fallback={props.value}>
          {(d) => (
            <Drillable figure={d().figure} filters={d().filters} label={props.label}>
              {props.value}
            </Drillable>
          )}
        </Show>
      </div>
      <div class="kpi-sub muted">{props.sub}</div>
      <Show when={props.compare}>{(c) => <Delta cur={c().cur} prev={c().prev} fmt={c().fmt} />}</Show>
    </div>
  );
}

/** "vs <previous> (+x%)" under a figure; no percentage when the previous figure is 0 or not reported. */
function Delta(props: { cur: number | null; prev: number | null; fmt: (v: number | null) => string }) {
  const d = () => change(props.cur, props.prev);
  return (
    <div class="delta" classList={{ "delta-up": (d() ?? 0) > 0, "delta-down": (d() ?? 0) < 0 }} data-testid="kpi-compare">
      vs {props.fmt(props.prev)}
      <Show when={d()}>{(v) => <>{fmtChange(v())}</>}</Show>
    </div>
  );
}

const DAY_COUNTS = [
  { key: "clicks", label: "Clicks" },
  { key: "uniqueClicks", label: "Unique clicks" },
  { key: "registrations", label: "Registrations" },
  { key: "ftds", label: "FTDs" },
  { key: "deposits", label: "Deposits" },
] as const;

/**
 * Top offers, campaigns and sources of the range. An offer's revenue that no tag route or click id places
 * on a site (unassigned) is shown next to it: included in its all-sites figure, never added to a site's.
 */
function TopLists(props: { o: SiteOverviewResponse; base: DrillFilters }) {
  const unassigned = (offerId: string) => props.o.freshness.revenue.unassigned?.find((u) => u.offerId === offerId);
  const lists = () =>
    [
      { title: "Top offers", testid: "top-offers", items: props.o.top.offers, key: "offerId" as const },
      { title: "Top campaigns", testid: "top-campaigns", items: props.o.top.campaigns, key: "campaignId" as const },
      { title: "Top sources", testid: "top-sources", items: props.o.top.sources, key: "sourceId" as const },
    ] satisfies { title: string; testid: string; items: OverviewTopItem[]; key: keyof DrillFilters }[];
  return (
    <section class="top-lists">
      <For each={lists()}>
        {(l) => (
          <section class="card" data-testid={l.testid}>
            <h2>{l.title}</h2>
            <Show when={l.items.length > 0} fallback={<p class="muted">Nothing in this range.</p>}>
              <TableScroll label={l.title}>
                <table class="grid">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th class="num">Clicks</th>
                      <th class="num">FTDs</th>
                      <th class="num">Operator FTDs</th>
                      <Show when={!hidesFinancials()}>
                        <th class="num">Commission</th>
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={l.items}>
                      {(it) => {
                        const f = () => ({ ...props.base, [l.key]: it.id });
                        const u = () => (l.key === "offerId" && !hidesFinancials() ? unassigned(it.id) : undefined);
                        return (
                          <tr data-id={it.id}>
                            <td class="wrap">{it.name}</td>
                            <td class="num">
                              <Drillable figure="clicks" filters={f()} label={`Clicks, ${it.name}`}>
                                {fmtInt(it.clicks)}
                              </Drillable>
                            </td>
                            <td class="num">
                              <Drillable figure="ftds" filters={f()} label={`FTDs, ${it.name}`}>
                                {fmtInt(it.ftds)}
                              </Drillable>
                            </td>
                            <td class="num" title={it.platformFtds === null ? "Not reported" : undefined}>
                              {fmtInt(it.platformFtds)}
                            </td>
                            <Show when={!hidesFinancials()}>
                              <td class="num" data-testid="top-commission">
                                <Show when={it.commissionMicros !== null} fallback={<span title="Not reported">—</span>}>
                                  <Drillable figure="commissionMicros" filters={f()} label={`Commission, ${it.name}`}>
                                    {fmtMoney(it.commissionMicros, props.o.reportingCurrency)}
                                  </Drillable>
                                </Show>
                                <Show when={it.missingFx.length > 0}>
                                  <span class="badge" title="No FX rate: left out, not counted as zero">
                                    no FX: {it.missingFx.join(", ")}
                                  </span>
                                </Show>
                                <Show when={u()}>
                                  {(x) => (
                                    <span class="delta provisional" data-testid="top-unassigned">
                                      {props.o.totals.revenue.unassigned.inTotal ? "incl. unassigned " : "+ unassigned "}
                                      {x().commission
                                        ? fmtMoney(x().commission?.micros, x().commission?.currency ?? "")
                                        : "(no commission reported)"}{" "}
                                      {x().tags === null ? "" : `in ${x().tags} tag(s), `}on no site
                                    </span>
                                  )}
                                </Show>
                              </td>
                            </Show>
                          </tr>
                        );
                      }}
                    </For>
                  </tbody>
                </table>
              </TableScroll>
            </Show>
          </section>
        )}
      </For>
    </section>
  );
}
