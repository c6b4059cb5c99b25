import { For, Show } from "solid-js";
import { Field } from "../../components/Field";
import { allTimeZones, type OfferForm } from "./form";
import { SetupFields } from "./SetupFields";
import { TestResult } from "./TestResult";

/** The platform's API Setup (basic, then advanced), sync schedule, postback allowlist, and Test connection. */
export function ApiSetupSection(props: { f: OfferForm }) {
  const f = props.f;
  return (
    <section class="card" data-testid="api-setup" aria-labelledby="offer-api-setup">
      <h2 id="offer-api-setup">API Setup — {f.preset().label}</h2>
      <p class="muted">{f.setup().intro}</p>
      <Show when={f.setup().alternativesMessage}>
        <p class="muted">Required: {f.setup().alternativesMessage}.</p>
      </Show>
      <div class="fields">
        <Field label="Platform timezone" error={f.err("platformTimezone")} help="The zone the platform's report days are in.">
          {(a) => (
            <>
              <input
                {...a}
                name="platformTimezone"
                list="tz-list"
                value={f.form.platformTimezone}
                onInput={(e) => f.setForm("platformTimezone", e.currentTarget.value)}
              />
              <datalist id="tz-list">
                <For each={allTimeZones()}>{(z) => <option value={z} />}</For>
              </datalist>
            </>
          )}
        </Field>
        <Field
          label="Account currency"
          error={f.err("accountCurrency")}
          help="Your account's currency on the platform: reports and postback amounts without a currency are booked in it. Needed before the offer can join a campaign."
        >
          {(a) => (
            <input
              {...a}
              name="accountCurrency"
              value={f.form.accountCurrency}
              maxLength={3}
              placeholder="e.g. EUR"
              onInput={(e) => f.setForm("accountCurrency", e.currentTarget.value.toUpperCase())}
            />
          )}
        </Field>
        <SetupFields f={f} advanced={false} />
      </div>
      <details class="advanced">
        <summary>Advanced</summary>
        <div class="fields">
          <SetupFields f={f} advanced={true} />
          <Field label="Sync every (hours)" error={f.err("cadenceHours")}>
            {(a) => (
              <input
                {...a}
                name="cadenceHours"
                type="number"
                min="1"
                max="168"
                value={f.form.cadenceHours}
                onInput={(e) => f.setForm("cadenceHours", e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="field" classList={{ invalid: !!f.err("syncEnabled") }}>
            <span class="field-label" aria-hidden="true">
              Scheduled sync
            </span>
            <label>
              <input
                type="checkbox"
                name="syncEnabled"
                checked={f.form.syncEnabled}
                onChange={(e) => f.setForm("syncEnabled", e.currentTarget.checked)}
              />{" "}
              Scheduled sync enabled
            </label>
            <Show when={f.err("syncEnabled")}>
              <span class="field-error">{f.err("syncEnabled")}</span>
            </Show>
          </div>
          <Field
            label="Postback IP allowlist"
            error={f.err("ipAllowlist")}
            wide
            help="One IP or CIDR range per line (IPv4 or IPv6); empty accepts any. It applies to campaign keys of campaigns holding this offer too."
          >
            {(a) => (
              <textarea
                {...a}
                name="ipAllowlist"
                rows="2"
                value={f.form.ipAllowlist}
                onInput={(e) => f.setForm("ipAllowlist", e.currentTarget.value)}
              />
            )}
          </Field>
        </div>
      </details>
      <div class="actions">
        <button type="button" onClick={f.runTest} disabled={f.testing()} data-testid="test-connection">
          {f.testing() ? "Testing…" : "Test connection"}
        </button>
        <span class="muted">
          Pulls the last 3 days with these settings (saved or not) and shows what would be imported. Nothing is stored.
        </span>
      </div>
      <div aria-live="polite">
        <Show when={f.testError()}>
          <p class="error" data-testid="test-error" role="alert">
            {f.testError()}
          </p>
        </Show>
        <Show when={f.test()}>{(t) => <TestResult result={t()} />}</Show>
      </div>
    </section>
  );
}
