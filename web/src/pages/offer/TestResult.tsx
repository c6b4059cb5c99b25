import { For, Match, Show, Switch } from "solid-js";
import type { TestConnectionResult } from "../../../../shared/report-types";
import { TableScroll } from "../../components/TableScroll";
import { fmtInt } from "../../format";

type Failed = Extract<TestConnectionResult, { ok: false }>;
type Passed = Extract<TestConnectionResult, { ok: true }>;

/** What Test connection found: the rows that would be imported, or why it failed. */
export function TestResult(props: { result: TestConnectionResult }) {
  const failed = (): Failed | null => (props.result.ok ? null : props.result);
  const passed = (): Passed | null => (props.result.ok ? props.result : null);
  return (
    <Switch>
      <Match when={failed()}>
        {(r) => (
          <div class="test-result test-error" data-testid="test-error" role="alert">
            <strong>{r().error.title}</strong>
            <p>{r().error.message}</p>
            <Show when={r().error.hint}>
              <p class="muted">{r().error.hint}</p>
            </Show>
            <p class="muted">
              {r().window.from} → {r().window.to} ({r().timezone}){r().error.httpStatus ? ` · HTTP ${r().error.httpStatus}` : ""}
              {r().error.retryAfterSeconds ? ` · retry after ${r().error.retryAfterSeconds}s` : ""}
            </p>
            <Show when={r().error.raw}>
              <details>
                <summary>What the platform answered (secrets removed)</summary>
                <pre>{r().error.raw}</pre>
              </details>
            </Show>
          </div>
        )}
      </Match>
      <Match when={passed()}>
        {(r) => (
          <div class="test-result test-ok" data-testid="test-preview">
            <strong>
              Connected: {fmtInt(r().rowCount)} row{r().rowCount === 1 ? "" : "s"} would be imported
            </strong>
            <p class="muted">
              {r().dateRange ? `${r().dateRange?.first} → ${r().dateRange?.last}` : `${r().window.from} → ${r().window.to}`} · days in{" "}
              {r().timezone} · {r().currencies.join(", ") || "no currency"} · {fmtInt(r().totals.registrations)} registrations ·{" "}
              {fmtInt(r().totals.ftds)} FTDs
              {r().totals.commission.length
                ? ` · commission ${r()
                    .totals.commission.map((c) => `${c.currency} ${c.amount}`)
                    .join(", ")}`
                : ""}{" "}
              · {r().durationMs} ms
            </p>
            <Show when={r().note}>
              <p class="provisional">{r().note}</p>
            </Show>
            <Show when={r().rows.length > 0}>
              <TableScroll label="Rows that would be imported">
                <table class="grid compact">
                  <thead>
                    <tr>
                      <th>Day</th>
                      <th>Brand</th>
                      <th>Campaign</th>
                      <th>Clicks</th>
                      <th>Reg.</th>
                      <th>FTDs</th>
                      <th>Qualified</th>
                      <th>Deposits</th>
                      <th>NGR</th>
                      <th>Commission</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().rows}>
                      {(row) => (
                        <tr>
                          <td>{row.reportDate}</td>
                          <td>{row.brand ?? "—"}</td>
                          <td>{row.campaign ?? "—"}</td>
                          <td>{fmtInt(row.clicks)}</td>
                          <td>{fmtInt(row.registrations)}</td>
                          <td>{fmtInt(row.ftds)}</td>
                          <td>{fmtInt(row.qualified)}</td>
                          <td>{row.deposits === null ? "—" : `${row.currency} ${row.deposits}`}</td>
                          <td>{row.ngr === null ? "—" : `${row.currency} ${row.ngr}`}</td>
                          <td>{row.commission === null ? "—" : `${row.currency} ${row.commission}`}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableScroll>
              <Show when={r().rowCount > r().rows.length}>
                <p class="muted">
                  First {r().rows.length} of {fmtInt(r().rowCount)} rows.
                </p>
              </Show>
            </Show>
          </div>
        )}
      </Match>
    </Switch>
  );
}
