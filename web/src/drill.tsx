/**
 * The one seam for drill-down: any figure in Site Overview and Site Report is rendered through
 * <Drillable>, which turns it into a button once a drill handler is provided. Wiring the drill-down
 * panel (branch discrep) is one line: wrap the signed-in pages in
 * `<DrillContext.Provider value={(req) => openDrillDown(req)}>`. Without a handler the figure is plain text,
 * so nothing looks clickable that does nothing.
 */
import { createContext, type JSX, Show, useContext } from "solid-js";
import type { DrillMetric } from "../../shared/discrepancies";
import type { DrillCoords } from "./discrepancies-api";

/** What the figure counts: the report's column key (e.g. "clicks", "platformFtds", "commission"). */
export type DrillFigure = string;

/**
 * The filters that select the rows behind the figure, named as in the Site Report query
 * (shared/site-report.ts): the report's filters plus the row's own breakdown values. A time bucket
 * (day / week / month) is given as its from..to; `subId` is `key=value`; absent siteId = all sites.
 */
export interface DrillFilters {
  from: string;
  to: string;
  siteId?: string;
  campaignId?: string;
  offerId?: string;
  sourceId?: string;
  casinoEntryId?: string;
  market?: string;
  subId?: string;
}

export interface DrillRequest {
  figure: DrillFigure;
  filters: DrillFilters;
  /** How the figure reads on screen ("FTDs, Spinia, Nov 2026"), for the panel's heading. */
  label: string;
}

export type OnDrill = (req: DrillRequest) => void;

export const DrillContext = createContext<OnDrill | undefined>(undefined);

/** The handler in scope, if any. */
export const useDrill = () => useContext(DrillContext);

/** Report figures the drill-down API can open (GET /api/drill metrics), by the report's column key. */
const DRILL_METRIC_OF: Partial<Record<DrillFigure, DrillMetric>> = {
  clicks: "clicks",
  uniqueClicks: "unique_clicks",
  registrations: "registrations",
  ftds: "ftds",
  qualified: "qualified",
  deposits: "deposits",
  operatorRegistrations: "operator_registrations",
  platformRegistrations: "operator_registrations",
  operatorFtds: "operator_ftds",
  platformFtds: "operator_ftds",
  operatorQftds: "operator_qftds",
  commissionMicros: "revenue",
  revenueMicros: "revenue",
};

/**
 * The drill-down coordinates of a figure, or null when the drill API cannot select exactly its rows
 * (a metric it does not list, or a filter it cannot apply: casino entry, market, sub-id). A figure
 * whose rows could not add up to it is not offered as drillable.
 */
export function drillCoords(req: Pick<DrillRequest, "figure" | "filters">): DrillCoords | null {
  const metric = DRILL_METRIC_OF[req.figure];
  const f = req.filters;
  if (!metric || f.casinoEntryId || f.market || f.subId) return null;
  return { metric, from: f.from, to: f.to, site: f.siteId, offer: f.offerId, campaign: f.campaignId, source: f.sourceId };
}

/** A figure that opens the rows behind it when a drill handler is in scope. */
export function Drillable(props: { figure: DrillFigure; filters: DrillFilters; label: string; children: JSX.Element }) {
  const handler = useDrill();
  const onDrill = () => (handler && drillCoords(props) ? handler : undefined);
  return (
    <Show when={onDrill()} fallback={props.children}>
      {(open) => (
        <button
          type="button"
          class="figure-link"
          data-figure={props.figure}
          title={`Show the rows behind ${props.label}`}
          onClick={() => open()({ figure: props.figure, filters: props.filters, label: props.label })}
        >
          {props.children}
        </button>
      )}
    </Show>
  );
}
