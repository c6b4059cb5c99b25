import { Show } from "solid-js";

/** The submit row of an entity form: the button (its label says create or save), "Saved", or the form's error. */
export function FormActions(props: { saving: boolean; label: string; saved: boolean; error: string | null | undefined }) {
  return (
    <div class="actions">
      <button type="submit" disabled={props.saving}>
        {props.saving ? "Saving…" : props.label}
      </button>
      <Show when={props.saved}>
        <span class="ok" role="status">
          Saved
        </span>
      </Show>
      <Show when={props.error}>
        <span class="error" role="alert">
          {props.error}
        </span>
      </Show>
    </div>
  );
}
