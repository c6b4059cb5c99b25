/** Small pieces the entity pages share: labelled fields with their API error, copy buttons, load states. */
import { createSignal, type JSX, Show } from "solid-js";
import { FieldsError } from "../api";

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

export function CopyButton(props: { text: string; label?: string; testid?: string }) {
  const [done, setDone] = createSignal(false);
  return (
    <button
      type="button"
      class="small"
      data-testid={props.testid}
      aria-label={props.label ? `Copy ${props.label}` : "Copy"}
      onClick={async () => {
        await navigator.clipboard?.writeText(props.text).catch(() => undefined);
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done() ? "Copied" : "Copy"}
    </button>
  );
}

/** Loading / error / content for a resource; an API error is shown as an error, never as "Loading…". */
export function Loaded<T>(props: {
  data: (() => T | undefined) & { loading: boolean; error: unknown };
  what: string;
  children: (v: T) => JSX.Element;
}) {
  return (
    <Show
      when={!props.data.error}
      fallback={
        <p class="error" role="alert">
          Could not load {props.what}: {String((props.data.error as Error)?.message ?? props.data.error)}
        </p>
      }
    >
      {/* Keyed: a saved or refetched value re-renders the section with the new data. */}
      <Show when={props.data()} keyed fallback={<p class="muted">Loading {props.what}…</p>}>
        {(v) => props.children(v)}
      </Show>
    </Show>
  );
}

export const splitList = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
