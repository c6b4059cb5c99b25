import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { listSites } from "../entities-api";
import { Loaded } from "./entity-ui";
import "./entities.css";

/** Sites: the properties that promote offers; each gets Site Analytics through its snippet. */
export function Sites() {
  const [archived, setArchived] = createSignal(false);
  const [sites] = createResource(
    () => ({ archived: archived() }),
    (k) => listSites(k.archived),
  );
  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>Sites</h1>
        <label class="inline-check">
          <input type="checkbox" checked={archived()} onChange={(e) => setArchived(e.currentTarget.checked)} /> Show archived
        </label>
        <A href="/sites/new" class="button primary">
          New site
        </A>
      </div>
      <Loaded data={sites} what="sites">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <section class="card empty">
                <p>No sites yet. Add the site you promote offers on: you get its snippet for Site Analytics right away.</p>
                <A href="/sites/new" class="button primary">
                  Add a site
                </A>
              </section>
            }
          >
            <ul class="entity-list" data-testid="sites-list">
              <For each={list}>
                {(s) => (
                  <li class="card entity-row">
                    <div>
                      <A href={`/sites/${s.id}`} class="entity-name">
                        {s.name}
                      </A>
                      <Show when={s.archivedAt}>
                        <span class="state state-archived">archived</span>
                      </Show>
                      <div class="muted">{s.domains.join(", ")}</div>
                    </div>
                    <dl class="facts">
                      <div>
                        <dt>Market</dt>
                        <dd>{s.market}</dd>
                      </div>
                      <div>
                        <dt>Timezone</dt>
                        <dd>{s.timezone}</dd>
                      </div>
                      <div>
                        <dt>Offers</dt>
                        <dd>{s.offerIds.length}</dd>
                      </div>
                      <div>
                        <dt>Campaigns</dt>
                        <dd>{s.campaigns.length}</dd>
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
