import { For } from "solid-js";
import type { SiteSummary } from "../../../shared/report-types";

/** The site select of a report page. Options carry `selected`, so the select always reads the site shown. */
export function SitePicker(props: { sites: SiteSummary[]; value: string | undefined; onChange: (id: string) => void }) {
  return (
    <select aria-label="Site" data-testid="site-picker" onChange={(e) => props.onChange(e.currentTarget.value)}>
      <For each={props.sites}>
        {(s) => (
          <option value={s.id} selected={s.id === props.value}>
            {s.name}
          </option>
        )}
      </For>
    </select>
  );
}
