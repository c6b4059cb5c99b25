import { A, useNavigate } from "@solidjs/router";
import { For, type JSX, Show } from "solid-js";
import { switchWorkspace } from "../account-api";
import { logout } from "../api";
import { can, me, refetchMe, setMe } from "../session";

export function Layout(props: { children?: JSX.Element }) {
  const navigate = useNavigate();
  const onSwitch = async (value: string) => {
    if (value === "__new") return navigate("/workspaces/new");
    await switchWorkspace(value);
    await refetchMe();
    // Everything on screen belonged to the other workspace: start from its home.
    navigate("/", { replace: true });
    location.reload();
  };
  return (
    <div class="shell">
      <header class="topbar">
        <A href="/" class="brand">
          <span class="dot" /> CasinoFlux
        </A>
        <nav>
          <A href="/" end>
            Site Overview
          </A>
          <A href="/offers">Offers</A>
          <A href="/postbacks">Postbacks</A>
          <A href="/analytics">Site Analytics</A>
          <A href="/revenue">Revenue sync</A>
          <A href="/settings">Settings</A>
          <Show when={can("inspect")}>
            <A href="/audit">Audit log</A>
          </Show>
        </nav>
        <Show when={me()}>
          {(m) => (
            <div class="who">
              <label class="sr-only" for="ws-switch">
                Workspace
              </label>
              <select
                id="ws-switch"
                class="ws-switch"
                value={m().workspace?.id ?? ""}
                onChange={(e) => void onSwitch(e.currentTarget.value)}
              >
                <For each={m().workspaces}>{(w) => <option value={w.id}>{w.name}</option>}</For>
                <option value="__new">+ New workspace…</option>
              </select>
              <span class="muted" title={m().user.email}>
                {m().membership?.role}
              </span>
              <button
                type="button"
                class="link"
                onClick={async () => {
                  await logout();
                  setMe(null);
                  navigate("/login", { replace: true });
                }}
              >
                Sign out
              </button>
            </div>
          )}
        </Show>
      </header>
      <main>{props.children}</main>
    </div>
  );
}
