import { ArchivedBadge, EntityList } from "../components/EntityList";
import { listSites } from "../entities-api";
import "./entities.css";

/** Sites: the properties that promote offers; each gets Site Analytics through its snippet. */
export function Sites() {
  return (
    <EntityList
      title="Sites"
      path="sites"
      newLabel="New site"
      what="sites"
      testid="sites-list"
      empty={{
        text: "No sites yet. Add the site you promote offers on: you get its snippet for Site Analytics right away.",
        action: "Add a site",
      }}
      load={listSites}
      badge={(s) => <ArchivedBadge at={s.archivedAt} />}
      subtitle={(s) => s.domains.join(", ")}
      facts={(s) => [
        ["Market", s.market],
        ["Timezone", s.timezone],
        ["Offers", s.offerIds.length],
        ["Campaigns", s.campaigns.length],
      ]}
    />
  );
}
