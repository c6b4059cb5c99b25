import { createResource, For, Show } from "solid-js";
import type { SiteSummary } from "../../../shared/report-types";
import { REPORT_DIMENSION_LABELS, REPORT_DIMENSIONS, type ReportDimension } from "../../../shared/site-report";
import { getOffers } from "../api";
import { listCampaigns, listCasinoEntries, listSources } from "../entities-api";
import type { ReportQuery } from "./api";

type Patch = Partial<ReportQuery>;

/**
 * Breakdown pickers (two levels) and the report's filters. Every control shows the URL's value and writes
 * a patch back; a filter change also goes back to page 1 (the caller does that).
 */
export function ReportFilters(props: { q: ReportQuery; sites: SiteSummary[]; onChange: (p: Patch) => void }) {
  const [offers] = createResource(getOffers);
  const [campaigns] = createResource(() => listCampaigns());
  const [sources] = createResource(() => listSources());
  const [entries] = createResource(listCasinoEntries);
  const dim1 = () => (props.q.dimension1 as ReportDimension | undefined) ?? "day";
  const dim2 = () => props.q.dimension2 as ReportDimension | undefined;
  const usesSubId = () => dim1() === "subId" || dim2() === "subId";
  const inSite = <T extends { siteId: string }>(list: T[] | undefined) =>
    (list ?? []).filter((x) => !props.q.siteId || x.siteId === props.q.siteId);

  return (
    <section class="report-filters card" aria-label="Breakdown and filters" data-testid="report-filters">
      <label>
        Break down by
        <select
          name="dimension1"
          onChange={(e) => {
            const v = e.currentTarget.value;
            // The second level must differ from the first: a clash drops the second level.
            props.onChange({ dimension1: v, dimension2: dim2() === v ? undefined : dim2(), sort: undefined, dir: undefined });
          }}
        >
          <For each={REPORT_DIMENSIONS}>
            {(d) => (
              <option value={d} selected={dim1() === d}>
                {REPORT_DIMENSION_LABELS[d]}
              </option>
            )}
          </For>
        </select>
      </label>
      <label>
        then by
        <select name="dimension2" onChange={(e) => props.onChange({ dimension2: e.currentTarget.value || undefined })}>
          <option value="" selected={!dim2()}>
            (nothing)
          </option>
          <For each={REPORT_DIMENSIONS.filter((d) => d !== dim1())}>
            {(d) => (
              <option value={d} selected={dim2() === d}>
                {REPORT_DIMENSION_LABELS[d]}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={usesSubId()}>
        <label>
          Sub-id parameter
          <input
            name="subIdKey"
            value={props.q.subIdKey ?? "sub1"}
            size={8}
            onChange={(e) => props.onChange({ subIdKey: e.currentTarget.value.trim() || undefined })}
          />
        </label>
      </Show>
      <Pick
        label="Offer"
        name="offerId"
        value={props.q.offerId}
        options={(offers.error ? [] : (offers() ?? [])).map((o) => ({ value: o.id, label: o.name }))}
        onChange={props.onChange}
      />
      <Pick
        label="Campaign"
        name="campaignId"
        value={props.q.campaignId}
        options={inSite(campaigns.error ? [] : campaigns()).map((c) => ({ value: c.id, label: c.name }))}
        onChange={props.onChange}
      />
      <Pick
        label="Traffic source"
        name="sourceId"
        value={props.q.sourceId}
        options={(sources.error ? [] : (sources() ?? [])).map((s) => ({ value: s.id, label: s.name }))}
        onChange={props.onChange}
      />
      <Pick
        label="Casino entry"
        name="casinoEntryId"
        value={props.q.casinoEntryId}
        options={(entries.error ? [] : (entries() ?? []))
          .filter((e) => !props.q.siteId || e.siteIds.includes(props.q.siteId))
          .map((e) => ({ value: e.id, label: e.name }))}
        onChange={props.onChange}
      />
      <label>
        Market
        <input
          name="market"
          placeholder="GB,DE"
          size={8}
          value={props.q.market ?? ""}
          onChange={(e) => props.onChange({ market: e.currentTarget.value.trim().toUpperCase() || undefined })}
        />
      </label>
      <label>
        Sub-id
        <input
          name="subId"
          placeholder="sub1=banner-top"
          size={14}
          value={props.q.subId ?? ""}
          onChange={(e) => props.onChange({ subId: e.currentTarget.value.trim() || undefined })}
        />
      </label>
    </section>
  );
}

/** One id filter. An id in the URL that is not in the list (e.g. archived) stays selected under its id. */
function Pick(props: {
  label: string;
  name: "offerId" | "campaignId" | "sourceId" | "casinoEntryId";
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (p: Patch) => void;
}) {
  const missing = () => (props.value && !props.options.some((o) => o.value === props.value) ? props.value : null);
  return (
    <label>
      {props.label}
      <select name={props.name} onChange={(e) => props.onChange({ [props.name]: e.currentTarget.value || undefined })}>
        <option value="" selected={!props.value}>
          All
        </option>
        <Show when={missing()}>
          {(id) => (
            <option value={id()} selected>
              {id()}
            </option>
          )}
        </Show>
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
