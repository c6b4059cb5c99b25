import { A, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { CasinoEntryView } from "../../../shared/entity-types";
import { Field } from "../components/Field";
import { listCasinoEntries, listSites, updateCasinoEntry } from "../entities-api";
import { createFieldErrors, Loaded, splitList } from "./entity-ui";
import "./entities.css";

/** Casino Entries: the player-facing brand of each offer (name, logo, bonus, payment methods, markets). */
export function CasinoEntries() {
  const [entries, { refetch }] = createResource(listCasinoEntries);
  const [sites] = createResource(() => listSites(true));
  const [search] = useSearchParams();
  const siteName = (id: string) => sites()?.find((s) => s.id === id)?.name ?? id;
  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>Casino entries</h1>
      </div>
      <p class="muted">
        Created with each offer; presentation only. An entry appears on the sites its offer is tagged to (edit that on the site or the
        offer).
      </p>
      <Loaded data={entries} what="casino entries">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <section class="card empty">
                <p>
                  No casino entries yet: each <A href="/offers/new">offer</A> creates one.
                </p>
              </section>
            }
          >
            <ul class="entity-list" data-testid="casino-entries">
              <For each={list}>
                {(e) => <EntryCard entry={e} siteName={siteName} open={search.offer === e.offerId} onSaved={refetch} />}
              </For>
            </ul>
          </Show>
        )}
      </Loaded>
    </div>
  );
}

function EntryCard(props: { entry: CasinoEntryView; siteName: (id: string) => string; open: boolean; onSaved: () => void }) {
  const [editing, setEditing] = createSignal(props.open);
  const [form, setForm] = createStore({
    name: props.entry.name,
    logoUrl: props.entry.logoUrl ?? "",
    bonusText: props.entry.bonusText ?? "",
    paymentMethods: props.entry.paymentMethods.join(", "),
    markets: props.entry.markets.join(", "),
  });
  const [saving, setSaving] = createSignal(false);
  const errs = createFieldErrors();
  const save = async (ev: Event) => {
    ev.preventDefault();
    errs.clear();
    setSaving(true);
    try {
      await updateCasinoEntry(props.entry.id, {
        name: form.name,
        logoUrl: form.logoUrl || null,
        bonusText: form.bonusText || null,
        paymentMethods: splitList(form.paymentMethods),
        markets: splitList(form.markets),
      });
      setEditing(false);
      props.onSaved();
    } catch (err) {
      errs.set(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <li class="card entity-row entry" id={props.entry.id} data-testid="casino-entry">
      <div class="entry-head">
        <Show when={props.entry.logoUrl}>{(src) => <img src={src()} alt="" class="logo" loading="lazy" />}</Show>
        <div>
          <span class="entity-name">{props.entry.name}</span>
          <Show when={props.entry.offerArchivedAt}>
            <span class="state state-archived">offer archived</span>
          </Show>
          <div class="muted">
            Offer <A href={`/offers/${props.entry.offerId}`}>{props.entry.offerName}</A>
          </div>
          <div class="muted">{props.entry.bonusText ?? "No bonus text"}</div>
          <div class="muted">
            Sites: {props.entry.siteIds.map(props.siteName).join(", ") || "none"} · Markets: {props.entry.markets.join(", ") || "—"} ·
            Payments: {props.entry.paymentMethods.join(", ") || "—"}
          </div>
        </div>
        <button
          type="button"
          class="small"
          onClick={() => setEditing(!editing())}
          aria-expanded={editing()}
          aria-label={`${editing() ? "Close" : "Edit"} ${props.entry.name}`}
        >
          {editing() ? "Close" : "Edit"}
        </button>
      </div>
      <Show when={editing()}>
        <form class="entity-form" onSubmit={save} novalidate>
          <div class="fields">
            <Field label="Brand name" error={errs.of("name")}>
              {(a) => <input {...a} name="name" value={form.name} onInput={(e) => setForm("name", e.currentTarget.value)} />}
            </Field>
            <Field label="Logo URL" error={errs.of("logoUrl")}>
              {(a) => (
                <input {...a} name="logoUrl" type="url" value={form.logoUrl} onInput={(e) => setForm("logoUrl", e.currentTarget.value)} />
              )}
            </Field>
            <Field label="Welcome bonus" error={errs.of("bonusText")} wide>
              {(a) => <input {...a} name="bonusText" value={form.bonusText} onInput={(e) => setForm("bonusText", e.currentTarget.value)} />}
            </Field>
            <Field label="Payment methods (comma-separated)" error={errs.of("paymentMethods")}>
              {(a) => (
                <input
                  {...a}
                  name="paymentMethods"
                  value={form.paymentMethods}
                  onInput={(e) => setForm("paymentMethods", e.currentTarget.value)}
                />
              )}
            </Field>
            <Field label="Markets (country codes, comma-separated)" error={errs.of("markets")}>
              {(a) => <input {...a} name="markets" value={form.markets} onInput={(e) => setForm("markets", e.currentTarget.value)} />}
            </Field>
          </div>
          <div class="actions">
            <button type="submit" disabled={saving()}>
              {saving() ? "Saving…" : "Save"}
            </button>
            <Show when={errs.message()}>
              <span class="error" role="alert">
                {errs.message()}
              </span>
            </Show>
          </div>
        </form>
      </Show>
    </li>
  );
}
