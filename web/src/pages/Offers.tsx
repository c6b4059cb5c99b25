import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { PLATFORM_PRESETS, type PlatformId, postbackUrlFor, txidNoteFor } from "../../../shared/platforms";
import type { OfferSummary } from "../../../shared/report-types";
import { getOffers } from "../api";
import { Loaded } from "../components/Async";
import { CopyButton } from "../components/CopyButton";
import { offerMatches } from "../components/OfferChecklist";
import { Pager } from "../components/Pager";
import { PostbackKeysNote } from "../components/PostbackKeysNote";
import { archiveOffer, cloneOffer } from "../entities-api";
import { fmtAgo, fmtDateTime, platformLabel, words } from "../format";
import { useSites } from "../sites";
import "./offers.css";
import { TableScroll } from "../components/TableScroll";

export { platformLabel };

/**
 * The offer's revenue sync state: "not set up" while its API Setup is incomplete (it is not failing: it
 * never ran), "no connector" when CasinoFlux cannot pull its platform, else ok / late / failing / never synced.
 */
export function StateBadge(props: { offer: Pick<OfferSummary, "freshness" | "apiSetupComplete" | "hasConnector"> }) {
  const state = () => {
    if (!props.offer.hasConnector) return "no_connector";
    if (!props.offer.apiSetupComplete) return "not_set_up";
    return props.offer.freshness?.state ?? "never_synced";
  };
  const title = () => (state() === "not_set_up" ? "Finish the API Setup to pull revenue" : (props.offer.freshness?.lastError ?? ""));
  return (
    <span class="badges">
      <span class={`state state-${state()}`} title={title()} data-testid="offer-state">
        {words(state())}
      </span>
    </span>
  );
}

/** The ready-to-paste postback URL for each event the offer's platform sends. */
export function postbackUrls(o: Pick<OfferSummary, "platform" | "postbackKey" | "postbackEvents">): { event: string; url: string }[] {
  const preset = PLATFORM_PRESETS[o.platform as PlatformId];
  if (!preset) return [];
  const events = o.postbackEvents.filter((e) => preset.events.includes(e));
  return (events.length ? events : preset.events).map((event) => ({
    event,
    url: postbackUrlFor(location.origin, o.postbackKey, o.platform as PlatformId, event),
  }));
}

/** Rows per page: a network's 2,000 offers would otherwise be one very long page. */
const PAGE_SIZE = 50;

/** Offers: one commercial deal each; its platform, freshness and postback URLs. */
export function Offers() {
  const [offers, { refetch }] = createResource(getOffers);
  const [showArchived, setShowArchived] = createSignal(false);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      refetch();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };
  const sites = useSites();
  const siteName = (id: string) => sites()?.find((s) => s.id === id)?.name ?? id;
  const [open, setOpen] = createSignal<string | null>(null);
  const [query, setQuery] = createSignal("");
  const [page, setPage] = createSignal(1);
  const shown = () =>
    (offers() ?? []).filter((o) => (showArchived() || !o.archivedAt) && offerMatches(o, query(), o.siteIds.map(siteName)));
  // The page may have emptied (an offer archived, a search narrowed): show the last page that has rows.
  const pageNo = () => Math.min(page(), Math.max(1, Math.ceil(shown().length / PAGE_SIZE)));
  const pageRows = () => shown().slice((pageNo() - 1) * PAGE_SIZE, pageNo() * PAGE_SIZE);
  const navigate = useNavigate();
  // A clone opens at once: its name says "Copy of …" and its API credentials are not copied, so both want editing.
  const clone = (id: string) =>
    act(async () => {
      const copy = await cloneOffer(id);
      navigate(`/offers/${copy.id}?cloned=1`);
    });

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Offers</h1>
        <label class="inline-check">
          <input
            type="checkbox"
            checked={showArchived()}
            onChange={(e) => {
              setShowArchived(e.currentTarget.checked);
              setPage(1);
            }}
          />{" "}
          Show archived
        </label>
        <A href="/offers/new" class="button primary">
          New offer
        </A>
      </div>
      <p class="muted">
        One offer = one deal with one brand on one affiliate program. Its API Setup feeds the revenue layer (about 24 h behind); its
        postback URL feeds real-time conversions.
      </p>
      <Show when={actionError()}>
        <p class="error" role="alert">
          {actionError()}
        </p>
      </Show>
      <Loaded data={offers} what="offers" retry={refetch}>
        {(list) => (
          <section class="card">
            <Show when={list().length > 0} fallback={<p class="muted">No offers yet. Create one to start tracking a deal.</p>}>
              <div class="list-search">
                <input
                  type="search"
                  placeholder="Search by name, brand, platform or site"
                  aria-label="Search offers"
                  data-testid="offer-search"
                  value={query()}
                  onInput={(e) => {
                    setQuery(e.currentTarget.value);
                    setPage(1);
                  }}
                />
              </div>
              <Show when={shown().length === 0}>
                <p class="muted" role="status" data-testid="offers-none">
                  {query().trim() ? `No offer matches “${query().trim()}”.` : "Every offer is archived: tick “Show archived” to see them."}
                </p>
              </Show>
              <Show when={shown().length > PAGE_SIZE}>
                <Pager page={pageNo()} pageSize={PAGE_SIZE} total={shown().length} onPage={setPage} />
              </Show>
              <TableScroll label="Offers">
                <table class="grid" data-testid="offers-table">
                  <thead>
                    <tr>
                      <th>Offer</th>
                      <th>Platform</th>
                      <th>Brand</th>
                      <th>Sites</th>
                      <th>Revenue sync</th>
                      <th>Last sync</th>
                      <th>Postbacks</th>
                      <th>Manage</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={pageRows()}>
                      {(o) => (
                        <>
                          <tr data-testid="offer-row" data-offer={o.id}>
                            <td>
                              <A href={`/offers/${o.id}`}>{o.name}</A>
                            </td>
                            <td>{platformLabel(o.platform)}</td>
                            <td>{o.brand}</td>
                            <td>{o.siteIds.map(siteName).join(", ") || "—"}</td>
                            <td>
                              <StateBadge offer={o} />
                            </td>
                            <td title={fmtDateTime(o.freshness?.lastSuccessAt)}>{fmtAgo(o.freshness?.lastSuccessAt ?? null)}</td>
                            <td>
                              <button
                                type="button"
                                class="small"
                                aria-expanded={open() === o.id}
                                aria-controls={`pb-${o.id}`}
                                onClick={() => setOpen(open() === o.id ? null : o.id)}
                              >
                                {open() === o.id ? "Hide URLs" : "Postback URLs"}
                              </button>
                            </td>
                            <td class="manage">
                              <A href={`/casino-entries?offer=${o.id}`}>Casino entry</A>
                              <button type="button" class="small" onClick={() => clone(o.id)}>
                                Clone
                              </button>
                              <button type="button" class="small" onClick={() => act(() => archiveOffer(o.id, !o.archivedAt))}>
                                {o.archivedAt ? "Restore" : "Archive"}
                              </button>
                            </td>
                          </tr>
                          <Show when={open() === o.id}>
                            <tr class="subrow" id={`pb-${o.id}`}>
                              <td colSpan={8}>
                                <p class="muted">
                                  Paste into {platformLabel(o.platform)} (one postback per event). Click ids go out in{" "}
                                  <code>{o.effectiveClickParam}</code> on the tracking link and come back in <code>click_id</code>.
                                </p>
                                <Show when={txidNoteFor(o.platform as PlatformId)}>
                                  {(note) => (
                                    <p class="muted small" data-testid="postback-txid-note">
                                      {note()}
                                    </p>
                                  )}
                                </Show>
                                <ul class="pb-urls">
                                  <For each={postbackUrls(o)}>
                                    {(p) => (
                                      <li>
                                        <span class="pb-event">{words(p.event)}</span>
                                        <code data-testid="postback-url">{p.url}</code>
                                        <CopyButton text={p.url} label={`Copy the ${p.event} postback URL`} />
                                      </li>
                                    )}
                                  </For>
                                </ul>
                                <PostbackKeysNote kind="offer" />
                              </td>
                            </tr>
                          </Show>
                        </>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableScroll>
            </Show>
          </section>
        )}
      </Loaded>
    </div>
  );
}
