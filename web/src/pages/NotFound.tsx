import { A, useLocation } from "@solidjs/router";

/** An address no page answers: said, with the way back, rather than silently showing Site Overview. */
export function NotFound() {
  const location = useLocation();
  return (
    <div class="page">
      <section class="card" data-testid="not-found">
        <h1>No such page</h1>
        <p>
          Nothing lives at <code>{location.pathname}</code>. <A href="/">Go to Site Overview</A>, or pick a page from the menu.
        </p>
      </section>
    </div>
  );
}
