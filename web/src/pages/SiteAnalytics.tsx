import { useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from "solid-js";
import type { AnalyticsDimension, AnalyticsMetrics, AnalyticsRow, SiteAnalyticsResponse } from "../../../shared/report-types";
import { isCalendarDate } from "../../../shared/time";
import { getAnalyticsBreakdown, getRealtimeVisitors, getSiteAnalytics, subscribeLive } from "../api";
import { errorMessage, Loaded } from "../components/Async";
import { Chart } from "../components/Chart";
import { CopyButton } from "../components/CopyButton";
import { SitePicker } from "../components/SitePicker";
import { addDays, fmtDays, fmtInt, todayIn } from "../format";
import { refreshSites, useSiteParam } from "../sites";
import "./analytics.css";
import { TableScroll } from "../components/TableScroll";

const PRESETS = [
  { id: "today", label: "Today" },
  { id: "yesterday", label: "Yesterday" },
  { id: "7d", label: "7 days" },
  { id: "30d", label: "30 days" },
  { id: "custom", label: "Custom" },
] as const;

type Range = { from: string; to: string };

function rangeFor(preset: string | undefined, tz: string, from?: string, to?: string): Range {
  const today = todayIn(tz);
  if (preset === "yesterday") return { from: addDays(today, -1), to: addDays(today, -1) };
  if (preset === "today") return { from: today, to: today };
  if (preset === "30d") return { from: addDays(today, -29), to: today };
  if (preset === "custom" && from && to && isCalendarDate(from) && isCalendarDate(to) && from <= to) return { from, to };
  return { from: addDays(today, -6), to: today };
}

// ---- formatting ----
const fmtPct = (r: number | null | undefined, digits = 1) => (r === null || r === undefined ? "—" : `${(r * 100).toFixed(digits)}%`);
function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
const fmtRatio = (r: number | null | undefined) => (r === null || r === undefined ? "—" : r.toFixed(2));

/** Relative change; null when there is nothing to compare with. */
function change(cur: number | null | undefined, prev: number | null | undefined): number | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined || prev === 0) return null;
  return (cur - prev) / prev;
}

let regionNames: Intl.DisplayNames | null = null;
function countryName(code: string): string {
  if (!/^[A-Z]{2}$/.test(code) || code === "XX") return "Unknown";
  try {
    regionNames ??= new Intl.DisplayNames(["en"], { type: "region" });
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Site Analytics: behaviour on the site's pages, real time. Not revenue (that is the Site Overview). */
export function SiteAnalytics() {
  const [params, setParams] = useSearchParams<{ site?: string; range?: string; from?: string; to?: string; compare?: string }>();
  const { sites, site, unknown } = useSiteParam(
    () => params.site,
    (id) => setParams({ site: id }, { replace: true }),
  );
  const range = createMemo(() => rangeFor(params.range, site()?.timezone ?? "UTC", params.from, params.to));
  const compare = () => params.compare !== "0";
  const [tick, setTick] = createSignal(0);
  const [report] = createResource(
    () => {
      const s = site();
      return s ? { id: s.id, ...range(), compare: compare(), tick: tick() } : null;
    },
    (k) => getSiteAnalytics(k.id, k.from, k.to, k.compare),
  );
  // Keep the last report on screen while the next one loads (no flicker on live refreshes).
  const [shown, setShown] = createSignal<SiteAnalyticsResponse | null>(null);
  createEffect(() => {
    const r = report.error ? undefined : report();
    if (r) setShown(r);
  });
  createEffect(() => {
    // Another site's figures must never stay on screen under this site's name.
    if (shown() && shown()?.site.id !== site()?.id) setShown(null);
  });
  /** The latest realtime count, or undefined (not loaded, or failed: the report's figure is shown then). */
  const rt = () => (realtime.error ? undefined : realtime());
  /** Figures move with the traffic only when the range includes today. */
  const isLive = () => {
    const s = site();
    return !!s && range().to === todayIn(s.timezone);
  };

  // Realtime: the site's hub pushes on every beacon; the count also decays, so poll as well.
  const [rtTick, setRtTick] = createSignal(0);
  const [realtime] = createResource(
    () => {
      const s = site();
      return s ? { id: s.id, t: rtTick() } : null;
    },
    (k) => getRealtimeVisitors(k.id),
  );
  createEffect(() => {
    const s = site();
    if (!s) return;
    let rtTimer: ReturnType<typeof setTimeout> | null = null;
    let reportTimer: ReturnType<typeof setTimeout> | null = null;
    const stop = subscribeLive(s.id, () => {
      rtTimer ??= setTimeout(() => {
        rtTimer = null;
        setRtTick((n) => n + 1);
      }, 1000);
      // Today's numbers move with the traffic: refresh the report now and then while it does.
      if (range().to === todayIn(s.timezone)) {
        reportTimer ??= setTimeout(() => {
          reportTimer = null;
          setTick((n) => n + 1);
        }, 10_000);
      }
    });
    const poll = setInterval(() => setRtTick((n) => n + 1), 15_000);
    onCleanup(() => {
      stop();
      clearInterval(poll);
      if (rtTimer) clearTimeout(rtTimer);
      if (reportTimer) clearTimeout(reportTimer);
    });
  });

  const preset = () => params.range ?? "7d";

  return (
    <div class="page analytics">
      <div class="toolbar">
        <h1>Site Analytics</h1>
        <span class="realtime" data-testid="realtime" title="Visitors active in the last 5 minutes">
          <span class="pulse" /> {fmtInt(rt()?.visitors ?? shown()?.realtime.visitors ?? 0)} visitors now
        </span>
        <Show when={sites()?.length}>
          <SitePicker sites={sites() ?? []} value={site()?.id} onChange={(id) => setParams({ site: id })} />
        </Show>
        <fieldset class="segmented" data-testid="range">
          <legend class="sr-only">Range</legend>
          <For each={PRESETS}>
            {(p) => (
              <button
                type="button"
                aria-pressed={preset() === p.id}
                classList={{ active: preset() === p.id }}
                onClick={() => setParams(p.id === "custom" ? { range: p.id, from: range().from, to: range().to } : { range: p.id })}
              >
                {p.label}
              </button>
            )}
          </For>
        </fieldset>
        <Show when={preset() === "custom"}>
          <input type="date" aria-label="From" value={range().from} onChange={(e) => setParams({ from: e.currentTarget.value })} />
          <input type="date" aria-label="To" value={range().to} onChange={(e) => setParams({ to: e.currentTarget.value })} />
        </Show>
        <label class="compare">
          <input
            type="checkbox"
            data-testid="compare"
            checked={compare()}
            onChange={(e) => setParams({ compare: e.currentTarget.checked ? undefined : "0" })}
          />{" "}
          Compare with previous period
        </label>
      </div>

      <Switch>
        <Match when={sites.error || sites()?.length === 0 || unknown()}>
          <Loaded data={sites} what="sites" retry={refreshSites}>
            {(list) => (
              <Show
                when={list().length > 0}
                fallback={
                  <p class="muted" data-testid="empty">
                    No sites yet. Add a site and its snippet to see visitors here.
                  </p>
                }
              >
                <p class="error" role="alert" data-testid="unknown-site">
                  This workspace has no site “{unknown()}”. Pick one above.
                </p>
              </Show>
            )}
          </Loaded>
        </Match>
        <Match when={report.error && !shown()}>
          <p class="error" role="alert" data-testid="load-error">
            Could not load Site Analytics: {errorMessage(report.error)}
          </p>
        </Match>
        <Match when={!shown()}>
          <p class="muted" role="status">
            Loading Site Analytics…
          </p>
        </Match>
      </Switch>
      <Show when={report.error && shown()}>
        <p class="error" role="alert">
          Could not refresh Site Analytics (showing the last figures): {errorMessage(report.error)}
        </p>
      </Show>

      <Show when={shown()}>
        {(r) => (
          <>
            <p class="range muted">
              {fmtDays(r().range.from, r().range.to)} · {r().granularity === "hour" ? "hours" : "days"} in {r().range.timezone}
              <Show when={r().previousRange}>{(p) => ` · compared with ${fmtDays(p().from, p().to)}`}</Show> ·{" "}
              {isLive() ? "live" : "behaviour"}, not revenue
            </p>

            <Show when={r().totals.pageviews === 0 && (rt()?.visitors ?? 0) === 0}>
              <Install publicKey={r().site.publicKey} domains={r().site.domains} />
            </Show>

            <section class="kpis" data-testid="analytics-kpis">
              <Kpi
                live={isLive()}
                label="Visitors"
                testid="kpi-visitors"
                value={fmtInt(r().totals.visitors)}
                delta={delta(r(), "visitors")}
                sub="unique per day"
              />
              <Kpi live={isLive()} label="Visits" testid="kpi-visits" value={fmtInt(r().totals.visits)} delta={delta(r(), "visits")} />
              <Kpi
                live={isLive()}
                label="Pageviews"
                testid="kpi-pageviews"
                value={fmtInt(r().totals.pageviews)}
                delta={delta(r(), "pageviews")}
              />
              <Kpi
                live={isLive()}
                label="Bounce rate"
                testid="kpi-bounce"
                value={fmtPct(r().totals.bounceRate, 0)}
                delta={delta(r(), "bounceRate")}
                lowerIsBetter
              />
              <Kpi
                live={isLive()}
                label="Time on site"
                testid="kpi-duration"
                value={fmtDuration(r().totals.visitDurationMs)}
                delta={delta(r(), "visitDurationMs")}
              />
              <Kpi
                live={isLive()}
                label="Pages / visit"
                testid="kpi-ppv"
                value={fmtRatio(r().totals.pagesPerVisit)}
                delta={delta(r(), "pagesPerVisit")}
              />
              <Kpi
                live={isLive()}
                label="Offer clicks"
                testid="kpi-offer-clicks"
                value={fmtInt(r().totals.offerClicks)}
                delta={delta(r(), "offerClicks")}
                sub={`CTR ${fmtPct(r().totals.ctr)} of pageviews`}
              />
              <Kpi
                live={isLive()}
                label="Visits that clicked"
                testid="kpi-visit-ctr"
                value={fmtPct(r().totals.visitCtr)}
                delta={delta(r(), "visitCtr")}
                sub={`${fmtInt(r().totals.clickVisits)} visits`}
              />
            </section>

            <section class="card">
              <Chart
                testid="analytics-chart"
                days={r().series.map((p) => p.label.slice(0, 10))}
                xs={r().granularity === "hour" ? r().series.map((p) => p.t / 1000) : undefined}
                timezone={r().range.timezone}
                rightLabel="offer clicks"
                series={[
                  { label: "Visitors", values: r().series.map((p) => p.visitors), color: "#0f766e" },
                  { label: "Pageviews", values: r().series.map((p) => p.pageviews), color: "#2563eb" },
                  { label: "Offer clicks", values: r().series.map((p) => p.offerClicks), color: "#d97706", right: true },
                  ...(r().previousSeries
                    ? [
                        {
                          label: "Visitors (previous)",
                          values: (r().previousSeries ?? []).slice(0, r().series.length).map((p) => p.visitors),
                          color: "#94a3b8",
                          dashed: true,
                        },
                      ]
                    : []),
                ]}
              />
            </section>

            <div class="analytics-grid">
              <section class="card realtime-card" data-testid="realtime-card">
                <h2>Right now</h2>
                <p class="big">
                  {fmtInt(rt()?.visitors ?? r().realtime.visitors)} <span class="muted">visitors in the last 5 minutes</span>
                </p>
                <div class="two">
                  <MiniList title="Pages" rows={(rt() ?? r().realtime).pages.map((p) => [p.path, p.visitors])} />
                  <MiniList title="Sources" rows={(rt() ?? r().realtime).sources.map((p) => [p.source, p.visitors])} />
                </div>
              </section>

              <Breakdown
                title="Offer clicks by page"
                column="Page"
                testid="offer-clicks-by-page"
                report={r()}
                dim="path"
                rows={[...r().breakdowns.path].filter((p) => p.offerClicks > 0).sort((a, b) => b.offerClicks - a.offerClicks)}
                empty="No offer clicks in this period."
                cols={[
                  { ...COL.offerClicks, share: true },
                  { label: "Pageviews", metric: "pageviews", get: (x) => fmtInt(x.pageviews) },
                  { label: "CTR", metric: "ctr", get: (x) => fmtPct(x.ctr) },
                ]}
                noMore
              />

              <Breakdown
                title="Top pages"
                column="Page"
                testid="top-pages"
                report={r()}
                dim="path"
                cols={[
                  COL.visitors,
                  { label: "Pageviews", metric: "pageviews", get: (x) => fmtInt(x.pageviews), share: true },
                  { label: "Time on page", metric: "timeOnPageMs", get: (x) => fmtDuration(x.timeOnPageMs) },
                  COL.offerClicks,
                  { label: "CTR", metric: "ctr", get: (x) => fmtPct(x.ctr) },
                ]}
              />

              <Breakdown
                title="Entry pages"
                column="Entry page"
                testid="entry-pages"
                report={r()}
                dim="entry"
                cols={[
                  { ...COL.visits, share: true },
                  COL.bounce,
                  { label: "Time on site", metric: "visitDurationMs", get: (x) => fmtDuration(x.visitDurationMs) },
                  COL.clicked,
                ]}
              />

              <Tabs
                title="Sources"
                testid="sources"
                report={r()}
                tabs={[
                  ["source", "Referrers", "Referrer"],
                  ["utm_source", "UTM source", "Source"],
                  ["utm_medium", "UTM medium", "Medium"],
                  ["utm_campaign", "UTM campaign", "Campaign"],
                  ["click_source", "Ad click ids", "Ad network"],
                ]}
                cols={[{ ...COL.visitors, share: true }, COL.visits, COL.bounce, COL.offerClicks, COL.clicked]}
              />

              <Breakdown
                title="Offers clicked"
                column="Offer"
                testid="offers"
                report={r()}
                dim="offer"
                empty="No offer clicks in this period."
                cols={[{ label: "Clicks", metric: "offerClicks", get: (x) => fmtInt(x.offerClicks), share: true }]}
              />

              <Breakdown
                title="Countries"
                column="Country"
                testid="countries"
                report={r()}
                dim="country"
                label={(x) => countryName(x.value)}
                cols={[{ ...COL.visitors, share: true }, COL.bounce, COL.clicked]}
              />

              <Tabs
                title="Technology"
                testid="technology"
                report={r()}
                tabs={[
                  ["device", "Devices", "Device"],
                  ["os", "OS", "Operating system"],
                  ["browser", "Browsers", "Browser"],
                ]}
                cols={[{ ...COL.visitors, share: true }, COL.bounce, COL.clicked]}
              />
            </div>
          </>
        )}
      </Show>
    </div>
  );
}

function delta(r: SiteAnalyticsResponse, metric: keyof AnalyticsMetrics): number | null {
  return r.previousTotals ? change(r.totals[metric], r.previousTotals[metric]) : null;
}

function Delta(props: { value: number | null; lowerIsBetter?: boolean }) {
  return (
    <Show when={props.value !== null}>
      <span
        class="delta"
        classList={{
          good: (props.value ?? 0) !== 0 && (props.value ?? 0) > 0 !== Boolean(props.lowerIsBetter),
          bad: (props.value ?? 0) !== 0 && (props.value ?? 0) > 0 === Boolean(props.lowerIsBetter),
        }}
        title="Compared with the previous period"
      >
        {(props.value ?? 0) >= 0 ? "▲" : "▼"} {Math.abs((props.value ?? 0) * 100).toFixed(0)}%
      </span>
    </Show>
  );
}

function Kpi(props: {
  label: string;
  value: string;
  delta: number | null;
  sub?: string;
  lowerIsBetter?: boolean;
  testid: string;
  live: boolean;
}) {
  return (
    <div class="kpi card" data-testid={props.testid}>
      <div class="kpi-label">
        {props.label}{" "}
        <Show when={props.live}>
          <span class="fresh fresh-live" title="Updates as visitors arrive">
            live
          </span>
        </Show>
      </div>
      <div class="kpi-value">
        {props.value} <Delta value={props.delta} lowerIsBetter={props.lowerIsBetter} />
      </div>
      <div class="kpi-sub muted">{props.sub ?? "\u00a0"}</div>
    </div>
  );
}

function MiniList(props: { title: string; rows: [string, number][] }) {
  return (
    <div>
      <h3>{props.title}</h3>
      <Show when={props.rows.length > 0} fallback={<p class="muted">Nobody right now.</p>}>
        <ul class="mini">
          <For each={props.rows}>
            {(row) => (
              <li>
                <span class="value">{row[0]}</span> <span class="num">{fmtInt(row[1])}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

interface Col {
  label: string;
  metric: keyof AnalyticsMetrics;
  get: (r: AnalyticsRow) => string;
  /** Draw the row's share of this metric as a bar behind the name. */
  share?: boolean;
}

/** Columns the breakdown tables share. */
const COL = {
  visitors: { label: "Visitors", metric: "visitors", get: (x) => fmtInt(x.visitors) },
  visits: { label: "Visits", metric: "visits", get: (x) => fmtInt(x.visits) },
  bounce: { label: "Bounce", metric: "bounceRate", get: (x) => fmtPct(x.bounceRate, 0) },
  clicked: { label: "Clicked", metric: "visitCtr", get: (x) => fmtPct(x.visitCtr) },
  offerClicks: { label: "Offer clicks", metric: "offerClicks", get: (x) => fmtInt(x.offerClicks) },
} satisfies Record<string, Col>;

function Breakdown(props: {
  title: string;
  /** Header of the first column (what a row is). */
  column: string;
  testid: string;
  report: SiteAnalyticsResponse;
  dim: AnalyticsDimension;
  rows?: AnalyticsRow[];
  cols: Col[];
  label?: (r: AnalyticsRow) => string;
  empty?: string;
  noMore?: boolean;
  header?: JSX.Element;
}) {
  const [all, setAll] = createSignal<AnalyticsRow[] | null>(null);
  const [loading, setLoading] = createSignal(false);
  createEffect(() => {
    // A new report (range, site, compare) replaces any expanded list.
    void props.report;
    void props.dim;
    setAll(null);
  });
  const rows = () => all() ?? props.rows ?? props.report.breakdowns[props.dim];
  const shareCol = () => props.cols.find((c) => c.share);
  const max = () => {
    const c = shareCol();
    return c ? Math.max(0, ...rows().map((r) => Number(r[c.metric] ?? 0))) : 0;
  };
  const [moreError, setMoreError] = createSignal<string | null>(null);
  const more = async () => {
    setLoading(true);
    setMoreError(null);
    try {
      const r = props.report;
      setAll(await getAnalyticsBreakdown(r.site.id, props.dim, r.range.from, r.range.to, r.previousRange !== null, 200));
    } catch (err) {
      setMoreError(`Could not load more rows: ${errorMessage(err)}`);
    } finally {
      setLoading(false);
    }
  };
  return (
    <section class="card breakdown" data-testid={props.testid}>
      <Show when={props.header} fallback={<h2>{props.title}</h2>}>
        {props.header}
      </Show>
      <Show when={rows().length > 0} fallback={<p class="muted">{props.empty ?? "No data in this period."}</p>}>
        <TableScroll label={props.title}>
          <table class="grid">
            <thead>
              <tr>
                <th>{props.column}</th>
                <For each={props.cols}>{(c) => <th class="num">{c.label}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => {
                  const c = shareCol();
                  const pct = () => (c && max() > 0 ? (Number(row[c.metric] ?? 0) / max()) * 100 : 0);
                  const main = props.cols[0];
                  return (
                    <tr data-value={row.value}>
                      <td class="name" style={{ "--share": `${pct()}%` }} title={row.value}>
                        {props.label ? props.label(row) : row.label}
                      </td>
                      <For each={props.cols}>
                        {(col) => (
                          <td class="num">
                            {col.get(row)}
                            <Show when={row.previous && col === main}>
                              <Delta
                                value={change(Number(row[col.metric] ?? 0), Number(row.previous?.[col.metric] ?? 0))}
                                lowerIsBetter={col.metric === "bounceRate"}
                              />
                            </Show>
                          </td>
                        )}
                      </For>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </TableScroll>
        <Show when={!props.noMore && all() === null && rows().length >= 20}>
          <button type="button" class="more" disabled={loading()} onClick={more}>
            {loading() ? "Loading…" : "Show more"}
          </button>
        </Show>
        <Show when={moreError()}>
          <p class="error" role="alert">
            {moreError()}
          </p>
        </Show>
      </Show>
    </section>
  );
}

/** One breakdown card, several dimensions: [dimension, tab label, column header]. */
function Tabs(props: {
  title: string;
  testid: string;
  report: SiteAnalyticsResponse;
  tabs: [AnalyticsDimension, string, string][];
  cols: Col[];
}) {
  const [active, setActive] = createSignal<AnalyticsDimension>(props.tabs[0]?.[0] ?? "source");
  const label = () => props.tabs.find((t) => t[0] === active())?.[2] ?? props.title;
  return (
    <Breakdown
      title={props.title}
      column={label()}
      testid={props.testid}
      report={props.report}
      dim={active()}
      cols={props.cols}
      header={
        <div class="tabs">
          <h2>{props.title}</h2>
          <For each={props.tabs}>
            {(t) => (
              <button
                type="button"
                aria-pressed={active() === t[0]}
                classList={{ active: active() === t[0] }}
                data-dim={t[0]}
                onClick={() => setActive(t[0])}
              >
                {t[1]}
              </button>
            )}
          </For>
        </div>
      }
    />
  );
}

function Install(props: { publicKey: string; domains: string[] }) {
  const tag = () => `<script defer src="${location.origin}/s.js" data-site="${props.publicKey}"></script>`;
  return (
    <section class="card install" data-testid="install">
      <h2>No pageviews yet</h2>
      <p>
        Add this tag to every page of {props.domains.join(", ")} (in the <code>&lt;head&gt;</code>). It is under 1 kB, sets no cookies and
        never slows the page down.
      </p>
      <pre>
        <code>{tag()}</code>
      </pre>
      <CopyButton text={tag()} label="Copy the snippet tag" />
    </section>
  );
}
