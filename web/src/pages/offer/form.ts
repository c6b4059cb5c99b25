/**
 * The offer editor's form state: the text the inputs hold, how it is built from a saved offer, and how it
 * becomes the API payload; plus the save / test-connection actions with their field errors.
 */
import { useNavigate } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, on } from "solid-js";
import { createStore } from "solid-js/store";
import { type ApiSetupField, apiSetupFor, parseFieldValue } from "../../../../shared/api-setup";
import { PLATFORM_PRESETS, type PlatformId } from "../../../../shared/platforms";
import { POSTBACK_EVENT_TYPES, type PostbackEventType } from "../../../../shared/postback-events";
import type { PostbackKeyState } from "../../../../shared/postback-keys";
import type { OfferDetail, TestConnectionResult } from "../../../../shared/report-types";
import { createOffer, FieldsError, getOffer, type OfferInput, testConnection, updateOffer } from "../../api";
import { messagesFor } from "../../field-errors";

/** A checked event as the API's type: one the API does not know is refused here, never dropped. */
function eventType(e: string): PostbackEventType {
  const known = POSTBACK_EVENT_TYPES.find((t) => t === e);
  if (!known)
    throw new FieldsError(400, "invalid_input", `Unknown postback event ${e}`, [
      { field: "postbackEvents", message: `unknown event ${e}` },
    ]);
  return known;
}

export type DealType = "" | "cpa" | "revshare" | "hybrid" | "other";

export interface Form {
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
export const orNull = (s: string) => (s.trim() ? s.trim() : null);

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
export function allTimeZones(): string[] {
  timeZones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
  return timeZones;
}

/** Form state and actions of one offer editor (`/offers/new` or `/offers/:id`). */
export function createOfferForm(offerId: () => string | null) {
  const navigate = useNavigate();
  const [resource, { mutate: setOffer }] = createResource(offerId, getOffer);
  /** The saved offer, or undefined while loading / after an error (reading a failed resource would throw). */
  const offer = () => (resource.error ? undefined : resource());
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
  const samePlatform = () => offer()?.platform === form.platform;
  const savedSecrets = () => (samePlatform() ? (offer()?.apiSetup.secrets ?? {}) : {});
  const savedConfig = () => (samePlatform() ? (offer()?.apiSetup.config ?? {}) : {});
  const preset = () => PLATFORM_PRESETS[form.platform];

  function changePlatform(p: PlatformId) {
    setForm({
      platform: p,
      postbackEvents: form.postbackEvents.filter((e) => PLATFORM_PRESETS[p].events.includes(e)),
      setup: p === offer()?.platform ? formFrom(offer() as OfferDetail).setup : {},
      clearedSecrets: [],
    });
    setTest(null);
  }

  /** Adds or removes one value of a list field (checkbox groups). */
  function toggle(key: "postbackEvents" | "siteIds" | "clearedSecrets", value: string, on: boolean) {
    setForm(key, on ? [...form[key].filter((x) => x !== value), value] : form[key].filter((x) => x !== value));
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
      postbackEvents: form.postbackEvents.map(eventType),
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
      const current = offerId();
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
        await testConnection(offerId(), {
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

  return {
    offerId,
    offer,
    /** After a key rotation: the saved offer with its new key (the postback URLs follow it). */
    setKeyState: (state: PostbackKeyState) => setOffer((o) => (o ? { ...o, ...state } : o)),
    /** Why the saved offer could not be loaded, if it could not. */
    loadError: () => resource.error as unknown,
    form,
    setForm,
    /** The API's message for a field path ("name", "deal.cpa", "apiSetup.reportUrl"), or "". */
    err: (k: string) =>
      messagesFor(
        Object.entries(errors).map(([field, message]) => ({ field, message })),
        k,
      ) ?? "",
    setup,
    preset,
    savedSecrets,
    changePlatform,
    toggle,
    checkSetupField,
    save,
    saving,
    saved,
    formError,
    runTest,
    testing,
    test,
    testError,
  };
}

export type OfferForm = ReturnType<typeof createOfferForm>;
