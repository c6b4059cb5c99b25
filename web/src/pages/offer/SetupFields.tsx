import { For, Match, Show, Switch } from "solid-js";
import type { ApiSetupField } from "../../../../shared/api-setup";
import { Field } from "../../components/Field";
import type { OfferForm } from "./form";

/** The API Setup inputs of the chosen platform (basic or advanced ones), with saved-secret keep/remove. */
export function SetupFields(props: { f: OfferForm; advanced: boolean }) {
  const fields = () => props.f.setup().fields.filter((x) => !!x.advanced === props.advanced);
  return <For each={fields()}>{(field) => <SetupInput f={props.f} field={field} />}</For>;
}

function SetupInput(props: { f: OfferForm; field: ApiSetupField }) {
  const f = () => props.field;
  const form = () => props.f.form;
  const value = () => form().setup[f().key] ?? "";
  const saved = () => props.f.savedSecrets()[f().key] ?? null;
  const cleared = () => form().clearedSecrets.includes(f().key);
  /** Part of an either/or group (e.g. export URL, or base URL + token): not marked optional. */
  const alternative = () => (props.f.setup().alternatives ?? []).some((g) => g.includes(f().key));
  const label = () => `${f().label}${f().required || alternative() ? "" : " (optional)"}${f().kind === "secret" ? " · secret" : ""}`;
  const placeholder = () => (saved() && !cleared() ? "Saved — leave empty to keep, or paste a new value" : (f().placeholder ?? ""));
  const onInput = (v: string) => props.f.setForm("setup", f().key, v);
  const onBlur = () => props.f.checkSetupField(f());
  return (
    <Field label={label()} error={props.f.err(`apiSetup.${f().key}`)} help={f().help} wide={f().input === "url" || f().input === "json"}>
      {(a) => (
        <>
          <Switch>
            <Match when={f().input === "select"}>
              <select {...a} name={`setup-${f().key}`} value={value()} onChange={(e) => onInput(e.currentTarget.value)} onBlur={onBlur}>
                <option value="">—</option>
                <For each={f().options ?? []}>{(o) => <option value={o.value}>{o.label}</option>}</For>
              </select>
            </Match>
            <Match when={f().input === "json"}>
              <textarea
                {...a}
                name={`setup-${f().key}`}
                rows="5"
                class="mono"
                value={value()}
                placeholder={f().placeholder}
                onInput={(e) => onInput(e.currentTarget.value)}
                onBlur={onBlur}
              />
            </Match>
            <Match when={true}>
              <input
                {...a}
                name={`setup-${f().key}`}
                type={f().input === "password" ? "password" : f().input === "number" ? "number" : "text"}
                autocomplete={f().kind === "secret" ? "off" : undefined}
                class={f().input === "url" ? "mono" : ""}
                value={value()}
                placeholder={placeholder()}
                disabled={cleared()}
                onInput={(e) => onInput(e.currentTarget.value)}
                onBlur={onBlur}
              />
            </Match>
          </Switch>
          <Show when={saved()}>
            {(s) => (
              <span class="saved-secret">
                <Show when={!cleared()} fallback={<span class="muted">Will be removed on save. </span>}>
                  <span>Saved{s().masked ? ": " : ""}</span>
                  <Show when={s().masked}>
                    <code>{s().masked}</code>
                  </Show>{" "}
                </Show>
                <button
                  type="button"
                  class="link-dark"
                  aria-label={`${cleared() ? "Keep" : "Remove"} saved ${f().label}`}
                  onClick={() => props.f.toggle("clearedSecrets", f().key, !cleared())}
                >
                  {cleared() ? "Keep" : "Remove"}
                </button>
              </span>
            )}
          </Show>
        </>
      )}
    </Field>
  );
}
