import { Navigate, Route, Router } from "@solidjs/router";
import type { JSX } from "solid-js";
import { Match, Switch } from "solid-js";
import { render } from "solid-js/web";
import { Layout } from "./components/Layout";
import { Login } from "./pages/Login";
import { OfferEditor } from "./pages/OfferEditor";
import { Offers } from "./pages/Offers";
import { Postbacks } from "./pages/Postbacks";
import { RevenueSync } from "./pages/RevenueSync";
import { SiteAnalytics } from "./pages/SiteAnalytics";
import { SiteOverview } from "./pages/SiteOverview";
import { me } from "./session";
import "./styles.css";

/** Signed-in pages; anyone else goes to /login. */
function Protected(props: { children?: JSX.Element }) {
  return (
    <Switch fallback={<p class="muted page">Loading…</p>}>
      <Match when={me.state === "ready" && me() === null}>
        <Navigate href="/login" />
      </Match>
      <Match when={me()}>
        <Layout>{props.children}</Layout>
      </Match>
    </Switch>
  );
}

const root = document.getElementById("root");
if (root) {
  render(
    () => (
      <Router>
        <Route path="/login" component={Login} />
        <Route
          path="/"
          component={() => (
            <Protected>
              <SiteOverview />
            </Protected>
          )}
        />
        <Route
          path="/postbacks"
          component={() => (
            <Protected>
              <Postbacks />
            </Protected>
          )}
        />
        <Route
          path="/analytics"
          component={() => (
            <Protected>
              <SiteAnalytics />
            </Protected>
          )}
        />
        <Route
          path="/revenue"
          component={() => (
            <Protected>
              <RevenueSync />
            </Protected>
          )}
        />
        <Route
          path="/offers"
          component={() => (
            <Protected>
              <Offers />
            </Protected>
          )}
        />
        <Route
          path="/offers/:id"
          component={() => (
            <Protected>
              <OfferEditor />
            </Protected>
          )}
        />
        <Route path="*" component={() => <Navigate href="/" />} />
      </Router>
    ),
    root,
  );
}
