import { For, Show } from "solid-js";
import type { SiteSummary } from "../../../shared/report-types";

/**
 * The site select of a report page. Options carry `selected`, so the select always reads the site shown.
 * With `all`, a first option (value `all`) stands for every site of the workspace.
 */
export function SitePicker(props: { sites: SiteSummary[]; value: string | undefined; onChange: (id: string) => void; all?: boolean }) {
  return (
    <select aria-label="Site" data-testid="site-picker" onChange={(e) => props.onChange(e.currentTarget.value)}>
      <Show when={props.all}>
        <option value="all" selected={props.value === "all"}>
          All sites
        </option>
      </Show>
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
