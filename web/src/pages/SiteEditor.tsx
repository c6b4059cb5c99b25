import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, type JSX, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { SiteDetail } from "../../../shared/entity-types";
import { getOffers } from "../api";
import { CopyButton } from "../components/CopyButton";
import { Field } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { OfferChecklist } from "../components/OfferChecklist";
import { archiveSite, createSite, getSite, updateSite } from "../entities-api";
import { fmtAgo } from "../format";
import { refreshSites } from "../sites";
import { ClickFlagsCard } from "./ClickFlags";
import { createFieldErrors, Loaded, splitList } from "./entity-ui";
import "./entities.css";

interface Form {
  name: string;
  domains: string;
  market: string;
  locale: string;
  timezone: string;
  offerIds: string[];
}

const guessTz = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const EMPTY = (): Form => ({ name: "", domains: "", market: "", locale: "en", timezone: guessTz(), offerIds: [] });
const formOf = (s: SiteDetail): Form => ({
  name: s.name,
  domains: s.domains.join("\n"),
  market: s.market,
  locale: s.locale,
  timezone: s.timezone,
  offerIds: [...s.offerIds],
});
const zones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
})();

/** Create or edit a site: domains, market, locale, reporting timezone, tagged offers; its snippet and installation check. */
export function SiteEditor() {
  const params = useParams();
  const navigate = useNavigate();
  const isNew = () => params.id === "new";
  const [site, { mutate, refetch }] = createResource(
    () => (isNew() ? null : params.id),
    (id) => getSite(id),
  );
  const [offers] = createResource(getOffers);
  const [form, setForm] = createStore<Form>(EMPTY());
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const errs = createFieldErrors();
  createEffect(() => {
    const s = site();
    if (s) setForm(formOf(s));
  });

  const save = async (e: Event) => {
    e.preventDefault();
    errs.clear();
    setSaved(false);
    setSaving(true);
    const input = {
      name: form.name,
      domains: splitList(form.domains),
      market: form.market,
      locale: form.locale,
      timezone: form.timezone,
      offerIds: form.offerIds,
    };
    try {
      if (isNew()) {
        const created = await createSite(input);
        // The cached sites query feeds every site picker (offer editor, Site Overview): it must see the new site.
        void refreshSites();
        navigate(`/sites/${created.id}`);
      } else {
        mutate(await updateSite(params.id ?? "", input));
        void refreshSites();
        setSaved(true);
      }
    } catch (err) {
      errs.set(err);
    } finally {
      setSaving(false);
    }
  };

  const toggleArchive = async (s: SiteDetail) => {
    errs.clear();
    try {
      mutate(await archiveSite(s.id, s.archivedAt === null));
      void refreshSites();
    } catch (err) {
      errs.set(err);
    }
  };

  const formView = () => (
    <form class="card entity-form" onSubmit={save} data-testid="site-form" novalidate>
      <Show when={!isNew()}>
        <h2>Settings</h2>
      </Show>
      <div class="fields">
        <Field label="Name" error={errs.of("name")}>
          {(a) => <input {...a} name="name" value={form.name} onInput={(e) => setForm("name", e.currentTarget.value)} required />}
        </Field>
        <Field label="Market (country code)" error={errs.of("market")} help="e.g. GB, DE, NL">
          {(a) => (
            <input {...a} name="market" value={form.market} maxLength={2} onInput={(e) => setForm("market", e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Locale" error={errs.of("locale")} help="e.g. en, de, en-GB">
          {(a) => <input {...a} name="locale" value={form.locale} onInput={(e) => setForm("locale", e.currentTarget.value)} />}
        </Field>
        <Field
          label="Reporting timezone"
          error={errs.of("timezone")}
          help="Site Analytics and the live counters count this site's days in it; Site Overview and Site Report use your own reporting timezone (Settings → Profile)."
        >
          {(a) => (
            <input
              {...a}
              name="timezone"
              list="tz-list"
              value={form.timezone}
              onInput={(e) => setForm("timezone", e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          label="Domains (one per line)"
          error={errs.of("domains")}
          wide
          help="The snippet only counts pages on these hostnames and their subdomains."
        >
          {(a) => (
            <textarea {...a} name="domains" rows={3} value={form.domains} onInput={(e) => setForm("domains", e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <fieldset class="checks-box">
        <legend>Offers on this site</legend>
        <Show when={offers.error}>
          <p class="error">Could not load offers: {String((offers.error as Error).message)}</p>
        </Show>
        <Show when={offers()} fallback={<p class="muted">Loading offers…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="muted">No offers yet.</p>}>
              <OfferChecklist
                offers={list()}
                selected={form.offerIds}
                onToggle={(id, on) => setForm("offerIds", (ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)))}
              />
            </Show>
          )}
        </Show>
        <Show when={errs.of("offerIds")}>
          <p class="field-error">{errs.of("offerIds")}</p>
        </Show>
      </fieldset>
      <datalist id="tz-list">
        <For each={zones}>{(z) => <option value={z} />}</For>
      </datalist>
      <FormActions saving={saving()} label={isNew() ? "Create site" : "Save"} saved={saved()} error={errs.message()} />
    </form>
  );

  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>{isNew() ? "New site" : (site()?.name ?? "Site")}</h1>
        <A href="/sites">All sites</A>
      </div>
      <Show
        when={isNew()}
        fallback={
          <Loaded data={site} what="the site">
            {(s) => <SiteBody site={s} onArchive={toggleArchive} onRefresh={refetch} form={formView()} />}
          </Loaded>
        }
      >
        {formView()}
      </Show>
    </div>
  );
}

/** Hosts the snippet skips without data-dev (web/snippet/s.ts). */
const isLocalHost = (d: string) => /^(localhost|127(\.\d+){3}|\[::1\])$/.test(d);

function SiteBody(props: { site: SiteDetail; onArchive: (s: SiteDetail) => void; onRefresh: () => void; form: JSX.Element }) {
  const inst = () => props.site.installation;
  return (
    <>
      <Show when={props.site.archivedAt}>
        <p class="card notice" role="status">
          This site is archived: it is hidden from lists and its snippet no longer counts visits. Its tracking links, postbacks and data are
          kept.
        </p>
      </Show>
      <section class="card" data-testid="snippet">
        <h2>Snippet</h2>
        <p class="muted">Paste into every page's &lt;head&gt;. It counts page views, engagement and offer clicks — no cookies.</p>
        <div class="copy-row">
          <code data-testid="snippet-tag">{props.site.snippet}</code>
          <CopyButton text={props.site.snippet} label="Copy snippet" testid="copy-snippet" />
        </div>
        <Show when={props.site.domains.some(isLocalHost)}>
          {/* The snippet skips local hosts (and automated browsers) unless told: a local test page would stay silent. */}
          <p class="muted" data-testid="snippet-local-hint">
            Testing on {props.site.domains.filter(isLocalHost).join(" or ")}? The snippet ignores local hosts unless its tag has{" "}
            <code>data-dev</code>: <code>{props.site.snippet.replace("></script>", " data-dev></script>")}</code>
          </p>
        </Show>
        <p data-testid="installation">
          <Show when={inst().lastBeaconAt !== null} fallback={<span class="state state-never_synced">No beacon seen yet</span>}>
            <span class="state state-ok">Installed</span> Last beacon seen{" "}
            {inst().precision === "live"
              ? fmtAgo(inst().lastBeaconAt)
              : `in the hour of ${new Date(inst().lastBeaconAt ?? 0).toLocaleString()}`}
          </Show>{" "}
          <button type="button" class="small" onClick={() => props.onRefresh()}>
            Check again
          </button>
        </p>
        <p class="muted small-print">
          Public key <code>{props.site.publicKey}</code> · click-id prefix <code>{props.site.hubCode}</code>
        </p>
      </section>
      {props.form}
      <ClickFlagsCard siteId={props.site.id} timezone={props.site.timezone} />
      <section class="card">
        <h2>Campaigns</h2>
        <Show
          when={props.site.campaigns.length > 0}
          fallback={<p class="muted">None. A site with offers works without campaigns (Fast Launch); campaigns add postbacks.</p>}
        >
          <ul class="plain">
            <For each={props.site.campaigns}>
              {(c) => (
                <li>
                  <A href={`/campaigns/${c.id}`}>{c.name}</A>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <A href={`/campaigns/new?site=${props.site.id}`} class="button">
          New campaign for this site
        </A>
      </section>
      <section class="card danger-zone">
        <h2>{props.site.archivedAt ? "Restore" : "Archive"}</h2>
        <button type="button" data-testid="archive-site" onClick={() => props.onArchive(props.site)}>
          {props.site.archivedAt ? "Restore site" : "Archive site"}
        </button>
      </section>
    </>
  );
}
