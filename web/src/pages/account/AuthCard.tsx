import type { JSX } from "solid-js";
import { Show } from "solid-js";

/** The centred card used by every signed-out page (sign in, sign up, reset, invitation). */
export function AuthCard(props: { title: string; children: JSX.Element; error?: string | null; footer?: JSX.Element }) {
  return (
    <div class="login">
      <div class="card auth-card">
        <p class="brand-line">
          <span class="dot" /> CasinoFlux
        </p>
        <h1>{props.title}</h1>
        {props.children}
        <Show when={props.error}>
          <p class="error" role="alert">
            {props.error}
          </p>
        </Show>
        <Show when={props.footer}>
          <div class="auth-footer">{props.footer}</div>
        </Show>
      </div>
    </div>
  );
}

/** Runs a form submit with busy and error state. */
export function submitter(run: (form: FormData) => Promise<void>, setBusy: (b: boolean) => void, setError: (e: string | null) => void) {
  return async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run(new FormData(e.currentTarget as HTMLFormElement));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
}
