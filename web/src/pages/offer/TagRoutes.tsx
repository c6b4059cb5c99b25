import { createResource, createSignal, For, Show } from "solid-js";
import { parseDecimalToMicros } from "../../../../shared/money";
import type { TagSummary } from "../../../../shared/revenue-tags";
import { deleteTagRoute, getOfferTags, getTagRoutes, putTagRoute } from "../../api";
import { TableScroll } from "../../components/TableScroll";
import { fmtInt, fmtMoney } from "../../format";
import { hidesFinancials } from "../../session";

/**
 * An offer's tag routes: each tag value found in its revenue, its totals and where its rows go,
 * with a site picker that assigns the tag in one click (its stored rows move at once). Unassigned
 * tags (players who came direct, a new tracking link) stay on the offer, counted in its totals.
 */
/** Exact decimal strings from the API, shown as every other amount of the app (format.ts: "EUR 1,234.50"). */
const money = (c: { amount: string; currency: string }[]) =>
  c.length ? c.map((m) => fmtMoney(parseDecimalToMicros(m.amount), m.currency)).join(" + ") : "—";

/** Bump `reload` to re-read the tags after a re-sync (new rows bring new tags). */
export function TagRoutes(props: { offerId: string; reload?: number }) {
  const [tags, { refetch: refetchTags }] = createResource(
    () => ({ id: props.offerId, reload: props.reload ?? 0 }),
    (k) => getOfferTags(k.id),
  );
  const [routes, { refetch: refetchRoutes }] = createResource(
    () => props.offerId,
    (id) => getTagRoutes(id),
  );
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);

  const dimensionLabel = () => {
    const r = routes();
    return r?.dimensions.find((d) => d.id === r.tagDimension)?.label ?? r?.tagDimension ?? "";
  };

  async function assign(t: TagSummary, siteId: string) {
    if (t.value === null) return;
    setError(null);
    setBusy(t.value);
    try {
      if (siteId === "") await deleteTagRoute(props.offerId, t.dimension, t.value);
      else await putTagRoute(props.offerId, { dimension: t.dimension, value: t.value, siteId });
      refetchTags();
      refetchRoutes();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="tag-routes" id="where-revenue-goes" data-testid="tag-routes">
      <h3>Where revenue goes</h3>
      <p class="muted">
        Rows go to a site by click id where the report has one, else by their <strong>{dimensionLabel()}</strong>. A tag mapped to no site
        stays <em>unassigned</em>: counted in the offer's totals, never put on a site by guess.
      </p>
      <p class="muted" data-testid="tag-routes-not-mine">
        A tag that is not this offer's (another deal or brand on the same affiliate account) belongs on no site: set this offer's{" "}
        <strong>Campaign tag</strong> (or its brand in API Setup) so its pulls keep only its own rows, then re-sync the range on the Revenue
        sync page.
      </p>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={tags()} fallback={<p class="muted">Loading…</p>}>
        {(t) => (
          <Show
            when={t().tags.length > 0}
            fallback={
              <p class="muted" data-testid="tag-routes-empty">
                No revenue rows stored yet: the first sync (scheduled, or Re-sync on the Revenue sync page) stores them. Test connection
                only previews.
              </p>
            }
          >
            <TableScroll label="Tags and where their revenue goes">
              <table class="grid">
                <thead>
                  <tr>
                    <th>{dimensionLabel() || "Tag"}</th>
                    <th class="num">Rows</th>
                    <th class="num">Clicks</th>
                    <th class="num">Registrations</th>
                    <th class="num">FTDs</th>
                    <Show when={!hidesFinancials()}>
                      <th class="num">Commission</th>
                    </Show>
                    <th>Goes to</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={t().tags}>
                    {(tag) => (
                      <tr data-tag={tag.value ?? ""} classList={{ unassigned: tag.siteId === null }}>
                        <td>{tag.value ?? <span class="muted">(no tag: direct)</span>}</td>
                        <td class="num">{fmtInt(tag.rows)}</td>
                        <td class="num">{fmtInt(tag.clicks)}</td>
                        <td class="num">{fmtInt(tag.registrations)}</td>
                        <td class="num">{fmtInt(tag.ftds)}</td>
                        <Show when={!hidesFinancials()}>
                          <td class="num">{money(tag.commission)}</td>
                        </Show>
                        <td>
                          <Show
                            when={tag.placement !== "click" && tag.value !== null}
                            fallback={
                              <span>{tag.placement === "click" ? `${tag.siteName ?? tag.siteId} (by click id)` : "Unassigned"}</span>
                            }
                          >
                            {/* Each option says whether it is selected: a `value` on the select is lost when
                                the site options re-render after a refetch (the select falls back to "Unassigned"). */}
                            <select
                              aria-label={`Site for ${tag.value}`}
                              disabled={busy() === tag.value}
                              onChange={(e) => assign(tag, e.currentTarget.value)}
                            >
                              <option value="" selected={tag.siteId === null}>
                                Unassigned
                              </option>
                              <For each={routes()?.sites ?? []}>
                                {(s) => (
                                  <option value={s.id} selected={s.id === tag.siteId}>
                                    {s.name}
                                  </option>
                                )}
                              </For>
                            </select>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
                <tfoot>
                  <tr>
                    <td>Offer total</td>
                    <td class="num">{fmtInt(t().totals.rows)}</td>
                    <td colSpan={3} />
                    <Show when={!hidesFinancials()}>
                      <td class="num">{money(t().totals.commission)}</td>
                    </Show>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          </Show>
        )}
      </Show>
    </section>
  );
}
