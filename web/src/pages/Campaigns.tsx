import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { listCampaigns } from "../entities-api";
import { Loaded } from "./entity-ui";
import "./entities.css";

/** Campaigns: site + traffic source + offers, for Full Tracking (postbacks). */
export function Campaigns() {
  const [archived, setArchived] = createSignal(false);
  const [campaigns] = createResource(
    () => ({ archived: archived() }),
    (k) => listCampaigns(k.archived),
  );
  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>Campaigns</h1>
        <label class="inline-check">
          <input type="checkbox" checked={archived()} onChange={(e) => setArchived(e.currentTarget.checked)} /> Show archived
        </label>
        <A href="/campaigns/new" class="button primary">
          New campaign
        </A>
      </div>
      <p class="muted">
        A campaign ties one site, one traffic source and its offers to a postback key. Sites with offers work without one (Fast Launch:
        analytics and API revenue); campaigns add tracking links and real-time postbacks.
      </p>
      <Loaded data={campaigns} what="campaigns">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <section class="card empty">
                <p>No campaigns yet.</p>
                <A href="/campaigns/new" class="button primary">
                  Create a campaign
                </A>
              </section>
            }
          >
            <ul class="entity-list" data-testid="campaigns-list">
              <For each={list}>
                {(c) => (
                  <li class="card entity-row">
                    <div>
                      <A href={`/campaigns/${c.id}`} class="entity-name">
                        {c.name}
                      </A>
                      <span class={`state state-${c.status}`}>{c.status}</span>
                      <div class="muted">
                        {c.siteName ?? c.siteId} · {c.trafficSource ?? "no traffic source"}
                      </div>
                    </div>
                    <dl class="facts">
                      <div>
                        <dt>Offers</dt>
                        <dd>{c.offerIds.length}</dd>
                      </div>
                      <div>
                        <dt>Links</dt>
                        <dd>{c.linkCount}</dd>
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
