import { createUniqueId, type JSX, Show } from "solid-js";
import "./field.css";

/** What a Field hands its control so the label, error and help text are tied to it. */
export interface FieldControl {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

/**
 * The dashboard's one labelled form field (offer sections and entity editors alike): `<label for>` on
 * the control, its error and help text announced with it.
 * Usage: `<Field label="Name" error={err("name")}>{(a) => <input {...a} … />}</Field>`.
 */
export function Field(props: {
  label: JSX.Element;
  /** The field's error from the last save; empty or null = none. */
  error?: string | null | undefined;
  help?: JSX.Element;
  wide?: boolean;
  children: (control: FieldControl) => JSX.Element;
}) {
  const id = createUniqueId();
  const described = () => [props.error ? `${id}-err` : "", props.help ? `${id}-help` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ wide: !!props.wide, invalid: !!props.error }}>
      <label class="field-label" for={id}>
        {props.label}
      </label>
      {props.children({
        id,
        get "aria-describedby"() {
          return described();
        },
        get "aria-invalid"() {
          return props.error ? true : undefined;
        },
      })}
      <Show when={props.error}>
        <span class="field-error" id={`${id}-err`}>
          {props.error}
        </span>
      </Show>
      <Show when={props.help}>
        <span class="field-help muted" id={`${id}-help`}>
          {props.help}
        </span>
      </Show>
    </div>
  );
}

/** A group of checkboxes (or radios) under one legend. */
export function FieldGroup(props: { legend: string; error?: string; help?: JSX.Element; wide?: boolean; children: JSX.Element }) {
  return (
    <fieldset class="field" classList={{ wide: !!props.wide, invalid: !!props.error }}>
      <legend class="field-label">{props.legend}</legend>
      <div class="checks">{props.children}</div>
      <Show when={props.error}>
        <span class="field-error">{props.error}</span>
      </Show>
      <Show when={props.help}>
        <span class="field-help muted">{props.help}</span>
      </Show>
    </fieldset>
  );
}
