import { A, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, type JSX, on, onCleanup, Show } from "solid-js";
import { switchWorkspace } from "../account-api";
import { logout } from "../api";
import { DrillContext, type DrillRequest, drillCoords } from "../drill";
import { me, refetchMe } from "../session";
import { useSites } from "../sites";
import { DrillDown } from "./DrillDown";

/** The signed-in shell: top bar, the nav (a menu button opens it on narrow screens), and the page. */
export function Layout(props: { children?: JSX.Element }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = createSignal(false);
  // Observing the sites query for the whole session keeps it cached across pages: one /api/sites per
  // session (refreshSites() after a change), not one per page visited.
  useSites();
  // One drill-down panel for every figure of the signed-in pages (Site Overview, Site Report); focus
  // goes back to the figure that opened it.
  const [drill, setDrill] = createSignal<{ req: DrillRequest; from: Element | null } | null>(null);
  const openDrill = (req: DrillRequest) => setDrill({ req, from: document.activeElement });
  let menuButton: HTMLButtonElement | undefined;
  let nav: HTMLElement | undefined;

  // Following a link closes the menu.
  createEffect(
    on(
      () => location.pathname,
      () => setOpen(false),
      { defer: true },
    ),
  );

  // While open: Escape closes it and puts focus back on the button; a click outside closes it.
  createEffect(() => {
    if (!open()) return;
    nav?.querySelector<HTMLElement>("a")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      menuButton?.focus();
    };
    const onClick = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!nav?.contains(t) && !menuButton?.contains(t)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    onCleanup(() => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    });
  });

  async function onSwitch(value: string) {
    if (value === "__new") return navigate("/workspaces/new");
    await switchWorkspace(value);
    await refetchMe();
    // Everything cached on screen belonged to the other workspace: start again from its home.
    window.location.assign("/");
  }

  async function signOut() {
    try {
      await logout();
    } finally {
      // A full load, replacing this entry: nothing cached for this user (sites, reports) survives for the
      // next one, and Back does not return to a signed-in page. (No SPA navigation first: one navigation only.)
      window.location.replace("/login");
    }
  }

  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <A href="/" class="brand">
          <span class="dot" aria-hidden="true" /> CasinoFlux
        </A>
        <button
          type="button"
          class="menu-button"
          ref={menuButton}
          aria-expanded={open()}
          aria-controls="main-nav"
          data-testid="menu-button"
          onClick={() => setOpen(!open())}
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
        <nav id="main-nav" ref={nav} classList={{ open: open() }} aria-label="Main">
          <A href="/" end>
            Site Overview
          </A>
          <A href="/report">Site Report</A>
          <A href="/offers">Offers</A>
          <A href="/sites">Sites</A>
          <A href="/sources">Traffic sources</A>
          <A href="/campaigns">Campaigns</A>
          <A href="/casino-entries">Casino entries</A>
          <A href="/postbacks">Postbacks</A>
          <A href="/discrepancies">Discrepancies</A>
          <A href="/analytics">Site Analytics</A>
          <A href="/revenue">Revenue sync</A>
          <A href="/settings">Settings</A>
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
                <span class="role" title={m().user.email}>
                  {m().membership?.role}
                </span>
                <button type="button" class="link" onClick={signOut}>
                  Sign out
                </button>
              </div>
            )}
          </Show>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <DrillContext.Provider value={openDrill}>{props.children}</DrillContext.Provider>
      </main>
      <Show when={drill()}>
        {(d) => (
          <Show when={drillCoords(d().req)}>
            {(coords) => (
              <DrillDown
                coords={coords()}
                label={d().req.label}
                onClose={() => {
                  const back = d().from;
                  setDrill(null);
                  if (back instanceof HTMLElement) back.focus();
                }}
              />
            )}
          </Show>
        )}
      </Show>
    </div>
  );
}
