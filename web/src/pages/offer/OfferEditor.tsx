import { A, useParams, useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { errorMessage } from "../../components/Async";
import { StateBadge } from "../Offers";
import { ApiSetupSection } from "./ApiSetupSection";
import { CasinoSection } from "./CasinoSection";
import { DealNotesSection } from "./DealNotesSection";
import { DetailsSection } from "./DetailsSection";
import { EventMapping } from "./EventMapping";
import { createOfferForm } from "./form";
import { TagRoutes } from "./TagRoutes";
import "../offers.css";

/** Create or edit an offer: details, API Setup with Test connection, deal notes, Casino Entry, where its revenue rows go (tag routes) and its postback event mapping. */
export function OfferEditor() {
  const params = useParams<{ id?: string }>();
  const f = createOfferForm(() => (params.id && params.id !== "new" ? params.id : null));
  const [search] = useSearchParams();
  return (
    <div class="page offer-editor">
      <div class="toolbar">
        <h1>{f.offerId() ? (f.offer()?.name ?? "Offer") : "New offer"}</h1>
        <Show when={f.offer()}>{(o) => <StateBadge offer={o()} />}</Show>
        <A href="/offers">All offers</A>
      </div>
      <Show
        when={!f.loadError()}
        fallback={
          <p class="error" role="alert" data-testid="load-error">
            Could not load the offer: {errorMessage(f.loadError())}
          </p>
        }
      >
        <Show
          when={!f.offerId() || f.offer()}
          fallback={
            <p class="muted" role="status">
              Loading the offer…
            </p>
          }
        >
          <Show when={search.cloned && f.offerId()}>
            <p class="cloned-note" role="status" data-testid="cloned-note">
              This offer is a copy, with a new postback key. Give it its own name, and re-enter its API credentials in API Setup:
              credentials are never copied.
            </p>
          </Show>
          <form onSubmit={f.save} class="offer-form" novalidate aria-label="Offer">
            <DetailsSection f={f} />
            <ApiSetupSection f={f} />
            <DealNotesSection f={f} />
            <CasinoSection f={f} />
            <div class="actions sticky">
              <button type="submit" class="primary" disabled={f.saving()} data-testid="save-offer">
                {f.saving() ? "Saving…" : f.offerId() ? "Save changes" : "Create offer"}
              </button>
              <span aria-live="polite">
                <Show when={f.saved()}>
                  <span class="ok">{f.saved()}</span>
                </Show>
              </span>
              <Show when={f.formError()}>
                <span class="error" role="alert">
                  {f.formError()}
                </span>
              </Show>
            </div>
          </form>
          {/* Saved separately from the form: each section talks to its own API route. */}
          <Show when={f.offerId()}>
            {(id) => (
              <>
                <TagRoutes offerId={id()} />
                <EventMapping offerId={id()} />
              </>
            )}
          </Show>
        </Show>
      </Show>
    </div>
  );
}
