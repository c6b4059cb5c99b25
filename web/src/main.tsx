import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { render } from "solid-js/web";
import { Layout } from "./components/Layout";
import { Login } from "./pages/Login";
import { Offers } from "./pages/Offers";
import { OfferEditor } from "./pages/offer/OfferEditor";
import { Postbacks } from "./pages/Postbacks";
import { RevenueSync } from "./pages/RevenueSync";
import { SiteAnalytics } from "./pages/SiteAnalytics";
import { SiteOverview } from "./pages/SiteOverview";
import { me } from "./session";
import "./styles.css";

/** The one login guard: every signed-in page is a child of this layout route; anyone else goes to /login. */
function SignedIn(props: RouteSectionProps) {
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
        <Route path="/" component={SignedIn}>
          <Route path="/" component={SiteOverview} />
          <Route path="/postbacks" component={Postbacks} />
          <Route path="/analytics" component={SiteAnalytics} />
          <Route path="/revenue" component={RevenueSync} />
          <Route path="/offers" component={Offers} />
          <Route path="/offers/:id" component={OfferEditor} />
          <Route path="*" component={() => <Navigate href="/" />} />
        </Route>
      </Router>
    ),
    root,
  );
}
