import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { type CampaignStatus, FORWARDABLE_PARAMS } from "../../../shared/entities";
import type { CampaignDetail, RoundTripResult } from "../../../shared/entity-types";
import { getOffers } from "../api";
import { CopyButton } from "../components/CopyButton";
import { Field } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { OfferChecklist } from "../components/OfferChecklist";
import { PostbackKeysNote } from "../components/PostbackKeysNote";
import { RotateKey } from "../components/RotateKey";
import {
  type CampaignInput,
  createCampaign,
  createLink,
  deleteLink,
  getCampaign,
  listSites,
  listSources,
  testCampaign,
  updateCampaign,
} from "../entities-api";
import { createFieldErrors, Loaded } from "./entity-ui";
import "./entities.css";

interface Form {
  name: string;
  siteId: string;
  trafficSourceId: string;
  offerIds: string[];
  status: CampaignStatus;
  forwardParams: string[];
}

const formOf = (c: CampaignDetail): Form => ({
  name: c.name,
  siteId: c.siteId,
  trafficSourceId: c.trafficSourceId ?? "",
  offerIds: [...c.offerIds],
  status: c.status,
  forwardParams: [...c.forwardParams],
});

/** Create or edit a campaign; its tracking links, ready-to-paste postback URLs and a test round trip. */
export function CampaignEditor() {
  const params = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const isNew = () => params.id === "new";
  const [campaign, { mutate, refetch }] = createResource(
    () => (isNew() ? null : params.id),
    (id) => getCampaign(id),
  );
  const [sites] = createResource(() => listSites(true));
  const [sources] = createResource(() => listSources());
  const [offers] = createResource(getOffers);
  const [form, setForm] = createStore<Form>({
    name: "",
    siteId: typeof search.site === "string" ? search.site : "",
    trafficSourceId: "",
    offerIds: [],
    status: "active",
    forwardParams: [],
  });
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const errs = createFieldErrors();
  createEffect(() => {
    const c = campaign();
    if (c) setForm(formOf(c));
  });
  createEffect(() => {
    const list = sites();
    const first = list?.find((s) => !s.archivedAt);
    if (isNew() && !form.siteId && first) setForm("siteId", first.id);
  });

  const save = async (e: Event) => {
    e.preventDefault();
    errs.clear();
    setSaved(false);
    setSaving(true);
    const input: CampaignInput = {
      name: form.name,
      siteId: form.siteId,
      trafficSourceId: form.trafficSourceId || null,
      offerIds: form.offerIds,
      status: form.status,
      forwardParams: form.forwardParams,
    };
    try {
      if (isNew()) {
        const created = await createCampaign(input);
        navigate(`/campaigns/${created.id}`);
      } else {
        mutate(await updateCampaign(params.id ?? "", input));
        setSaved(true);
      }
    } catch (err) {
      errs.set(err);
    } finally {
      setSaving(false);
    }
  };

  const toggle = (key: "offerIds" | "forwardParams", value: string, on: boolean) =>
    setForm(key, (xs) => (on ? [...xs, value] : xs.filter((x) => x !== value)));

  const formView = () => (
    <form class="card entity-form" onSubmit={save} data-testid="campaign-form" novalidate>
      <Show when={!isNew()}>
        <h2>Settings</h2>
      </Show>
      <div class="fields">
        <Field label="Name" error={errs.of("name")}>
          {(a) => <input {...a} name="name" value={form.name} onInput={(e) => setForm("name", e.currentTarget.value)} />}
        </Field>
        <Field label="Site" error={errs.of("siteId")}>
          {(a) => (
            <select {...a} name="siteId" value={form.siteId} onChange={(e) => setForm("siteId", e.currentTarget.value)}>
              <Show when={!form.siteId}>
                <option value="">Choose a site…</option>
              </Show>
              {/* `selected` per option: the options arrive after the value, and a select does not re-apply it. */}
              <For each={(sites() ?? []).filter((s) => !s.archivedAt || s.id === form.siteId)}>
                {(s) => (
                  <option value={s.id} selected={s.id === form.siteId}>
                    {s.name}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Field label="Traffic source" error={errs.of("trafficSourceId")}>
          {(a) => (
            <select
              {...a}
              name="trafficSourceId"
              value={form.trafficSourceId}
              onChange={(e) => setForm("trafficSourceId", e.currentTarget.value)}
            >
              <option value="">None (organic / SEO)</option>
              <For each={(sources() ?? []).filter((s) => !s.archivedAt || s.id === form.trafficSourceId)}>
                {(s) => (
                  <option value={s.id} selected={s.id === form.trafficSourceId}>
                    {s.name}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Field label="Status" error={errs.of("status")}>
          {(a) => (
            <select {...a} name="status" value={form.status} onChange={(e) => setForm("status", e.currentTarget.value as CampaignStatus)}>
              <option value="active">Active</option>
              <option value="paused">Paused</option>
              <option value="archived">Archived</option>
            </select>
          )}
        </Field>
      </div>
      <Show when={sites.error || sources.error || offers.error}>
        <p class="error" role="alert">
          Could not load the choices: {String(((sites.error ?? sources.error ?? offers.error) as Error).message)}
        </p>
      </Show>
      <fieldset class="checks-box" data-testid="campaign-offers">
        <legend>Offers</legend>
        <Show when={offers()} fallback={<p class="muted">Loading offers…</p>}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <p class="muted">
                  No offers yet: <A href="/offers/new">add one</A> first.
                </p>
              }
            >
              <OfferChecklist
                offers={list()}
                selected={form.offerIds}
                onToggle={(id, on) => toggle("offerIds", id, on)}
                note={(o) => (
                  <Show when={!o.accountCurrency}>
                    <span class="muted">
                      {" "}
                      (no account currency — <A href={`/offers/${o.id}`}>set it on the offer</A>)
                    </span>
                  </Show>
                )}
              />
            </Show>
          )}
        </Show>
        <Show when={errs.of("offerIds")}>
          <p class="field-error" role="alert">
            {errs.of("offerIds")}
          </p>
        </Show>
      </fieldset>
      <fieldset class="checks-box">
        <legend>Parameters forwarded to the operator</legend>
        <p class="muted field-help">
          Incoming sub-ids and UTM parameters passed on by every link of this campaign (the placement is never forwarded).
        </p>
        <div class="checks">
          <For each={FORWARDABLE_PARAMS}>
            {(p) => (
              <label>
                <input
                  type="checkbox"
                  checked={form.forwardParams.includes(p)}
                  onChange={(e) => toggle("forwardParams", p, e.currentTarget.checked)}
                />{" "}
                <code>{p}</code>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <FormActions saving={saving()} label={isNew() ? "Create campaign" : "Save"} saved={saved()} error={errs.message()} />
    </form>
  );

  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>{isNew() ? "New campaign" : (campaign()?.name ?? "Campaign")}</h1>
        <A href="/campaigns">All campaigns</A>
      </div>
      <Show when={!isNew()} fallback={formView()}>
        <Loaded data={campaign} what="the campaign">
          {(c) => (
            <>
              <Links campaign={c} onChange={refetch} />
              <PostbackUrls campaign={c} onRotated={refetch} />
              <RoundTrip campaign={c} />
              {formView()}
            </>
          )}
        </Loaded>
      </Show>
    </div>
  );
}

function Links(props: { campaign: CampaignDetail; onChange: () => void }) {
  const [offerId, setOfferId] = createSignal(props.campaign.offerIds[0] ?? "");
  const [slug, setSlug] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errs = createFieldErrors();
  const add = async (e: Event) => {
    e.preventDefault();
    errs.clear();
    setBusy(true);
    try {
      await createLink({ campaignId: props.campaign.id, offerId: offerId(), slug: slug().trim() || undefined });
      setSlug("");
      props.onChange();
    } catch (err) {
      errs.set(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string, s: string) => {
    if (!confirm(`Delete /go/${s}? Visitors following it will see "This link does not exist".`)) return;
    errs.clear();
    try {
      await deleteLink(id);
      props.onChange();
    } catch (err) {
      errs.set(err);
    }
  };
  return (
    <section class="card" data-testid="campaign-links">
      <h2>Tracking links</h2>
      <Show when={props.campaign.links.length > 0} fallback={<p class="muted">No links yet. Create one per offer you promote.</p>}>
        <ul class="link-list">
          <For each={props.campaign.links}>
            {(l) => (
              <li data-testid="link-row">
                <div class="link-main">
                  <code data-testid="link-url">{l.url}</code>
                  <span class="muted">{l.offerName}</span>
                </div>
                <div class="link-actions">
                  <CopyButton text={l.url} label={`Copy link ${l.slug}`} />
                  <button type="button" class="small" onClick={() => remove(l.id, l.slug)} aria-label={`Delete link ${l.slug}`}>
                    Delete
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="inline-form" onSubmit={add} data-testid="new-link">
        <Field label="Offer" error={errs.of("offerId")}>
          {(a) => (
            <select {...a} name="offerId" value={offerId()} onChange={(e) => setOfferId(e.currentTarget.value)}>
              <For each={props.campaign.offers}>
                {(o) => (
                  <option value={o.id} selected={o.id === offerId()}>
                    {o.name}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Field label="Slug (optional)" error={errs.of("slug")}>
          {(a) => <input {...a} name="slug" value={slug()} placeholder="auto" onInput={(e) => setSlug(e.currentTarget.value)} />}
        </Field>
        <button type="submit" disabled={busy() || !offerId()}>
          {busy() ? "Creating…" : "Create link"}
        </button>
      </form>
      <Show when={errs.message()}>
        <p class="error" role="alert">
          {errs.message()}
        </p>
      </Show>
    </section>
  );
}

function PostbackUrls(props: { campaign: CampaignDetail; onRotated: () => void }) {
  return (
    <section class="card" data-testid="campaign-postbacks">
      <h2>Postback URLs</h2>
      <p class="muted">
        Paste into each platform, one per event. Amounts sent without a currency are booked in the offer's account currency.
      </p>
      <Show when={props.campaign.postbackUrls.length > 0} fallback={<p class="muted">Add an offer to get its postback URLs.</p>}>
        <ul class="pb-list">
          <For each={props.campaign.postbackUrls}>
            {(u) => (
              <li>
                <div class="pb-head">
                  <strong>{u.platformLabel}</strong> <span class="pb-event">{u.event}</span>
                </div>
                <div class="copy-row">
                  <code data-testid="campaign-postback-url">{u.url}</code>
                  <CopyButton text={u.url} label={`Copy the ${u.platformLabel} ${u.event} postback URL`} />
                </div>
                <Show when={u.txidNote}>
                  {(note) => (
                    <p class="muted small" data-testid="postback-txid-note">
                      {note()}
                    </p>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <PostbackKeysNote kind="campaign" />
      <RotateKey
        kind="campaigns"
        id={props.campaign.id}
        previousKeyExpiresAt={props.campaign.previousKeyExpiresAt}
        onRotated={props.onRotated}
      />
    </section>
  );
}

function RoundTrip(props: { campaign: CampaignDetail }) {
  const [result, setResult] = createSignal<RoundTripResult | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await testCampaign(props.campaign.id));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card">
      <h2>Test click &amp; test postback</h2>
      <p class="muted">
        Clicks a tracking link and sends this campaign's postback URL back with the click id, through the real /go and /pb. Test traffic is
        never counted.
      </p>
      <button type="button" onClick={run} disabled={busy()} data-testid="run-round-trip">
        {busy() ? "Testing…" : "Run test"}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={result()}>
        {(r) => (
          <div class={`test-result ${r().ok ? "test-ok" : "test-error"}`} data-testid="round-trip-result" role="status">
            <p>{r().summary}</p>
            <p>
              Click: <code>/go/{r().click.slug}</code> → {r().click.status}, click id <code>{r().click.clickId ?? "none"}</code> in{" "}
              <code>{r().click.clickParam}</code>
            </p>
            <Show when={r().postback}>
              {(p) => (
                <p>
                  Postback: {p().status} · {p().outcome ?? "—"} {p().reason ? `(${p().reason})` : ""} {p().error ?? ""}
                  <br />
                  <code class="wrap">{p().url}</code>
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
