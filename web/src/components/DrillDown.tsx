import { createResource, createSignal, For, type JSX, onCleanup, onMount, Show } from "solid-js";
import { DRILL_METRIC_LABELS, type DrillResponse } from "../../../shared/discrepancies";
import { getSyncRun } from "../api";
import { type DrillCoords, getDrill } from "../discrepancies-api";
import { fmtDateTime, fmtDays, fmtInt, fmtMoney } from "../format";
import { hidesFinancials } from "../session";
import { Loaded } from "./Async";
import { TableScroll } from "./TableScroll";

const PAGE_SIZE = 50;
/** The fields of a revision the panel shows (the figures it drills, and commission). */
const REVISION_FIELDS = ["registrations", "ftdCount", "qftdCount", "commissionTotalMicros"];
type DrillOf<K extends DrillResponse["kind"]> = Extract<DrillResponse, { kind: K }>;

/**
 * A figure that opens the rows behind it: a button showing the value; activating it (click, Enter,
 * Space) opens the drill-down panel for its coordinates. Used by Discrepancies, Site Overview and Site Report.
 */
export function DrillFigure(props: { coords: DrillCoords; children: JSX.Element; label?: string }) {
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  return (
    <>
      <button
        type="button"
        class="figure-link"
        ref={button}
        data-testid="drill-figure"
        data-metric={props.coords.metric}
        aria-haspopup="dialog"
        title={`Show the rows behind ${props.label ?? "this figure"}`}
        onClick={() => setOpen(true)}
      >
        {props.children}
      </button>
      <Show when={open()}>
        <DrillDown
          coords={props.coords}
          label={props.label}
          onClose={() => {
            setOpen(false);
            button?.focus();
          }}
        />
      </Show>
    </>
  );
}

/**
 * The drill-down panel: a modal dialog listing the rows behind a figure, paginated, with the total
 * over every page (the figure). Escape or the close button closes it; focus returns to the figure.
 */
export function DrillDown(props: { coords: DrillCoords; label?: string | undefined; onClose: () => void }) {
  const [page, setPage] = createSignal(1);
  const [data] = createResource(
    () => ({ c: props.coords, page: page() }),
    (k) => getDrill(k.c, k.page, PAGE_SIZE),
  );
  let dialog: HTMLDialogElement | undefined;
  onMount(() => {
    dialog?.showModal();
    dialog?.querySelector<HTMLElement>("button.close")?.focus();
  });
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      props.onClose();
    }
  };
  onCleanup(() => dialog?.close());
  const title = () => {
    const label = props.label ?? DRILL_METRIC_LABELS[props.coords.metric];
    const days = fmtDays(props.coords.from, props.coords.to);
    // A day row's label already names its day.
    return label.endsWith(days) ? label : `${label} · ${days}`;
  };
  return (
    <dialog
      ref={dialog}
      class="drill card"
      aria-labelledby="drill-title"
      data-testid="drill-panel"
      onKeyDown={onKey}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <div class="toolbar">
        <h2 id="drill-title">{title()}</h2>
        <button type="button" class="close small" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <Loaded data={data} what="the rows">
        {(d) => (
          <>
            <p class="muted" data-testid="drill-summary">
              {fmtInt(d().totalRows)} row(s) · total{" "}
              <strong data-testid="drill-total">
                {d().total === null
                  ? d().kind === "revenue" && !hidesFinancials()
                    ? (d().revenueByCurrency ?? []).map((c) => fmtMoney(c.micros, c.currency)).join(" · ") || "none reported"
                    : "not reported"
                  : fmtInt(d().total)}
              </strong>{" "}
              · {d().range.basis === "platform" ? "platform days (as the operator reports them)" : `days in ${d().range.timezone}`}
            </p>
            <TableScroll label="Rows behind the figure">
              <Show when={d().kind === "clicks" ? (d() as DrillOf<"clicks">) : null}>{(x) => <ClickRows d={x()} />}</Show>
              <Show when={d().kind === "conversions" ? (d() as DrillOf<"conversions">) : null}>{(x) => <ConversionRows d={x()} />}</Show>
              <Show when={d().kind === "revenue" ? (d() as DrillOf<"revenue">) : null}>{(x) => <RevenueRows d={x()} />}</Show>
            </TableScroll>
            <Show when={d().totalRows > PAGE_SIZE}>
              <nav class="pager" aria-label="Pages">
                <button type="button" class="small" disabled={page() <= 1} onClick={() => setPage(page() - 1)}>
                  Previous
                </button>
                <span>
                  Page {page()} of {Math.ceil(d().totalRows / PAGE_SIZE)}
                </span>
                <button type="button" class="small" disabled={page() * PAGE_SIZE >= d().totalRows} onClick={() => setPage(page() + 1)}>
                  Next
                </button>
              </nav>
            </Show>
          </>
        )}
      </Loaded>
    </dialog>
  );
}

/** Sum of the listed rows' values (this page), shown under the table so a reader can check it against the figure. */
function PageTotal(props: { cols: number; value: number | null; label?: string }) {
  return (
    <tfoot>
      <tr>
        <th scope="row" colSpan={props.cols - 1}>
          {props.label ?? "This page"}
        </th>
        <td data-testid="drill-page-total">{fmtInt(props.value)}</td>
      </tr>
    </tfoot>
  );
}

function ClickRows(props: { d: DrillOf<"clicks"> }) {
  return (
    <table class="grid" data-testid="drill-rows">
      <thead>
        <tr>
          <th>Time</th>
          <th>Click id</th>
          <th>Offer</th>
          <th>Campaign</th>
          <th>Country</th>
          <th>Sub-ids</th>
          <th>Flags</th>
          <th>Counts</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.d.rows}>
          {(r) => (
            <tr data-value={r.value}>
              <td>{fmtDateTime(r.ts)}</td>
              <td class="mono">{r.id}</td>
              <td>{r.offerId}</td>
              <td>{r.campaignId ?? "—"}</td>
              <td>{r.country ?? "—"}</td>
              <td class="mono">
                {Object.entries(r.subIds)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(" ") || "—"}
              </td>
              <td>{[r.isUnique ? "unique" : "repeat", r.flag].filter(Boolean).join(", ")}</td>
              <td>{r.value}</td>
            </tr>
          )}
        </For>
      </tbody>
      <PageTotal cols={8} value={props.d.rows.reduce((a, r) => a + r.value, 0)} />
    </table>
  );
}

function ConversionRows(props: { d: DrillOf<"conversions"> }) {
  return (
    <table class="grid" data-testid="drill-rows">
      <thead>
        <tr>
          <th>Time</th>
          <th>Event</th>
          <th>Status</th>
          <th>Click id</th>
          <th>Txid / player</th>
          <th>Postbacks (raw request)</th>
          <th>Counts</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.d.rows}>
          {(r) => (
            <tr data-value={r.value}>
              <td>{fmtDateTime(r.occurredAt)}</td>
              <td>{r.eventType}</td>
              <td>{r.status}</td>
              <td class="mono">{r.clickId ?? "—"}</td>
              <td class="mono">{[r.txid, r.playerId].filter(Boolean).join(" / ") || "—"}</td>
              <td class="mono raw">
                <For each={r.postbacks}>
                  {(p) => (
                    <div title={p.reason ?? ""}>
                      {p.outcome}: {p.method} {p.rawQuery.startsWith("?") || !p.rawQuery ? p.rawQuery : `?${p.rawQuery}`}
                      {p.rawBody ? ` body: ${p.rawBody}` : ""}
                    </div>
                  )}
                </For>
              </td>
              <td>{r.value}</td>
            </tr>
          )}
        </For>
      </tbody>
      <PageTotal cols={7} value={props.d.rows.reduce((a, r) => a + r.value, 0)} />
    </table>
  );
}

function RevenueRows(props: { d: DrillOf<"revenue"> }) {
  const money = () => props.d.metric === "revenue";
  return (
    <table class="grid" data-testid="drill-rows">
      <thead>
        <tr>
          <th>Platform day</th>
          <th>Row</th>
          <th>Placed by</th>
          <th>Reg. / FTDs / QFTDs</th>
          <Show when={!hidesFinancials()}>
            <th>Commission</th>
          </Show>
          <th>Revisions</th>
          <th>Sync run (raw response)</th>
          <th>Counts</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.d.rows}>
          {(r) => (
            <tr data-value={r.value ?? ""}>
              <td>
                {r.reportDate} <span class="muted">({r.reportTz})</span>
              </td>
              <td class="mono">{r.naturalKey}</td>
              <td>{r.placement}</td>
              <td>
                {fmtInt(r.registrations)} / {fmtInt(r.ftdCount)} / {fmtInt(r.qftdCount)}
              </td>
              <Show when={!hidesFinancials()}>
                <td>{fmtMoney(r.commissionTotalMicros, r.currency)}</td>
              </Show>
              <td>
                <For each={r.revisions}>
                  {(v) => (
                    <div title={fmtDateTime(v.at)}>
                      {v.kind}
                      {v.lateRestatement ? " (late)" : ""}:{" "}
                      {Object.entries(v.diff)
                        .filter(([k]) => REVISION_FIELDS.includes(k) && (k !== "commissionTotalMicros" || !hidesFinancials()))
                        .map(([k, [a, b]]) =>
                          k === "commissionTotalMicros"
                            ? `commission ${fmtMoney(a as number | null, r.currency)} → ${fmtMoney(b as number | null, r.currency)}`
                            : `${k} ${String(a)} → ${String(b)}`,
                        )
                        .join(", ")}
                    </div>
                  )}
                </For>
              </td>
              <td class="mono raw">
                <Show when={r.syncRun} fallback="—">
                  {(run) => <SyncRunCell run={run()} />}
                </Show>
              </td>
              <td>{money() ? "—" : fmtInt(r.value)}</td>
            </tr>
          )}
        </For>
      </tbody>
      <Show when={!money()}>
        <PageTotal
          cols={hidesFinancials() ? 7 : 8}
          value={props.d.rows.reduce<number | null>((a, r) => (r.value === null ? a : (a ?? 0) + r.value), null)}
        />
      </Show>
    </table>
  );
}

/** The pull behind a revenue row; its (redacted) raw platform response is fetched when opened. */
function SyncRunCell(props: { run: NonNullable<DrillOf<"revenue">["rows"][number]["syncRun"]> }) {
  const [open, setOpen] = createSignal(false);
  const [detail] = createResource(
    () => (open() && props.run.hasRawResponse ? props.run : null),
    (r) => getSyncRun(r.offerId, r.id),
  );
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {props.run.status} · {fmtDateTime(props.run.startedAt)}
        {props.run.httpStatus ? ` · HTTP ${props.run.httpStatus}` : ""}
      </summary>
      <Show when={props.run.hasRawResponse} fallback={<p class="muted">No raw response stored (pruned, or the pull stored none).</p>}>
        <Loaded data={detail} what="the raw response">
          {(d) => (
            <pre data-testid="drill-raw-response">
              {d().rawResponse ?? "(not stored)"}
              {d().rawTruncated ? "\n… (truncated)" : ""}
            </pre>
          )}
        </Loaded>
      </Show>
    </details>
  );
}
