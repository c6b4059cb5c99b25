import { A } from "@solidjs/router";
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { Loaded } from "../pages/entity-ui";

/**
 * The list page every entity shares (sites, traffic sources, campaigns): title, "Show archived",
 * New button, load and empty states, and one card per row with its name, badge, subtitle and facts.
 * Each page supplies only what differs.
 */
export function EntityList<T extends { id: string; name: string }>(props: {
  title: string;
  /** "sites" → links to /sites/new and /sites/:id. */
  path: string;
  newLabel: string;
  what: string;
  testid: string;
  intro?: JSX.Element;
  empty: { text: string; action: string };
  load: (archived: boolean) => Promise<T[]>;
  badge: (row: T) => JSX.Element;
  subtitle: (row: T) => JSX.Element;
  facts: (row: T) => [label: string, value: JSX.Element][];
}) {
  const [archived, setArchived] = createSignal(false);
  // An object source: a bare `false` would tell createResource not to fetch at all.
  const [rows] = createResource(
    () => ({ archived: archived() }),
    (k) => props.load(k.archived),
  );
  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>{props.title}</h1>
        <label class="inline-check">
          <input type="checkbox" checked={archived()} onChange={(e) => setArchived(e.currentTarget.checked)} /> Show archived
        </label>
        <A href={`/${props.path}/new`} class="button primary">
          {props.newLabel}
        </A>
      </div>
      {props.intro}
      <Loaded data={rows} what={props.what}>
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <section class="card empty">
                <p>{props.empty.text}</p>
                <A href={`/${props.path}/new`} class="button primary">
                  {props.empty.action}
                </A>
              </section>
            }
          >
            <ul class="entity-list" data-testid={props.testid}>
              <For each={list}>
                {(row) => (
                  <li class="card entity-row">
                    <div>
                      <A href={`/${props.path}/${row.id}`} class="entity-name">
                        {row.name}
                      </A>
                      {props.badge(row)}
                      <div class="muted">{props.subtitle(row)}</div>
                    </div>
                    <dl class="facts">
                      <For each={props.facts(row)}>
                        {([label, value]) => (
                          <div>
                            <dt>{label}</dt>
                            <dd>{value}</dd>
                          </div>
                        )}
                      </For>
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

/** The "archived" badge of a row that has been archived. */
export function ArchivedBadge(props: { at: number | null }) {
  return (
    <Show when={props.at}>
      <span class="state state-archived">archived</span>
    </Show>
  );
}
