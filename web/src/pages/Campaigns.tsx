import { EntityList } from "../components/EntityList";
import { listCampaigns } from "../entities-api";
import "./entities.css";

/** Campaigns: site + traffic source + offers, for Full Tracking (postbacks). */
export function Campaigns() {
  return (
    <EntityList
      title="Campaigns"
      path="campaigns"
      newLabel="New campaign"
      what="campaigns"
      testid="campaigns-list"
      intro={
        <p class="muted">
          A campaign ties one site, one traffic source and its offers to a postback key. Sites with offers work without one (Fast Launch:
          analytics and API revenue); campaigns add tracking links and real-time postbacks.
        </p>
      }
      empty={{ text: "No campaigns yet.", action: "Create a campaign" }}
      load={listCampaigns}
      badge={(c) => <span class={`state state-${c.status}`}>{c.status}</span>}
      subtitle={(c) => `${c.siteName ?? c.siteId} · ${c.trafficSource ?? "no traffic source"}`}
      facts={(c) => [
        ["Offers", c.offerIds.length],
        ["Links", c.linkCount],
      ]}
    />
  );
}
