import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { PLATFORM_PRESETS, type PlatformId, postbackUrlFor } from "../../../shared/platforms";
import type { OfferSummary } from "../../../shared/report-types";
import { getOffers } from "../api";
import { Loaded } from "../components/Async";
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

export function CopyButton(props: { text: string; label?: string }) {
  const [done, setDone] = createSignal<"Copied" | "Copy failed" | null>(null);
  return (
    <button
      type="button"
      class="small"
      aria-label={done() ? undefined : props.label}
      onClick={async () => {
        const ok = await (navigator.clipboard?.writeText(props.text) ?? Promise.reject()).then(
          () => true,
          () => false,
        );
        setDone(ok ? "Copied" : "Copy failed");
        setTimeout(() => setDone(null), 1500);
      }}
    >
      {done() ?? "Copy"}
    </button>
  );
}

/** Offers: one commercial deal each; its platform, freshness and postback URLs. */
export function Offers() {
  const [offers, { refetch }] = createResource(getOffers);
  const sites = useSites();
  const siteName = (id: string) => sites()?.find((s) => s.id === id)?.name ?? id;
  const [open, setOpen] = createSignal<string | null>(null);

  return (
    <div class="page">
      <div class="toolbar">
        <h1>Offers</h1>
        <A href="/offers/new" class="button primary">
          New offer
        </A>
      </div>
      <p class="muted">
        One offer = one deal with one brand on one affiliate program. Its API Setup feeds the revenue layer (about 24 h behind); its
        postback URL feeds real-time conversions.
      </p>
      <Loaded data={offers} what="offers" retry={refetch}>
        {(list) => (
          <section class="card">
            <Show when={list().length > 0} fallback={<p class="muted">No offers yet. Create one to start tracking a deal.</p>}>
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
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list()}>
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
                          </tr>
                          <Show when={open() === o.id}>
                            <tr class="subrow" id={`pb-${o.id}`}>
                              <td colSpan={7}>
                                <p class="muted">
                                  Paste into {platformLabel(o.platform)} (one postback per event). Click ids go out in{" "}
                                  <code>{o.effectiveClickParam}</code> on the tracking link and come back in <code>click_id</code>.
                                </p>
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
