import { Show } from "solid-js";
import { fmtInt } from "../format";

/** Previous / next over a list the API pages (offset paging); says which rows are shown of how many. */
export function Pager(props: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = () => Math.max(1, Math.ceil(props.total / props.pageSize));
  const first = () => (props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1);
  const last = () => Math.min(props.total, props.page * props.pageSize);
  return (
    <nav class="pager" aria-label="Pages" data-testid="pager">
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        Previous
      </button>
      <span class="muted" data-testid="pager-status">
        Rows {fmtInt(first())}–{fmtInt(last())} of {fmtInt(props.total)}
        <Show when={pages() > 1}>
          {" "}
          · page {props.page} of {pages()}
        </Show>
      </span>
      <button type="button" disabled={props.page >= pages()} onClick={() => props.onPage(props.page + 1)}>
        Next
      </button>
    </nav>
  );
}
