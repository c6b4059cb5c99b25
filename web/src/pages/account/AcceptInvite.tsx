import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Match, Switch } from "solid-js";
import { acceptInvite, getInvite } from "../../account-api";
import { me, refetchMe } from "../../session";
import { AuthCard } from "./AuthCard";

/** /invite/:token — shows whose invitation it is; signed-in users with the invited email join with one click. */
export function AcceptInvite() {
  const params = useParams();
  const navigate = useNavigate();
  const [invite] = createResource(() => params.token, getInvite);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const here = () => `/invite/${params.token}`;
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      await acceptInvite(params.token ?? "");
      await refetchMe();
      navigate("/", { replace: true });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title="Join a workspace" error={error()}>
      <Switch fallback={<p class="muted">Loading…</p>}>
        <Match when={invite.error}>
          <p class="error" role="alert">
            {(invite.error as Error).message}. The link may be mistyped; ask the person who invited you for a new one.
          </p>
        </Match>
        <Match when={invite.state === "ready" && invite()?.status !== "pending"}>
          <p>This invitation is {invite()?.status}. Ask the person who invited you for a new one.</p>
        </Match>
        <Match when={invite.state === "ready" && me.state === "ready" && me()}>
          <p>
            You are invited to <strong>{invite()?.workspaceName}</strong> as {invite()?.role}.
          </p>
          <p class="muted">
            Signed in as {me()?.user.email}. The invitation is for {invite()?.email}.
          </p>
          <button type="button" onClick={accept} disabled={busy()}>
            {busy() ? "Joining…" : `Join ${invite()?.workspaceName}`}
          </button>
        </Match>
        <Match when={invite.state === "ready" && me.state === "ready" && !me()}>
          <p>
            You are invited to <strong>{invite()?.workspaceName}</strong> as {invite()?.role}. Sign up or sign in as {invite()?.email} to
            join.
          </p>
          <p class="row-gap">
            <A class="button" href={`/signup?next=${encodeURIComponent(here())}`}>
              Create an account
            </A>
            <A href={`/login?next=${encodeURIComponent(here())}`}>Sign in</A>
          </p>
        </Match>
      </Switch>
    </AuthCard>
  );
}
