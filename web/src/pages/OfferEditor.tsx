import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, type JSX, Match, on, Show, Switch } from "solid-js";
import { createStore } from "solid-js/store";
import { type ApiSetupField, apiSetupFor, parseFieldValue } from "../../../shared/api-setup";
import { PLATFORM_IDS, PLATFORM_PRESETS, type PlatformId } from "../../../shared/platforms";
import type { OfferDetail, TestConnectionResult } from "../../../shared/report-types";
import { createOffer, FieldsError, getOffer, getSites, type OfferInput, testConnection, updateOffer } from "../api";
import { fmtInt } from "../format";
import { postbackUrls, StateBadge } from "./Offers";
import "./offers.css";

type DealType = "" | "cpa" | "revshare" | "hybrid" | "other";

interface Form {
  name: string;
  platform: PlatformId;
  brand: string;
  merchant: string;
  channel: string;
  campaignTag: string;
  trackingUrl: string;
  clickParam: string;
  postbackEvents: string[];
  siteIds: string[];
  ipAllowlist: string;
  platformTimezone: string;
  accountCurrency: string;
  syncEnabled: boolean;
  cadenceHours: string;
  dealType: DealType;
  dealCpa: string;
  dealCurrency: string;
  dealRevsharePct: string;
  dealBaseline: string;
  dealNotes: string;
  casinoName: string;
  casinoLogoUrl: string;
  casinoBonusText: string;
  casinoPaymentMethods: string;
  casinoMarkets: string;
  /** Current text of each API Setup field (secrets start empty: they are never sent to the browser). */
  setup: Record<string, string>;
  /** Secret fields the user asked to remove. */
  clearedSecrets: string[];
}

const EMPTY: Form = {
  name: "",
  platform: "affilka",
  brand: "",
  merchant: "",
  channel: "",
  campaignTag: "",
  trackingUrl: "",
  clickParam: "",
  postbackEvents: [...PLATFORM_PRESETS.affilka.events],
  siteIds: [],
  ipAllowlist: "",
  platformTimezone: "UTC",
  accountCurrency: "",
  syncEnabled: true,
  cadenceHours: "24",
  dealType: "",
  dealCpa: "",
  dealCurrency: "",
  dealRevsharePct: "",
  dealBaseline: "",
  dealNotes: "",
  casinoName: "",
  casinoLogoUrl: "",
  casinoBonusText: "",
  casinoPaymentMethods: "",
  casinoMarkets: "",
  setup: {},
  clearedSecrets: [],
};

const list = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
const orNull = (s: string) => (s.trim() ? s.trim() : null);

function configText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v, null, 2);
  return String(v);
}

function formFrom(o: OfferDetail): Form {
  const setup: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.apiSetup.config)) setup[k] = configText(v);
  return {
    name: o.name,
    platform: o.platform as PlatformId,
    brand: o.brand,
    merchant: o.merchant ?? "",
    channel: o.channel ?? "",
    campaignTag: o.campaignTag ?? "",
    trackingUrl: o.trackingUrl,
    clickParam: o.clickParam ?? "",
    postbackEvents: [...o.postbackEvents],
    siteIds: [...o.siteIds],
    ipAllowlist: o.ipAllowlist.join("\n"),
    platformTimezone: o.platformTimezone,
    accountCurrency: o.accountCurrency ?? "",
    syncEnabled: o.syncEnabled,
    cadenceHours: String(o.cadenceHours),
    dealType: o.deal.type ?? "",
    dealCpa: o.deal.cpa ?? "",
    dealCurrency: o.deal.currency ?? "",
    dealRevsharePct: o.deal.revsharePct ?? "",
    dealBaseline: o.deal.baseline ?? "",
    dealNotes: o.deal.notes ?? "",
    casinoName: o.casino?.name ?? "",
    casinoLogoUrl: o.casino?.logoUrl ?? "",
    casinoBonusText: o.casino?.bonusText ?? "",
    casinoPaymentMethods: (o.casino?.paymentMethods ?? []).join(", "),
    casinoMarkets: (o.casino?.markets ?? []).join(", "),
    setup,
    clearedSecrets: [],
  };
}

let timeZones: string[] | null = null;
function allTimeZones(): string[] {
  timeZones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
  return timeZones;
}

/** Create or edit an offer: details, deal notes, Casino Entry, and the per-platform API Setup with Test connection. */
export function OfferEditor() {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const id = () => (params.id && params.id !== "new" ? params.id : null);
  const [offer, { mutate: setOffer }] = createResource(id, getOffer);
  const [sites] = createResource(getSites);
  const [form, setForm] = createStore<Form>(structuredClone(EMPTY));
  const [errors, setErrors] = createStore<Record<string, string>>({});
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal<string | null>(null);
  const [formError, setFormError] = createSignal<string | null>(null);
  const [testing, setTesting] = createSignal(false);
  const [test, setTest] = createSignal<TestConnectionResult | null>(null);
  const [testError, setTestError] = createSignal<string | null>(null);

  createEffect(
    on(offer, (o) => {
      if (o) setForm(formFrom(o));
    }),
  );

  const setup = createMemo(() => apiSetupFor(form.platform));
  const savedSecrets = () => (offer()?.platform === form.platform ? (offer()?.apiSetup.secrets ?? {}) : {});
  const savedConfig = () => (offer()?.platform === form.platform ? (offer()?.apiSetup.config ?? {}) : {});
  const preset = () => PLATFORM_PRESETS[form.platform];
  const inAlternatives = (key: string) => (setup().alternatives ?? []).some((g) => g.includes(key));

  function changePlatform(p: PlatformId) {
    setForm({
      platform: p,
      postbackEvents: form.postbackEvents.filter((e) => PLATFORM_PRESETS[p].events.includes(e)),
      setup: p === offer()?.platform ? formFrom(offer() as OfferDetail).setup : {},
      clearedSecrets: [],
    });
    setTest(null);
  }

  function checkSetupField(f: ApiSetupField) {
    const v = form.setup[f.key] ?? "";
    const r = v.trim() ? parseFieldValue(f, v) : { ok: true as const };
    setErrors(`apiSetup.${f.key}`, r.ok ? "" : r.message);
  }

  function apiSetupPayload(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of setup().fields) {
      const v = (form.setup[f.key] ?? "").trim();
      if (f.kind === "secret") {
        if (form.clearedSecrets.includes(f.key)) out[f.key] = null;
        else if (v) out[f.key] = v;
      } else if (v) out[f.key] = v;
      else if (f.key in savedConfig()) out[f.key] = "";
    }
    return out;
  }

  function payload(): OfferInput {
    const cadence = Number(form.cadenceHours);
    return {
      name: form.name,
      platform: form.platform,
      brand: form.brand,
      merchant: orNull(form.merchant),
      channel: orNull(form.channel),
      campaignTag: orNull(form.campaignTag),
      trackingUrl: form.trackingUrl,
      clickParam: orNull(form.clickParam),
      postbackEvents: form.postbackEvents,
      siteIds: form.siteIds,
      ipAllowlist: list(form.ipAllowlist),
      platformTimezone: form.platformTimezone,
      accountCurrency: orNull(form.accountCurrency),
      syncEnabled: form.syncEnabled,
      cadenceHours: Number.isInteger(cadence) ? cadence : 24,
      deal: {
        type: form.dealType || null,
        cpa: orNull(form.dealCpa),
        currency: orNull(form.dealCurrency),
        revsharePct: orNull(form.dealRevsharePct),
        baseline: orNull(form.dealBaseline),
        notes: orNull(form.dealNotes),
      },
      casino: {
        ...(form.casinoName.trim() ? { name: form.casinoName.trim() } : {}),
        logoUrl: orNull(form.casinoLogoUrl),
        bonusText: orNull(form.casinoBonusText),
        paymentMethods: list(form.casinoPaymentMethods),
        markets: list(form.casinoMarkets).map((m) => m.toUpperCase()),
      },
      apiSetup: apiSetupPayload(),
    };
  }

  function showFieldErrors(err: unknown, fallback: (m: string) => void) {
    if (err instanceof FieldsError && err.fields.length) {
      const next: Record<string, string> = {};
      for (const f of err.fields) next[f.field] = f.message;
      setErrors(next);
    }
    fallback(err instanceof Error ? err.message : String(err));
  }

  async function save(e: Event) {
    e.preventDefault();
    setSaving(true);
    setSaved(null);
    setFormError(null);
    setErrors({});
    try {
      const current = id();
      const o = current ? await updateOffer(current, payload()) : await createOffer(payload());
      setOffer(o);
      setForm(formFrom(o));
      setSaved("Saved.");
      if (!current) navigate(`/offers/${o.id}`, { replace: true });
    } catch (err) {
      showFieldErrors(err, setFormError);
    } finally {
      setSaving(false);
    }
  }

  async function runTest() {
    setTesting(true);
    setTest(null);
    setTestError(null);
    setErrors({});
    try {
      setTest(
        await testConnection(id(), {
          platform: form.platform,
          ...(form.brand.trim() ? { brand: form.brand.trim() } : {}),
          campaignTag: orNull(form.campaignTag),
          platformTimezone: form.platformTimezone,
          accountCurrency: orNull(form.accountCurrency),
          apiSetup: apiSetupPayload(),
        }),
      );
    } catch (err) {
      showFieldErrors(err, setTestError);
    } finally {
      setTesting(false);
    }
  }

  const err = (k: string) => errors[k] || "";

  return (
    <div class="page offer-editor">
      <div class="toolbar">
        <h1>{id() ? (offer()?.name ?? "Offer") : "New offer"}</h1>
        <Show when={offer()}>{(o) => <StateBadge offer={o()} />}</Show>
        <A href="/offers">All offers</A>
      </div>
      <Show when={offer.error}>
        <p class="error">Could not load the offer: {String((offer.error as Error).message)}</p>
      </Show>
      <Show when={!id() || offer()} fallback={<p class="muted">Loading…</p>}>
        <form onSubmit={save} class="offer-form" novalidate>
          <section class="card">
            <h2>Deal</h2>
            <div class="fields">
              <Field label="Name" error={err("name")}>
                <input name="name" value={form.name} onInput={(e) => setForm("name", e.currentTarget.value)} required />
              </Field>
              <Field label="Platform" error={err("platform")}>
                <select name="platform" value={form.platform} onChange={(e) => changePlatform(e.currentTarget.value as PlatformId)}>
                  <For each={PLATFORM_IDS}>{(p) => <option value={p}>{PLATFORM_PRESETS[p].label}</option>}</For>
                </select>
              </Field>
              <Field label="Brand" error={err("brand")}>
                <input name="brand" value={form.brand} onInput={(e) => setForm("brand", e.currentTarget.value)} />
              </Field>
              <Field label="Merchant" error={err("merchant")}>
                <input value={form.merchant} onInput={(e) => setForm("merchant", e.currentTarget.value)} />
              </Field>
              <Field label="Channel" error={err("channel")}>
                <input value={form.channel} onInput={(e) => setForm("channel", e.currentTarget.value)} />
              </Field>
              <Field
                label="Campaign tag"
                error={err("campaignTag")}
                help="The campaign / marketing source on the operator account this deal is tagged with. Without it a pull mixes every deal on the account."
              >
                <input name="campaignTag" value={form.campaignTag} onInput={(e) => setForm("campaignTag", e.currentTarget.value)} />
              </Field>
              <Field label="Tracking URL" error={err("trackingUrl")} wide help="The link the operator gave you.">
                <input
                  name="trackingUrl"
                  value={form.trackingUrl}
                  placeholder="https://…"
                  onInput={(e) => setForm("trackingUrl", e.currentTarget.value)}
                />
              </Field>
              <Field label="Click id parameter" error={err("clickParam")} help={`Default for ${preset().label}: ${preset().clickParam}`}>
                <input
                  value={form.clickParam}
                  placeholder={preset().clickParam}
                  onInput={(e) => setForm("clickParam", e.currentTarget.value)}
                />
              </Field>
              <Field label="Postback events" error={err("postbackEvents")} wide>
                <div class="checks">
                  <For each={preset().events}>
                    {(ev) => (
                      <label>
                        <input
                          type="checkbox"
                          checked={form.postbackEvents.includes(ev)}
                          onChange={(e) =>
                            setForm(
                              "postbackEvents",
                              e.currentTarget.checked ? [...form.postbackEvents, ev] : form.postbackEvents.filter((x) => x !== ev),
                            )
                          }
                        />{" "}
                        {ev}
                      </label>
                    )}
                  </For>
                </div>
              </Field>
              <Field label="Sites" error={err("siteIds")} wide>
                <div class="checks">
                  <For each={sites() ?? []}>
                    {(s) => (
                      <label>
                        <input
                          type="checkbox"
                          checked={form.siteIds.includes(s.id)}
                          onChange={(e) =>
                            setForm("siteIds", e.currentTarget.checked ? [...form.siteIds, s.id] : form.siteIds.filter((x) => x !== s.id))
                          }
                        />{" "}
                        {s.name}
                      </label>
                    )}
                  </For>
                </div>
              </Field>
            </div>
            <Show when={offer()}>
              {(o) => (
                <div class="pb-block">
                  <strong>Postback URLs</strong>
                  <ul class="pb-urls">
                    <For each={postbackUrls(o())}>
                      {(p) => (
                        <li>
                          <span class="pb-event">{p.event}</span>
                          <code>{p.url}</code>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              )}
            </Show>
          </section>

          <section class="card" data-testid="api-setup">
            <h2>API Setup — {preset().label}</h2>
            <p class="muted">{setup().intro}</p>
            <Show when={setup().alternativesMessage}>
              <p class="muted">Required: {setup().alternativesMessage}.</p>
            </Show>
            <div class="fields">
              <Field label="Platform timezone" error={err("platformTimezone")} help="The zone the platform's report days are in.">
                <input
                  name="platformTimezone"
                  list="tz-list"
                  value={form.platformTimezone}
                  onInput={(e) => setForm("platformTimezone", e.currentTarget.value)}
                />
                <datalist id="tz-list">
                  <For each={allTimeZones()}>{(z) => <option value={z} />}</For>
                </datalist>
              </Field>
              <Field label="Account currency" error={err("accountCurrency")} help="Used when the platform's report carries no currency.">
                <input
                  name="accountCurrency"
                  value={form.accountCurrency}
                  maxLength={3}
                  placeholder="EUR"
                  onInput={(e) => setForm("accountCurrency", e.currentTarget.value.toUpperCase())}
                />
              </Field>
              <For each={setup().fields.filter((f) => !f.advanced)}>
                {(f) => (
                  <SetupInput
                    field={f}
                    value={form.setup[f.key] ?? ""}
                    error={err(`apiSetup.${f.key}`)}
                    saved={savedSecrets()[f.key] ?? null}
                    cleared={form.clearedSecrets.includes(f.key)}
                    alternative={inAlternatives(f.key)}
                    onInput={(v) => setForm("setup", f.key, v)}
                    onBlur={() => checkSetupField(f)}
                    onClear={(yes) =>
                      setForm("clearedSecrets", yes ? [...form.clearedSecrets, f.key] : form.clearedSecrets.filter((k) => k !== f.key))
                    }
                  />
                )}
              </For>
            </div>
            <details class="advanced">
              <summary>Advanced</summary>
              <div class="fields">
                <For each={setup().fields.filter((f) => f.advanced)}>
                  {(f) => (
                    <SetupInput
                      field={f}
                      value={form.setup[f.key] ?? ""}
                      error={err(`apiSetup.${f.key}`)}
                      saved={savedSecrets()[f.key] ?? null}
                      cleared={form.clearedSecrets.includes(f.key)}
                      alternative={inAlternatives(f.key)}
                      onInput={(v) => setForm("setup", f.key, v)}
                      onBlur={() => checkSetupField(f)}
                      onClear={(yes) =>
                        setForm("clearedSecrets", yes ? [...form.clearedSecrets, f.key] : form.clearedSecrets.filter((k) => k !== f.key))
                      }
                    />
                  )}
                </For>
                <Field label="Sync every (hours)" error={err("cadenceHours")}>
                  <input
                    type="number"
                    min="1"
                    max="168"
                    value={form.cadenceHours}
                    onInput={(e) => setForm("cadenceHours", e.currentTarget.value)}
                  />
                </Field>
                <Field label="Scheduled sync" error={err("syncEnabled")}>
                  <label>
                    <input type="checkbox" checked={form.syncEnabled} onChange={(e) => setForm("syncEnabled", e.currentTarget.checked)} />{" "}
                    enabled
                  </label>
                </Field>
                <Field
                  label="Postback IP allowlist"
                  error={err("ipAllowlist")}
                  wide
                  help="One IP or IPv4 CIDR per line; empty accepts any."
                >
                  <textarea rows="2" value={form.ipAllowlist} onInput={(e) => setForm("ipAllowlist", e.currentTarget.value)} />
                </Field>
              </div>
            </details>
            <div class="actions">
              <button type="button" onClick={runTest} disabled={testing()} data-testid="test-connection">
                {testing() ? "Testing…" : "Test connection"}
              </button>
              <span class="muted">
                Pulls the last 3 days with these settings (saved or not) and shows what would be imported. Nothing is stored.
              </span>
            </div>
            <Show when={testError()}>
              <p class="error" data-testid="test-error">
                {testError()}
              </p>
            </Show>
            <Show when={test()}>{(t) => <TestResult result={t()} />}</Show>
          </section>

          <section class="card">
            <h2>Deal notes</h2>
            <p class="muted">For reference only: earnings always come from the platform's report.</p>
            <div class="fields">
              <Field label="Deal type" error={err("deal.type")}>
                <select value={form.dealType} onChange={(e) => setForm("dealType", e.currentTarget.value as DealType)}>
                  <option value="">—</option>
                  <option value="cpa">CPA</option>
                  <option value="revshare">Rev-share</option>
                  <option value="hybrid">Hybrid</option>
                  <option value="other">Other</option>
                </select>
              </Field>
              <Field label="CPA amount" error={err("deal.cpa")}>
                <input
                  value={form.dealCpa}
                  placeholder="100.00"
                  inputMode="decimal"
                  onInput={(e) => setForm("dealCpa", e.currentTarget.value)}
                />
              </Field>
              <Field label="Deal currency" error={err("deal.currency")}>
                <input
                  value={form.dealCurrency}
                  maxLength={3}
                  placeholder="EUR"
                  onInput={(e) => setForm("dealCurrency", e.currentTarget.value.toUpperCase())}
                />
              </Field>
              <Field label="Rev-share %" error={err("deal.revsharePct")}>
                <input value={form.dealRevsharePct} placeholder="35" onInput={(e) => setForm("dealRevsharePct", e.currentTarget.value)} />
              </Field>
              <Field label="Baseline" error={err("deal.baseline")}>
                <input value={form.dealBaseline} placeholder="FTD ≥ €20" onInput={(e) => setForm("dealBaseline", e.currentTarget.value)} />
              </Field>
              <Field label="Notes" error={err("deal.notes")} wide>
                <textarea rows="2" value={form.dealNotes} onInput={(e) => setForm("dealNotes", e.currentTarget.value)} />
              </Field>
            </div>
          </section>

          <section class="card">
            <h2>Casino Entry</h2>
            <p class="muted">What visitors see for this brand (presentation only).</p>
            <Show when={id()}>{(offerId) => <A href={`/casino-entries?offer=${offerId()}`}>Open in Casino entries</A>}</Show>
            <div class="fields">
              <Field label="Name" error={err("casino.name")} help="Defaults to the brand.">
                <input value={form.casinoName} placeholder={form.brand} onInput={(e) => setForm("casinoName", e.currentTarget.value)} />
              </Field>
              <Field label="Logo URL" error={err("casino.logoUrl")}>
                <input value={form.casinoLogoUrl} onInput={(e) => setForm("casinoLogoUrl", e.currentTarget.value)} />
              </Field>
              <Field label="Bonus text" error={err("casino.bonusText")} wide>
                <input value={form.casinoBonusText} onInput={(e) => setForm("casinoBonusText", e.currentTarget.value)} />
              </Field>
              <Field label="Payment methods" error={err("casino.paymentMethods")} help="Comma-separated.">
                <input value={form.casinoPaymentMethods} onInput={(e) => setForm("casinoPaymentMethods", e.currentTarget.value)} />
              </Field>
              <Field label="Markets" error={err("casino.markets")} help="Country codes, comma-separated.">
                <input value={form.casinoMarkets} placeholder="GB, DE" onInput={(e) => setForm("casinoMarkets", e.currentTarget.value)} />
              </Field>
            </div>
          </section>

          <div class="actions sticky">
            <button type="submit" class="primary" disabled={saving()} data-testid="save-offer">
              {saving() ? "Saving…" : id() ? "Save changes" : "Create offer"}
            </button>
            <Show when={saved()}>
              <span class="ok">{saved()}</span>
            </Show>
            <Show when={formError()}>
              <span class="error" role="alert">
                {formError()}
              </span>
            </Show>
          </div>
        </form>
      </Show>
    </div>
  );
}

function Field(props: { label: string; error: string; help?: string; wide?: boolean; children: JSX.Element }) {
  return (
    <div class="field" classList={{ wide: !!props.wide, invalid: !!props.error }}>
      <span class="field-label">{props.label}</span>
      {props.children}
      <Show when={props.error}>
        <span class="field-error">{props.error}</span>
      </Show>
      <Show when={props.help}>
        <span class="field-help muted">{props.help}</span>
      </Show>
    </div>
  );
}

function SetupInput(props: {
  field: ApiSetupField;
  value: string;
  error: string;
  saved: { set: true; masked: string | null } | null;
  cleared: boolean;
  /** Part of an either/or group (e.g. export URL, or base URL + token). */
  alternative: boolean;
  onInput: (v: string) => void;
  onBlur: () => void;
  onClear: (yes: boolean) => void;
}) {
  const f = () => props.field;
  const label = () => `${f().label}${f().required || props.alternative ? "" : " (optional)"}${f().kind === "secret" ? " · secret" : ""}`;
  const placeholder = () => (props.saved && !props.cleared ? "Saved — leave empty to keep, or paste a new value" : (f().placeholder ?? ""));
  return (
    <Field label={label()} error={props.error} help={f().help} wide={f().input === "url" || f().input === "json"}>
      <Switch>
        <Match when={f().input === "select"}>
          <select
            name={`setup-${f().key}`}
            value={props.value}
            onChange={(e) => props.onInput(e.currentTarget.value)}
            onBlur={() => props.onBlur()}
          >
            <option value="">—</option>
            <For each={f().options ?? []}>{(o) => <option value={o.value}>{o.label}</option>}</For>
          </select>
        </Match>
        <Match when={f().input === "json"}>
          <textarea
            name={`setup-${f().key}`}
            rows="5"
            class="mono"
            value={props.value}
            placeholder={f().placeholder}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            onBlur={() => props.onBlur()}
          />
        </Match>
        <Match when={true}>
          <input
            name={`setup-${f().key}`}
            type={f().input === "password" ? "password" : f().input === "number" ? "number" : "text"}
            autocomplete={f().kind === "secret" ? "off" : undefined}
            class={f().input === "url" ? "mono" : ""}
            value={props.value}
            placeholder={placeholder()}
            disabled={props.cleared}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            onBlur={() => props.onBlur()}
          />
        </Match>
      </Switch>
      <Show when={props.saved}>
        {(s) => (
          <span class="saved-secret">
            <Show when={!props.cleared} fallback={<span class="muted">Will be removed on save. </span>}>
              <span>Saved{s().masked ? ": " : ""}</span>
              <Show when={s().masked}>
                <code>{s().masked}</code>
              </Show>{" "}
            </Show>
            <button type="button" class="link-dark" onClick={() => props.onClear(!props.cleared)}>
              {props.cleared ? "Keep" : "Remove"}
            </button>
          </span>
        )}
      </Show>
    </Field>
  );
}

type Failed = Extract<TestConnectionResult, { ok: false }>;
type Passed = Extract<TestConnectionResult, { ok: true }>;

function TestResult(props: { result: TestConnectionResult }) {
  const failed = (): Failed | null => (props.result.ok ? null : props.result);
  const passed = (): Passed | null => (props.result.ok ? props.result : null);
  return (
    <Switch>
      <Match when={failed()}>
        {(r) => (
          <div class="test-result test-error" data-testid="test-error" role="alert">
            <strong>{r().error.title}</strong>
            <p>{r().error.message}</p>
            <Show when={r().error.hint}>
              <p class="muted">{r().error.hint}</p>
            </Show>
            <p class="muted">
              {r().window.from} → {r().window.to} ({r().timezone}){r().error.httpStatus ? ` · HTTP ${r().error.httpStatus}` : ""}
              {r().error.retryAfterSeconds ? ` · retry after ${r().error.retryAfterSeconds}s` : ""}
            </p>
            <Show when={r().error.raw}>
              <details>
                <summary>What the platform answered (secrets removed)</summary>
                <pre>{r().error.raw}</pre>
              </details>
            </Show>
          </div>
        )}
      </Match>
      <Match when={passed()}>
        {(r) => (
          <div class="test-result test-ok" data-testid="test-preview">
            <strong>
              Connected: {fmtInt(r().rowCount)} row{r().rowCount === 1 ? "" : "s"} would be imported
            </strong>
            <p class="muted">
              {r().dateRange ? `${r().dateRange?.first} → ${r().dateRange?.last}` : `${r().window.from} → ${r().window.to}`} · days in{" "}
              {r().timezone} · {r().currencies.join(", ") || "no currency"} · {fmtInt(r().totals.registrations)} registrations ·{" "}
              {fmtInt(r().totals.ftds)} FTDs
              {r().totals.commission.length
                ? ` · commission ${r()
                    .totals.commission.map((c) => `${c.currency} ${c.amount}`)
                    .join(", ")}`
                : ""}{" "}
              · {r().durationMs} ms
            </p>
            <Show when={r().note}>
              <p class="provisional">{r().note}</p>
            </Show>
            <Show when={r().rows.length > 0}>
              <table class="grid compact">
                <thead>
                  <tr>
                    <th>Day</th>
                    <th>Brand</th>
                    <th>Campaign</th>
                    <th>Clicks</th>
                    <th>Reg.</th>
                    <th>FTDs</th>
                    <th>Qualified</th>
                    <th>Deposits</th>
                    <th>NGR</th>
                    <th>Commission</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().rows}>
                    {(row) => (
                      <tr>
                        <td>{row.reportDate}</td>
                        <td>{row.brand ?? "—"}</td>
                        <td>{row.campaign ?? "—"}</td>
                        <td>{fmtInt(row.clicks)}</td>
                        <td>{fmtInt(row.registrations)}</td>
                        <td>{fmtInt(row.ftds)}</td>
                        <td>{fmtInt(row.qualified)}</td>
                        <td>{row.deposits === null ? "—" : `${row.currency} ${row.deposits}`}</td>
                        <td>{row.ngr === null ? "—" : `${row.currency} ${row.ngr}`}</td>
                        <td>{row.commission === null ? "—" : `${row.currency} ${row.commission}`}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={r().rowCount > r().rows.length}>
                <p class="muted">
                  First {r().rows.length} of {fmtInt(r().rowCount)} rows.
                </p>
              </Show>
            </Show>
          </div>
        )}
      </Match>
    </Switch>
  );
}
