import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal } from "solid-js";
import { login } from "../api";
import { refetchMe } from "../session";
import { AuthCard, submitter } from "./account/AuthCard";

/** Where to go after signing in: a same-app path from ?next=, else home. */
export const nextPath = (next: unknown) => (typeof next === "string" && next.startsWith("/") && !next.startsWith("//") ? next : "/");

export function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = submitter(
    async (form) => {
      await login(String(form.get("email")), String(form.get("password")));
      await refetchMe();
      navigate(nextPath(params.next), { replace: true });
    },
    setBusy,
    setError,
  );
  const withNext = (path: string) => (params.next ? `${path}?next=${encodeURIComponent(String(params.next))}` : path);
  return (
    <AuthCard
      title="Sign in"
      error={error()}
      footer={
        <>
          <A href={withNext("/signup")}>Create an account</A>
          <A href="/forgot-password">Forgot your password?</A>
        </>
      }
    >
      <p class="muted">Tracking and revenue reporting for casino affiliates.</p>
      <form onSubmit={submit} class="stack">
        <label>
          Email
          <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" disabled={busy()}>
          {busy() ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthCard>
  );
}
