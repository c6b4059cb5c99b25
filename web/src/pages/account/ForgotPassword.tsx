import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { forgotPassword } from "../../account-api";
import { AuthCard, submitter } from "./AuthCard";

export function ForgotPassword() {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal<string | null>(null);
  const submit = submitter(
    async (form) => {
      const out = await forgotPassword(String(form.get("email")));
      setSent(out.message);
    },
    setBusy,
    setError,
  );
  return (
    <AuthCard title="Reset your password" error={error()} footer={<A href="/login">Back to sign in</A>}>
      <Show
        when={sent()}
        fallback={
          <form onSubmit={submit} class="stack">
            <label>
              Email
              <input name="email" type="email" autocomplete="email" required />
            </label>
            <button type="submit" disabled={busy()}>
              {busy() ? "Sending…" : "Email me a reset link"}
            </button>
          </form>
        }
      >
        <p role="status">{sent()}</p>
      </Show>
    </AuthCard>
  );
}
