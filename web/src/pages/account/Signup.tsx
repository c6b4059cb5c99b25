import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { signup } from "../../account-api";
import { refetchMe } from "../../session";
import { nextPath } from "../Login";
import { AuthCard, submitter } from "./AuthCard";

/** Sign-up: an account and, unless joining through an invitation, a first workspace. */
export function Signup() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const joining = () => typeof params.next === "string" && params.next.startsWith("/invite/");
  /** The invitation the account is created for (its link is `next`): the API then needs no workspace name. */
  const invitationToken = () => (joining() ? (String(params.next).slice("/invite/".length).split(/[/?#]/)[0] ?? "") : "");
  const submit = submitter(
    async (form) => {
      const workspaceName = String(form.get("workspaceName") ?? "").trim();
      await signup({
        name: String(form.get("name")),
        email: String(form.get("email")),
        password: String(form.get("password")),
        ...(workspaceName ? { workspaceName } : {}),
        ...(invitationToken() ? { invitationToken: decodeURIComponent(invitationToken()) } : {}),
      });
      await refetchMe();
      navigate(nextPath(params.next), { replace: true });
    },
    setBusy,
    setError,
  );
  return (
    <AuthCard
      title="Create your account"
      error={error()}
      footer={<A href={params.next ? `/login?next=${encodeURIComponent(String(params.next))}` : "/login"}>I already have an account</A>}
    >
      <form onSubmit={submit} class="stack">
        <label>
          Your name
          <input name="name" autocomplete="name" required maxLength={100} />
        </label>
        <label>
          Email
          <input name="email" type="email" autocomplete="email" required />
        </label>
        <label>
          Password <span class="muted">(at least 10 characters)</span>
          <input name="password" type="password" autocomplete="new-password" required minLength={10} maxLength={200} />
        </label>
        <Show when={!joining()}>
          <label>
            Workspace name <span class="muted">(your company or team)</span>
            <input name="workspaceName" required maxLength={80} placeholder="e.g. Acme Media" />
          </label>
        </Show>
        <button type="submit" disabled={busy()}>
          {busy() ? "Creating…" : joining() ? "Create account and join" : "Create account"}
        </button>
      </form>
    </AuthCard>
  );
}
