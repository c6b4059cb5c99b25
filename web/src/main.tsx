import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { render } from "solid-js/web";
import { Layout } from "./components/Layout";
import { AuditLog } from "./pages/AuditLog";
import { AcceptInvite } from "./pages/account/AcceptInvite";
import { DevOutbox } from "./pages/account/DevOutbox";
import { ForgotPassword } from "./pages/account/ForgotPassword";
import { NewWorkspace } from "./pages/account/NewWorkspace";
import { ResetPassword } from "./pages/account/ResetPassword";
import { Signup } from "./pages/account/Signup";
import { CampaignEditor } from "./pages/CampaignEditor";
import { Campaigns } from "./pages/Campaigns";
import { CasinoEntries } from "./pages/CasinoEntries";
import { Discrepancies } from "./pages/Discrepancies";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";
import { Offers } from "./pages/Offers";
import { OfferEditor } from "./pages/offer/OfferEditor";
import { Postbacks } from "./pages/Postbacks";
import { RevenueSync } from "./pages/RevenueSync";
import { SiteAnalytics } from "./pages/SiteAnalytics";
import { SiteEditor } from "./pages/SiteEditor";
import { SiteOverview } from "./pages/SiteOverview";
import { SiteReport } from "./pages/SiteReport";
import { Sites } from "./pages/Sites";
import { SourceEditor } from "./pages/SourceEditor";
import { Settings } from "./pages/settings/Settings";
import { TrafficSources } from "./pages/TrafficSources";
import { me } from "./session";
import "./styles.css";

/** The one login guard: every signed-in page is a child of this layout route; anyone else goes to /login. */
function SignedIn(props: RouteSectionProps) {
  const here = () => `${props.location.pathname}${props.location.search}`;
  return (
    <Switch fallback={<p class="muted page">Loading…</p>}>
      <Match when={me.error}>
        <p class="error page" role="alert">
          Could not reach CasinoFlux: {(me.error as Error).message}. Reload to try again.
        </p>
      </Match>
      <Match when={me.state === "ready" && me() === null}>
        <Navigate href={here() === "/" ? "/login" : `/login?next=${encodeURIComponent(here())}`} />
      </Match>
      <Match when={me() && !me()?.workspace}>
        <NewWorkspace />
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
        <Route path="/signup" component={Signup} />
        <Route path="/forgot-password" component={ForgotPassword} />
        <Route path="/reset-password" component={ResetPassword} />
        <Route path="/invite/:token" component={AcceptInvite} />
        <Route path="/dev/outbox" component={DevOutbox} />
        <Route path="/" component={SignedIn}>
          <Route path="/" component={SiteOverview} />
          <Route path="/report" component={SiteReport} />
          <Route path="/postbacks" component={Postbacks} />
          <Route path="/discrepancies" component={Discrepancies} />
          <Route path="/analytics" component={SiteAnalytics} />
          <Route path="/revenue" component={RevenueSync} />
          <Route path="/offers" component={Offers} />
          <Route path="/offers/:id" component={OfferEditor} />
          <Route path="/settings" component={Settings} />
          <Route path="/workspaces/new" component={NewWorkspace} />
          <Route path="/audit" component={AuditLog} />
          <Route path="/sites" component={Sites} />
          <Route path="/sites/:id" component={SiteEditor} />
          <Route path="/sources" component={TrafficSources} />
          <Route path="/sources/:id" component={SourceEditor} />
          <Route path="/campaigns" component={Campaigns} />
          <Route path="/campaigns/:id" component={CampaignEditor} />
          <Route path="/casino-entries" component={CasinoEntries} />
          <Route path="*" component={NotFound} />
        </Route>
      </Router>
    ),
    root,
  );
}
