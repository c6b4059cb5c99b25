import { Field } from "../../components/Field";
import type { DealType, OfferForm } from "./form";

/** The deal's terms, for reference only: earnings always come from the platform's report. */
export function DealNotesSection(props: { f: OfferForm }) {
  const f = props.f;
  // A getter, so the spread input follows the form (a plain value would be read once).
  const text = (key: "dealCpa" | "dealRevsharePct" | "dealBaseline") => ({
    get value() {
      return f.form[key];
    },
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement }) => f.setForm(key, e.currentTarget.value),
  });
  return (
    <section class="card" aria-labelledby="offer-deal-notes">
      <h2 id="offer-deal-notes">Deal notes</h2>
      <p class="muted">For reference only: earnings always come from the platform's report.</p>
      <div class="fields">
        <Field label="Deal type" error={f.err("deal.type")}>
          {(a) => (
            <select
              {...a}
              name="dealType"
              value={f.form.dealType}
              onChange={(e) => f.setForm("dealType", e.currentTarget.value as DealType)}
            >
              <option value="">—</option>
              <option value="cpa">CPA</option>
              <option value="revshare">Rev-share</option>
              <option value="hybrid">Hybrid</option>
              <option value="other">Other</option>
            </select>
          )}
        </Field>
        <Field label="CPA amount" error={f.err("deal.cpa")}>
          {(a) => <input {...a} name="dealCpa" placeholder="100.00" inputMode="decimal" {...text("dealCpa")} />}
        </Field>
        <Field label="Deal currency" error={f.err("deal.currency")}>
          {(a) => (
            <input
              {...a}
              name="dealCurrency"
              value={f.form.dealCurrency}
              maxLength={3}
              placeholder="EUR"
              onInput={(e) => f.setForm("dealCurrency", e.currentTarget.value.toUpperCase())}
            />
          )}
        </Field>
        <Field label="Rev-share %" error={f.err("deal.revsharePct")}>
          {(a) => <input {...a} name="dealRevsharePct" placeholder="35" inputMode="decimal" {...text("dealRevsharePct")} />}
        </Field>
        <Field label="Baseline" error={f.err("deal.baseline")}>
          {(a) => <input {...a} name="dealBaseline" placeholder="FTD ≥ €20" {...text("dealBaseline")} />}
        </Field>
        <Field label="Notes" error={f.err("deal.notes")} wide>
          {(a) => (
            <textarea
              {...a}
              name="dealNotes"
              rows="2"
              value={f.form.dealNotes}
              onInput={(e) => f.setForm("dealNotes", e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
    </section>
  );
}
