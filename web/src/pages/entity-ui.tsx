/** Small pieces the entity pages share: labelled fields with their API error, copy buttons, load states. */
import { createSignal, type JSX, Show } from "solid-js";
import { FieldsError } from "../api";
import { type Loadable, Loaded as SharedLoaded } from "../components/Async";

/** Field errors of the last failed save, by field path ("domains.0" also shows on "domains"). */
export function createFieldErrors() {
  const [errors, setErrors] = createSignal<{ field: string; message: string }[]>([]);
  const [message, setMessage] = createSignal<string | null>(null);
  return {
    of: (field: string) =>
      errors()
        .filter((e) => e.field === field || e.field.startsWith(`${field}.`))
        .map((e) => e.message)
        .join("; ") || null,
    message,
    clear: () => {
      setErrors([]);
      setMessage(null);
    },
    set: (err: unknown) => {
      setErrors(err instanceof FieldsError ? err.fields : []);
      setMessage(err instanceof Error ? err.message : String(err));
    },
  };
}

/** A labelled control; help and error sit outside the label so they do not become part of its accessible name. */
export function Field(props: { label: string; error?: string | null; help?: JSX.Element; wide?: boolean; children: JSX.Element }) {
  return (
    <div class="field" classList={{ invalid: !!props.error, wide: !!props.wide }}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is passed as children, inside the label (implicit association) */}
      <label class="field-control">
        <span class="field-label">{props.label}</span>
        {props.children}
      </label>
      <Show when={props.help}>
        <span class="field-help muted">{props.help}</span>
      </Show>
      <Show when={props.error}>
        <span class="field-error" role="alert">
          {props.error}
        </span>
      </Show>
    </div>
  );
}

/** The shared load states (components/Async.tsx), keyed: a saved or refetched value re-renders the section. */
export function Loaded<T>(props: { data: Loadable<T>; what: string; children: (v: NonNullable<T>) => JSX.Element }) {
  return (
    <SharedLoaded data={props.data} what={props.what} keyed>
      {(v) => props.children(v())}
    </SharedLoaded>
  );
}

export const splitList = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
