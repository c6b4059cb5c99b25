import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { resetPassword } from "../../account-api";
import { AuthCard, submitter } from "./AuthCard";

export function ResetPassword() {
  const [params] = useSearchParams();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const submit = submitter(
    async (form) => {
      await resetPassword(String(params.token ?? ""), String(form.get("password")));
      setDone(true);
    },
    setBusy,
    setError,
  );
  return (
    <AuthCard title="Choose a new password" error={error()} footer={<A href="/login">Sign in</A>}>
      <Show when={params.token} fallback={<p class="error">This link has no reset token. Ask for a new one.</p>}>
        <Show
          when={done()}
          fallback={
            <form onSubmit={submit} class="stack">
              <label>
                New password <span class="muted">(at least 10 characters)</span>
                <input name="password" type="password" autocomplete="new-password" required minLength={10} maxLength={200} />
              </label>
              <button type="submit" disabled={busy()}>
                {busy() ? "Saving…" : "Set password"}
              </button>
            </form>
          }
        >
          <p role="status">Your password is changed and every session was signed out. Sign in with the new one.</p>
        </Show>
      </Show>
    </AuthCard>
  );
}
