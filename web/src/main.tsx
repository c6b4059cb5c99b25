import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { render } from "solid-js/web";
import { Layout } from "./components/Layout";
import { CampaignEditor } from "./pages/CampaignEditor";
import { Campaigns } from "./pages/Campaigns";
import { CasinoEntries } from "./pages/CasinoEntries";
import { Login } from "./pages/Login";
import { OfferEditor } from "./pages/OfferEditor";
import { Offers } from "./pages/Offers";
import { Postbacks } from "./pages/Postbacks";
import { RevenueSync } from "./pages/RevenueSync";
import { SiteAnalytics } from "./pages/SiteAnalytics";
import { SiteEditor } from "./pages/SiteEditor";
import { SiteOverview } from "./pages/SiteOverview";
import { Sites } from "./pages/Sites";
import { SourceEditor } from "./pages/SourceEditor";
import { TrafficSources } from "./pages/TrafficSources";
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
          <Route path="/sites" component={Sites} />
          <Route path="/sites/:id" component={SiteEditor} />
          <Route path="/sources" component={TrafficSources} />
          <Route path="/sources/:id" component={SourceEditor} />
          <Route path="/campaigns" component={Campaigns} />
          <Route path="/campaigns/:id" component={CampaignEditor} />
          <Route path="/casino-entries" component={CasinoEntries} />
          <Route path="*" component={() => <Navigate href="/" />} />
        </Route>
      </Router>
    ),
    root,
  );
}
