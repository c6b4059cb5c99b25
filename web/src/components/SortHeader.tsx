import type { JSX } from "solid-js";

export type SortDir = "asc" | "desc";

/**
 * A sortable column header: a button inside the th (keyboard-reachable), with aria-sort on the th saying
 * how the table is sorted. The first click on a new column sorts descending (largest figures first).
 */
export function SortHeader(props: {
  column: string;
  sort: string | undefined;
  dir: SortDir;
  onSort: (column: string, dir: SortDir) => void;
  children: JSX.Element;
  title?: string;
}) {
  const active = () => props.sort === props.column;
  return (
    <th aria-sort={active() ? (props.dir === "asc" ? "ascending" : "descending") : "none"} data-column={props.column} title={props.title}>
      <button type="button" class="sort" onClick={() => props.onSort(props.column, active() && props.dir === "desc" ? "asc" : "desc")}>
        {props.children}
        <span aria-hidden="true" class="sort-mark">
          {active() ? (props.dir === "asc" ? " ▲" : " ▼") : ""}
        </span>
      </button>
    </th>
  );
}
