import { useSearchParams } from "@solidjs/router";
import { createMemo, createResource, For, Show } from "solid-js";
import { DAY_STATE_LABELS } from "../../../shared/day-state";
import {
  DISCREPANCY_METRIC_LABELS,
  DISCREPANCY_METRICS,
  DISCREPANCY_REASON_LABELS,
  DISCREPANCY_REASONS,
  type DiscrepanciesResponse,
  type DiscrepancyMetric,
  type DrillMetric,
  type ReasonShare,
  UNCOUNTED_POSTBACK_KINDS,
} from "../../../shared/discrepancies";
import { DATE_RE } from "../../../shared/time";
import { Loaded } from "../components/Async";
import { DrillFigure } from "../components/DrillDown";
import { TableScroll } from "../components/TableScroll";
import { type DiscrepanciesParams, discrepanciesCsvUrl, getDiscrepancies } from "../discrepancies-api";
import { addDays, fmtAgo, fmtDateTime, fmtDay, fmtDays, fmtInt, todayIn, words } from "../format";
import { me } from "../session";
import { useSites } from "../sites";
import "../report/report.css";

const PRESETS = [
  { id: "7d", label: "Last 7 days", days: 7 },
  { id: "14d", label: "Last 14 days", days: 14 },
  { id: "30d", label: "Last 30 days", days: 30 },
] as const;
const TRACKED: Record<DiscrepancyMetric, DrillMetric> = { registrations: "registrations", ftds: "ftds", qftds: "qualified" };
const OPERATOR: Record<DiscrepancyMetric, DrillMetric> = {
  registrations: "operator_registrations",
  ftds: "operator_ftds",
  qftds: "operator_qftds",
};

/**
 * Discrepancies: operator-reported registrations / FTDs / QFTDs against tracked postbacks, per offer
 * and day, with the reasons the data shows. Filters live in the URL (?site=&offer=&range= or
 * ?from=&to=, &threshold=); every figure opens the rows behind it.
 */
export function Discrepancies() {
  const [params, setParams] = useSearchParams<{
    site?: string;
    offer?: string;
    range?: string;
    from?: string;
    to?: string;
    threshold?: string;
    all?: string;
  }>();
  const sites = useSites();
  const tz = () => me()?.timezone ?? "UTC";
  const range = createMemo(() => {
    if (params.from && params.to && DATE_RE.test(params.from) && DATE_RE.test(params.to)) return { from: params.from, to: params.to };
    const p = PRESETS.find((x) => x.id === params.range) ?? PRESETS[0];
    const to = todayIn(tz());
    return { from: addDays(to, -(p.days - 1)), to };
  });
  const threshold = () => {
    const n = Number(params.threshold);
    return params.threshold !== undefined && Number.isFinite(n) && n >= 0 ? n : 10;
  };
  const query = createMemo(
    (): DiscrepanciesParams => ({ ...range(), threshold: threshold(), site: params.site || undefined, offer: params.offer || undefined }),
  );
  const [data] = createResource(query, getDiscrepancies);

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Discrepancies</h1>
        <select aria-label="Site" onChange={(e) => setParams({ site: e.currentTarget.value || undefined })}>
          <option value="" selected={!params.site}>
            All sites (per offer)
          </option>
          <For each={sites() ?? []}>
            {(s) => (
              <option value={s.id} selected={s.id === params.site}>
                {s.name}
              </option>
            )}
          </For>
        </select>
        <Show when={data()}>
          {(d) => (
            <select aria-label="Offer" onChange={(e) => setParams({ offer: e.currentTarget.value || undefined })}>
              <option value="" selected={!params.offer}>
                All offers
              </option>
              <For each={d().offers}>
                {(o) => (
                  <option value={o.offerId} selected={o.offerId === params.offer}>
                    {o.offerName}
                  </option>
                )}
              </For>
            </select>
          )}
        </Show>
        <fieldset class="segmented">
          <legend class="sr-only">Range</legend>
          <For each={PRESETS}>
            {(p) => {
              const active = () => !params.from && (params.range ?? "7d") === p.id;
              return (
                <button
                  type="button"
                  aria-pressed={active()}
                  classList={{ active: active() }}
                  onClick={() => setParams({ range: p.id, from: undefined, to: undefined })}
                >
                  {p.label}
                </button>
              );
            }}
          </For>
        </fieldset>
        <label class="inline">
          From{" "}
          <input
            type="date"
            name="from"
            value={range().from}
            onChange={(e) => setParams({ from: e.currentTarget.value, to: range().to })}
          />
        </label>
        <label class="inline">
          To{" "}
          <input type="date" name="to" value={range().to} onChange={(e) => setParams({ from: range().from, to: e.currentTarget.value })} />
        </label>
        <label class="inline">
          Flag from{" "}
          <input
            type="number"
            name="threshold"
            min="0"
            max="1000"
            step="1"
            size="4"
            value={threshold()}
            onChange={(e) => setParams({ threshold: e.currentTarget.value || undefined })}
          />{" "}
          % gap
        </label>
        <a class="button" href={discrepanciesCsvUrl(query())} download="discrepancies.csv">
          Export CSV
        </a>
      </div>
      <Loaded data={data} what="discrepancies">
        {(d) => <Body d={d()} all={params.all === "1"} setAll={(v) => setParams({ all: v ? "1" : undefined })} />}
      </Loaded>
    </div>
  );
}

function Body(props: { d: DiscrepanciesResponse; all: boolean; setAll: (v: boolean) => void }) {
  const d = () => props.d;
  const coords = (offerId: string, day: string, metric: DrillMetric) => ({
    metric,
    from: day,
    to: day,
    tz: d().range.timezone,
    offer: offerId,
    site: d().siteId ?? undefined,
  });
  const reasonList = () => DISCREPANCY_REASONS.filter((r) => (d().reasonCounts[r] ?? 0) > 0);
  const lines = () =>
    d()
      .rows.flatMap((r) => DISCREPANCY_METRICS.map((m) => ({ row: r, metric: m, c: r.metrics[m] })))
      .filter((l) =>
        props.all
          ? l.c.operator !== null || l.c.tracked > 0 || l.c.reasons.length > 0
          : l.c.gap !== 0 && (l.c.gap !== null || l.c.tracked > 0),
      );
  return (
    <>
      <p class="range muted">
        {fmtDays(d().range.from, d().range.to)} · tracked figures by day in {d().range.timezone}, and in each platform's own timezone ·
        operator figures on the platform's day · flagged from a {d().threshold}% gap
      </p>
      <section class="card" data-testid="reason-counts">
        <h2>Reasons</h2>
        <Show when={reasonList().length} fallback={<p class="muted">No gap in this range.</p>}>
          <ul class="reasons">
            <For each={reasonList()}>
              {(r) => (
                <li data-reason={r}>
                  {DISCREPANCY_REASON_LABELS[r]}: <strong>{fmtInt(d().reasonCounts[r] ?? 0)}</strong> figure(s)
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <section class="card">
        <h2>Offers</h2>
        <TableScroll label="Offers">
          <table class="grid" data-testid="discrepancy-offers">
            <thead>
              <tr>
                <th>Offer</th>
                <For each={DISCREPANCY_METRICS}>{(m) => <th>{DISCREPANCY_METRIC_LABELS[m]}: operator / tracked (gap)</th>}</For>
                <th>Needs a look</th>
              </tr>
            </thead>
            <tbody>
              <For each={d().offers}>
                {(o) => (
                  <tr data-offer={o.offerId} data-flagged={o.flagged ? "1" : "0"}>
                    <td>
                      {o.offerName}
                      <div class="muted last-pull" data-testid="offer-last-pull" title={fmtDateTime(o.lastSyncAt)}>
                        operator figures pulled {fmtAgo(o.lastSyncAt)}
                      </div>
                      <Show when={!o.postbacksSetUp}>
                        <div class="badge">no postbacks received</div>
                      </Show>
                    </td>
                    <For each={DISCREPANCY_METRICS}>
                      {(m) => (
                        <td>
                          {fmtInt(o.totals[m].operator)} / {fmtInt(o.totals[m].tracked)}{" "}
                          <span class="muted">({gapText(o.totals[m].gap, o.totals[m].gapPct)})</span>
                        </td>
                      )}
                    </For>
                    <td>{o.flagged ? <span class="badge flagged">yes, gap ≥ {d().threshold}%</span> : "no"}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section class="card">
        <h2>By day</h2>
        <label class="check">
          <input type="checkbox" name="all" checked={props.all} onChange={(e) => props.setAll(e.currentTarget.checked)} /> Also show figures
          that match (no gap)
        </label>
        <Show when={lines().length} fallback={<p class="muted">Nothing reported or tracked in this range.</p>}>
          <TableScroll label="Discrepancies by day">
            <table class="grid" data-testid="discrepancy-table">
              <thead>
                <tr>
                  <th>Day</th>
                  <th>Offer</th>
                  <th>State</th>
                  <th>Figure</th>
                  <th>Operator</th>
                  <th>Tracked ({d().range.timezone})</th>
                  <th>Gap</th>
                  <th>Reasons</th>
                  <th>Tracked (platform timezone)</th>
                </tr>
              </thead>
              <tbody>
                <For each={lines()}>
                  {(l) => (
                    <tr data-day={l.row.day} data-offer={l.row.offerId} data-metric={l.metric} data-flagged={l.c.flagged ? "1" : "0"}>
                      <td>{fmtDay(l.row.day)}</td>
                      <td>{l.row.offerName}</td>
                      <td>
                        <span class={`day-state day-state-${l.row.dayState}`}>{DAY_STATE_LABELS[l.row.dayState]}</span>
                      </td>
                      <td>{DISCREPANCY_METRIC_LABELS[l.metric]}</td>
                      <td data-cell="operator">
                        <Show when={l.c.operator !== null} fallback="not reported">
                          <DrillFigure
                            coords={coords(l.row.offerId, l.row.day, OPERATOR[l.metric])}
                            label={`Operator ${DISCREPANCY_METRIC_LABELS[l.metric]}, ${l.row.offerName}`}
                          >
                            {fmtInt(l.c.operator)}
                          </DrillFigure>
                        </Show>
                      </td>
                      <td data-cell="tracked">
                        <DrillFigure
                          coords={coords(l.row.offerId, l.row.day, TRACKED[l.metric])}
                          label={`Tracked ${DISCREPANCY_METRIC_LABELS[l.metric]}, ${l.row.offerName}`}
                        >
                          {fmtInt(l.c.tracked)}
                        </DrillFigure>
                      </td>
                      <td classList={{ flagged: l.c.flagged }}>{gapText(l.c.gap, l.c.gapPct)}</td>
                      <td>
                        <For each={l.c.reasons}>{(r) => <div data-reason={r.code}>{reasonText(r)}</div>}</For>
                      </td>
                      <td data-cell="tracked-platform">
                        {fmtInt(l.c.trackedPlatformTz)}
                        <Show when={l.c.gapPlatformTz !== null && l.c.gapPlatformTz !== l.c.gap}>
                          <span class="muted"> (gap {fmtInt(l.c.gapPlatformTz)})</span>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableScroll>
        </Show>
      </section>

      <section class="card" data-testid="vanished">
        <h2>Vanished FTDs</h2>
        <Show
          when={d().vanished.length}
          fallback={<p class="muted">No FTD that the operator reported has vanished from a later report in this range.</p>}
        >
          <TableScroll label="Vanished FTDs">
            <table class="grid">
              <thead>
                <tr>
                  <th>Platform day</th>
                  <th>Offer</th>
                  <th>Operator FTDs before → after</th>
                  <th>Tracked FTDs</th>
                  <th>What happened</th>
                </tr>
              </thead>
              <tbody>
                <For each={d().vanished}>
                  {(v) => (
                    <tr>
                      <td>{fmtDay(v.day)}</td>
                      <td>{v.offerName}</td>
                      <td>
                        {fmtInt(v.before)} → {fmtInt(v.after)} (−{fmtInt(v.dropped)})
                      </td>
                      <td>{fmtInt(v.trackedFtds)}</td>
                      <td>
                        {v.note}
                        <Show when={v.clickIds?.length}>
                          <div class="mono">clicks: {v.clickIds?.join(", ")}</div>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableScroll>
        </Show>
      </section>
    </>
  );
}

function gapText(gap: number | null, pct: number | null): string {
  if (gap === null) return "—";
  const sign = gap > 0 ? "+" : "";
  return `${sign}${fmtInt(gap)}${pct === null ? "" : ` (${sign}${pct}%)`}`;
}

/** A reason in words, with how much of the gap it accounts for and the evidence behind it. */
function reasonText(r: ReasonShare): string {
  const label = DISCREPANCY_REASON_LABELS[r.code];
  const parts: string[] = [];
  if (r.explains > 0) parts.push(`${fmtInt(r.explains)} of the gap`);
  if (r.count !== null && r.count !== r.explains) parts.push(`${fmtInt(r.count)} found`);
  if (r.detail) {
    const kinds = UNCOUNTED_POSTBACK_KINDS.filter((k) => (r.detail?.[k] ?? 0) > 0).map((k) => `${r.detail?.[k]} ${words(k)}`);
    if (kinds.length) parts.push(kinds.join(", "));
  }
  return parts.length ? `${label} (${parts.join("; ")})` : label;
}
