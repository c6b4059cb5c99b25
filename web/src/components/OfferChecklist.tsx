import { createMemo, createSignal, For, type JSX, Show, untrack } from "solid-js";
import type { OfferSummary } from "../../../shared/report-types";
import { platformLabel } from "../format";

type Offer = Pick<OfferSummary, "id" | "name" | "brand" | "platform" | "archivedAt">;

/** Whether every word of `query` appears in the offer's name, brand, platform, id or one of `extra` (e.g. its sites' names). */
export function offerMatches(o: Pick<Offer, "id" | "name" | "brand" | "platform">, query: string, extra: string[] = []): boolean {
  const hay = [o.name, o.brand, platformLabel(o.platform), o.id, ...extra].join(" ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/** Below this many offers the list is short enough to read whole: no search box. */
const SEARCH_FROM = 12;
/** Unticked matches drawn at once: a network's 2,000 offers as checkboxes would be a page nobody scrolls. */
const MAX_SHOWN = 50;

/**
 * The offers a site or a campaign carries, as checkboxes (an archived offer only while ticked). A short list
 * is drawn whole, in order. From SEARCH_FROM offers on, a search box narrows the list: the offers ticked when
 * the search last changed come first, then the unticked ones that match, of which at most MAX_SHOWN are drawn
 * with a line saying how many more match. Ticking does not reorder the list, so no row moves under the pointer.
 */
export function OfferChecklist<T extends Offer>(props: {
  offers: T[];
  selected: string[];
  onToggle: (id: string, on: boolean) => void;
  /** Something to say after an offer's name (e.g. what is missing on it). */
  note?: (o: T) => JSX.Element;
}) {
  const [query, setQuery] = createSignal("");
  const list = createMemo(() => {
    const q = query();
    const offers = props.offers;
    return untrack(() => {
      const ticked = offers.filter((o) => props.selected.includes(o.id));
      const others = offers.filter((o) => !o.archivedAt && !props.selected.includes(o.id) && offerMatches(o, q));
      return { ticked, others };
    });
  });
  const row = (o: T) => (
    <label>
      <input type="checkbox" checked={props.selected.includes(o.id)} onChange={(e) => props.onToggle(o.id, e.currentTarget.checked)} />{" "}
      {o.name}
      {props.note?.(o)}
    </label>
  );
  const long = () => props.offers.length >= SEARCH_FROM;
  return (
    <Show
      when={long()}
      fallback={
        <div class="checks">
          <For each={props.offers.filter((o) => !o.archivedAt || props.selected.includes(o.id))}>{row}</For>
        </div>
      }
    >
      <div class="offer-checklist">
        <input
          type="search"
          class="checklist-search"
          placeholder="Find an offer (name, brand, platform)"
          aria-label="Find an offer"
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <p class="muted checklist-count" data-testid="offers-selected-count">
          {props.selected.length} selected
        </p>
        <div class="checks" data-testid="offers-list">
          <For each={[...list().ticked, ...list().others.slice(0, MAX_SHOWN)]}>{row}</For>
        </div>
        <Show when={list().others.length > MAX_SHOWN}>
          <p class="muted" data-testid="offers-more">
            {MAX_SHOWN} of {list().others.length} other offers shown: type in the search box to find the rest.
          </p>
        </Show>
        <Show when={query().trim() !== "" && list().others.length === 0}>
          <p class="muted">No other offer matches “{query().trim()}”.</p>
        </Show>
      </div>
    </Show>
  );
}
