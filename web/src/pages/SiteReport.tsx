import { useSearchParams } from "@solidjs/router";
import { createMemo, createResource, For, Show } from "solid-js";
import { REPORT_PAGE_SIZES, type ReportSortKey } from "../../../shared/site-report";
import { Loaded } from "../components/Async";
import { Pager } from "../components/Pager";
import { RangeControls } from "../components/RangeControls";
import { SitePicker } from "../components/SitePicker";
import type { SortDir } from "../components/SortHeader";
import type { DrillFilters } from "../drill";
import { fmtAgo, fmtDateTime, fmtDay, fmtDays, todayIn } from "../format";
import { getSiteReport, type ReportQuery, siteReportCsvUrl } from "../report/api";
import { ReportFilters } from "../report/ReportFilters";
import { ReportTable } from "../report/ReportTable";
import { compareOf, pickRange, REPORT_PRESETS } from "../report/range";
import { UnassignedNote } from "../report/UnassignedNote";
import "../report/report.css";
import { hidesFinancials, me } from "../session";
import { useSites } from "../sites";

const DEFAULT_PRESET = REPORT_PRESETS.find((p) => p.id === "last_30_days") ?? (REPORT_PRESETS[0] as (typeof REPORT_PRESETS)[number]);

/**
 * Site Report: the detailed merged report. Every control lives in the URL, under the API's own query
 * names, so the page's URL, the API request and the CSV link carry the same filters; a reload shows the
 * same report. Days are the member's reporting timezone's (tracked) and the platform's (operator).
 */
export function SiteReport() {
  const [params, setParams] = useSearchParams<ReportQuery>();
  const sites = useSites();
  const tz = () => me()?.timezone ?? "UTC";
  const range = createMemo(() => pickRange(REPORT_PRESETS, params.preset, params.from, params.to, todayIn(tz()), DEFAULT_PRESET));
  /** The API query: the URL's, with the range made explicit (a preset, or a custom from..to). */
  const query = createMemo<ReportQuery>(() => ({
    ...params,
    siteId: params.siteId && params.siteId !== "all" ? params.siteId : undefined,
    preset: range().custom ? undefined : range().preset,
    from: range().custom ? range().from : undefined,
    to: range().custom ? range().to : undefined,
  }));
  const [report, { refetch }] = createResource(query, getSiteReport);
  const set = (patch: Partial<ReportQuery>) => setParams({ ...patch, page: "page" in patch ? patch.page : undefined });
  const sort = () => (params.sort as ReportSortKey | undefined) ?? "dimension1";
  const dir = (): SortDir => (params.dir === "desc" ? "desc" : "asc");
  const columns = () => (report()?.columns ?? []).filter((c) => !(hidesFinancials() && c.kind === "money"));
  const base = (): DrillFilters => {
    const q = query();
    return {
      from: report()?.query.from ?? range().from,
      to: report()?.query.to ?? range().to,
      siteId: q.siteId,
      campaignId: q.campaignId,
      offerId: q.offerId,
      sourceId: q.sourceId,
      casinoEntryId: q.casinoEntryId,
      market: q.market,
      subId: q.subId,
    };
  };

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Site Report</h1>
        <Show when={sites()?.length}>
          <SitePicker
            all
            sites={sites() ?? []}
            value={params.siteId ?? "all"}
            onChange={(id) => set({ siteId: id === "all" ? undefined : id })}
          />
        </Show>
        <RangeControls
          variant="select"
          presets={REPORT_PRESETS}
          preset={range().preset}
          range={range()}
          note={range().refused}
          compare={compareOf(params.compare)}
          onChange={(p) => set(p)}
        />
        <a class="button" href={siteReportCsvUrl(query())} download="site-report.csv" data-testid="report-csv">
          Export CSV
        </a>
      </div>

      <ReportFilters q={params} sites={sites() ?? []} onChange={set} />

      <Show when={params.siteId && params.siteId !== "all" && sites() && !sites()?.some((s) => s.id === params.siteId)}>
        <p class="error" role="alert" data-testid="unknown-site">
          This workspace has no site “{params.siteId}”. Pick one above.
        </p>
      </Show>

      <Loaded data={report} what="the report" retry={refetch}>
        {(r) => (
          <>
            <p class="range muted" data-testid="report-range">
              {fmtDays(r().query.from, r().query.to)}
              <Show when={r().compareRange}>{(c) => <>{` · compared with ${fmtDays(c().from, c().to)}`}</>}</Show> ·{" "}
              {r().query.siteId ? (sites()?.find((s) => s.id === r().query.siteId)?.name ?? r().query.siteId) : "all sites"}
              <Show when={!hidesFinancials()}> · money in {r().currency}</Show>
            </p>
            <p class="muted freshness-line" data-testid="report-freshness">
              Tracked figures: live (clicks and postbacks reach this report within seconds).{" "}
              <Show when={r().freshness.syncingOffers > 0} fallback={<>Operator figures: no offer in scope syncs revenue.</>}>
                Operator figures (about a day behind by nature): last pulled{" "}
                <span title={fmtDateTime(r().freshness.lastSyncAt)}>{fmtAgo(r().freshness.lastSyncAt)}</span>
                {r().freshness.completeThrough
                  ? `, settled through ${fmtDay(r().freshness.completeThrough ?? "")}`
                  : ", no day settled yet for every offer"}
                .
              </Show>
            </p>
            <section class="card">
              <Show
                when={r().rows.length > 0}
                fallback={
                  <p class="muted" data-testid="report-empty">
                    Nothing in this range with these filters.
                  </p>
                }
              >
                <ReportTable
                  report={r()}
                  columns={columns()}
                  base={base()}
                  sort={sort()}
                  dir={dir()}
                  onSort={(column, d) => set({ sort: column, dir: d })}
                />
              </Show>
              <Show when={!hidesFinancials()}>
                <UnassignedNote part={r().totals.unassigned} currency={r().currency} />
              </Show>
              <div class="pager-row">
                <Pager
                  page={r().pagination.page}
                  pageSize={r().pagination.pageSize}
                  total={r().pagination.totalRows}
                  onPage={(p) => set({ page: String(p) })}
                />
                <label>
                  Rows per page{" "}
                  <select name="pageSize" onChange={(e) => set({ pageSize: e.currentTarget.value })}>
                    <For each={REPORT_PAGE_SIZES}>
                      {(n) => (
                        <option value={n} selected={r().pagination.pageSize === n}>
                          {n}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
              </div>
              <p class="muted small" data-testid="day-basis">
                Tracked figures (clicks, postbacks): {r().dayBasis.tracked}. Operator figures: {r().dayBasis.operator}. A figure marked “p”
                is provisional (the operator may still restate it), “n/r” not yet reported; “—” is not reported, never zero.
              </p>
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
