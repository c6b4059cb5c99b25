import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { Field } from "../../components/Field";
import type { OfferForm } from "./form";

/** The offer's Casino Entry: what visitors see for this brand (presentation only). */
export function CasinoSection(props: { f: OfferForm }) {
  const f = props.f;
  // A getter, so the spread input follows the form (a plain value would be read once).
  const text = (key: "casinoName" | "casinoLogoUrl" | "casinoBonusText" | "casinoPaymentMethods" | "casinoMarkets") => ({
    name: key,
    get value() {
      return f.form[key];
    },
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement }) => f.setForm(key, e.currentTarget.value),
  });
  return (
    <section class="card" aria-labelledby="offer-casino">
      <h2 id="offer-casino">Casino Entry</h2>
      <p class="muted">What visitors see for this brand (presentation only).</p>
      <Show when={f.offerId()}>{(offerId) => <A href={`/casino-entries?offer=${offerId()}`}>Open in Casino entries</A>}</Show>
      <div class="fields">
        <Field label="Casino name" error={f.err("casino.name")} help="Defaults to the brand.">
          {(a) => <input {...a} placeholder={f.form.brand} {...text("casinoName")} />}
        </Field>
        <Field label="Logo URL" error={f.err("casino.logoUrl")}>
          {(a) => <input {...a} type="url" {...text("casinoLogoUrl")} />}
        </Field>
        <Field label="Bonus text" error={f.err("casino.bonusText")} wide>
          {(a) => <input {...a} {...text("casinoBonusText")} />}
        </Field>
        <Field label="Payment methods" error={f.err("casino.paymentMethods")} help="Comma-separated.">
          {(a) => <input {...a} {...text("casinoPaymentMethods")} />}
        </Field>
        <Field label="Markets" error={f.err("casino.markets")} help="Country codes, comma-separated.">
          {(a) => <input {...a} placeholder="GB, DE" {...text("casinoMarkets")} />}
        </Field>
      </div>
    </section>
  );
}
