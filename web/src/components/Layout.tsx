import { A, useNavigate } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { logout } from "../api";
import { me, setMe } from "../session";

export function Layout(props: { children?: JSX.Element }) {
  const navigate = useNavigate();
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
          <A href="/sites">Sites</A>
          <A href="/sources">Traffic sources</A>
          <A href="/campaigns">Campaigns</A>
          <A href="/casino-entries">Casino entries</A>
          <A href="/postbacks">Postbacks</A>
          <A href="/analytics">Site Analytics</A>
          <A href="/revenue">Revenue sync</A>
        </nav>
        <Show when={me()}>
          {(m) => (
            <div class="who">
              <span>{m().workspace?.name}</span>
              <button
                type="button"
                class="link"
                onClick={async () => {
                  await logout();
                  setMe(null);
                  navigate("/login");
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
