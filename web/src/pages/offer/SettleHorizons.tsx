/**
 * Settle horizons of one saved offer: when its platform publishes a day and how long each metric
 * family stays open to restatement (shared/settle.ts). Self-contained: props { offerId, onSaved? }; it loads
 * the offer, saves with PATCH /api/offers/:id { settleHorizons } and shows the API's field errors.
 * It renders no <form>, so it can sit inside the offer editor's form.
 */
import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { PlatformId } from "../../../../shared/platforms";
import {
  describeHorizon,
  METRIC_FAMILIES,
  METRIC_FAMILY_LABELS,
  type MetricFamily,
  PLATFORM_SETTLE_DEFAULTS,
  type SettleHorizon,
  type SettleOverride,
} from "../../../../shared/settle";
import { FieldsError, getOffer, updateOffer } from "../../api";
import "../offers.css";

type Kind = "default" | SettleHorizon["kind"];
interface FamilyForm {
  kind: Kind;
  value: string;
}

export function SettleHorizons(props: { offerId: string; onSaved?: () => void }) {
  const [offer, { mutate }] = createResource(() => props.offerId, getOffer);
  const [delay, setDelay] = createSignal("");
  const [families, setFamilies] = createStore<Record<MetricFamily, FamilyForm>>({
    activity: { kind: "default", value: "" },
    earnings: { kind: "default", value: "" },
  });
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [message, setMessage] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  // The form shows the offer's own override; empty / "platform default" means the default applies.
  createEffect(() => {
    const o = offer();
    if (!o) return;
    const own = o.settleHorizons;
    setDelay(own?.publishDelayHours === undefined ? "" : String(own.publishDelayHours));
    for (const f of METRIC_FAMILIES) {
      const h = own?.horizons?.[f];
      setFamilies(f, h ? { kind: h.kind, value: String(h.kind === "days" ? h.days : h.graceDays) } : { kind: "default", value: "" });
    }
  });

  const defaults = () => PLATFORM_SETTLE_DEFAULTS[(offer()?.platform ?? "generic") as PlatformId];
  const err = (field: string) => errors()[`settleHorizons.${field}`] ?? "";

  /** The override as typed; a field that is not a whole number goes as text so the API names it. */
  const override = (): SettleOverride => {
    const num = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : (v as unknown as number));
    const horizons: NonNullable<NonNullable<SettleOverride>["horizons"]> = {};
    for (const f of METRIC_FAMILIES) {
      const x = families[f];
      if (x.kind === "days") horizons[f] = { kind: "days", days: num(x.value) };
      else if (x.kind === "month_close") horizons[f] = { kind: "month_close", graceDays: num(x.value) };
    }
    const out: NonNullable<SettleOverride> = {};
    if (delay().trim() !== "") out.publishDelayHours = num(delay());
    if (Object.keys(horizons).length) out.horizons = horizons;
    return Object.keys(out).length ? out : null;
  };

  const save = async (value: SettleOverride) => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const updated = await updateOffer(props.offerId, { settleHorizons: value });
      mutate(updated);
      props.onSaved?.();
      setMessage("Saved. Day states and “complete through” follow the new horizons at once.");
    } catch (e) {
      if (e instanceof FieldsError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      else setMessage(`Could not save: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  // Enter in a field saves the horizons, not an enclosing form (e.g. the offer editor's).
  const enterSaves = (e: KeyboardEvent) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    void save(override());
  };

  return (
    <section class="card settle-horizons" data-testid="settle-horizons">
      <h2>When days settle</h2>
      <p class="muted">
        A platform day is <em>not yet reported</em> until the platform publishes it, then <em>provisional</em> while the operator may still
        restate it, and <em>settled</em> once a pull has seen it after its horizon. Leave a field empty to use the platform's default.
      </p>
      <Show when={offer()} fallback={<p class="muted">Loading…</p>}>
        {(o) => (
          <>
            <div class="fields">
              <div class="field" classList={{ invalid: !!err("publishDelayHours") }}>
                <span class="field-label">Publishing delay (hours after the day ends)</span>
                <input
                  name="publishDelayHours"
                  inputmode="numeric"
                  value={delay()}
                  placeholder={String(defaults().publishDelayHours)}
                  onInput={(e) => setDelay(e.currentTarget.value)}
                  onKeyDown={enterSaves}
                />
                <Show when={err("publishDelayHours")}>
                  <span class="field-error">{err("publishDelayHours")}</span>
                </Show>
                <span class="field-help muted">
                  days end in {o().platformTimezone}; now {o().settleSettings.publishDelayHours} h
                </span>
              </div>
              <For each={[...METRIC_FAMILIES]}>
                {(f) => {
                  const field = () => (families[f].kind === "month_close" ? `horizons.${f}.graceDays` : `horizons.${f}.days`);
                  return (
                    <div class="field" classList={{ invalid: !!err(field()) || !!err(`horizons.${f}`) }}>
                      <span class="field-label">
                        {METRIC_FAMILY_LABELS[f].label} <span class="muted">({METRIC_FAMILY_LABELS[f].help})</span>
                      </span>
                      <select
                        aria-label={`${METRIC_FAMILY_LABELS[f].label}: horizon`}
                        name={`${f}-kind`}
                        value={families[f].kind}
                        onChange={(e) => setFamilies(f, "kind", e.currentTarget.value as Kind)}
                      >
                        <option value="default">Platform default: {describeHorizon(defaults().horizons[f])}</option>
                        <option value="days">Days after the day</option>
                        <option value="month_close">Until the month closes</option>
                      </select>
                      <Show when={families[f].kind !== "default"}>
                        <input
                          name={`${f}-value`}
                          inputmode="numeric"
                          aria-label={families[f].kind === "days" ? "days" : "days into the next month"}
                          value={families[f].value}
                          placeholder={families[f].kind === "days" ? "days, e.g. 7" : "days into the next month, e.g. 10"}
                          onInput={(e) => setFamilies(f, "value", e.currentTarget.value)}
                          onKeyDown={enterSaves}
                        />
                      </Show>
                      <Show when={err(field()) || err(`horizons.${f}`)}>
                        <span class="field-error">{err(field()) || err(`horizons.${f}`)}</span>
                      </Show>
                      <span class="field-help muted">now: {describeHorizon(o().settleSettings.horizons[f])}</span>
                    </div>
                  );
                }}
              </For>
            </div>
            <div class="actions">
              <button type="button" disabled={busy()} onClick={() => save(override())}>
                Save horizons
              </button>
              <button type="button" class="secondary" disabled={busy() || o().settleHorizons === null} onClick={() => save(null)}>
                Use platform defaults
              </button>
              <Show when={message()}>
                <span class="muted" data-testid="settle-message">
                  {message()}
                </span>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
