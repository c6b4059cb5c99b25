import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import type { TrafficSourceView } from "../../../shared/entity-types";
import { formatMicros } from "../../../shared/money";
import { COST_MODEL_LABELS, SOURCE_TYPE_LABELS } from "../../../shared/traffic-sources";
import { listSources } from "../entities-api";
import { Loaded } from "./entity-ui";
import "./entities.css";

export function costText(cost: TrafficSourceView["cost"]): string {
  if (!cost) return "not tracked";
  if (cost.model === "revshare") return `${COST_MODEL_LABELS.revshare}: ${cost.revsharePct}%`;
  return `${COST_MODEL_LABELS[cost.model]}: ${cost.currency} ${cost.amountMicros === null ? "—" : formatMicros(cost.amountMicros)}`;
}

/** Traffic Sources: where paid traffic comes from, its postback URL and cost model. */
export function TrafficSources() {
  const [archived, setArchived] = createSignal(false);
  const [sources] = createResource(
    () => ({ archived: archived() }),
    (k) => listSources(k.archived),
  );
  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>Traffic sources</h1>
        <label class="inline-check">
          <input type="checkbox" checked={archived()} onChange={(e) => setArchived(e.currentTarget.checked)} /> Show archived
        </label>
        <A href="/sources/new" class="button primary">
          New traffic source
        </A>
      </div>
      <Loaded data={sources} what="traffic sources">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <section class="card empty">
                <p>No traffic sources yet. Add the ad network or media buyer you buy traffic from to send conversions back to it.</p>
                <A href="/sources/new" class="button primary">
                  Add a traffic source
                </A>
              </section>
            }
          >
            <ul class="entity-list" data-testid="sources-list">
              <For each={list}>
                {(s) => (
                  <li class="card entity-row">
                    <div>
                      <A href={`/sources/${s.id}`} class="entity-name">
                        {s.name}
                      </A>
                      <Show when={s.archivedAt}>
                        <span class="state state-archived">archived</span>
                      </Show>
                      <div class="muted">{SOURCE_TYPE_LABELS[s.type]}</div>
                    </div>
                    <dl class="facts">
                      <div>
                        <dt>Postback</dt>
                        <dd>{s.postbackUrlTemplate ? "set" : "none"}</dd>
                      </div>
                      <div>
                        <dt>Cost</dt>
                        <dd>{costText(s.cost)}</dd>
                      </div>
                      <div>
                        <dt>Campaigns</dt>
                        <dd>{s.campaignCount}</dd>
                      </div>
                    </dl>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loaded>
    </div>
  );
}
