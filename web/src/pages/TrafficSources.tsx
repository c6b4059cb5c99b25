import type { TrafficSourceView } from "../../../shared/entity-types";
import { formatMicros } from "../../../shared/money";
import { COST_MODEL_LABELS, SOURCE_TYPE_LABELS } from "../../../shared/traffic-sources";
import { ArchivedBadge, EntityList } from "../components/EntityList";
import { listSources } from "../entities-api";
import "./entities.css";

export function costText(cost: TrafficSourceView["cost"]): string {
  if (!cost) return "not tracked";
  if (cost.model === "revshare") return `${COST_MODEL_LABELS.revshare}: ${cost.revsharePct}%`;
  return `${COST_MODEL_LABELS[cost.model]}: ${cost.currency} ${cost.amountMicros === null ? "—" : formatMicros(cost.amountMicros)}`;
}

/** Traffic Sources: where paid traffic comes from, its postback URL and cost model. */
export function TrafficSources() {
  return (
    <EntityList
      title="Traffic sources"
      path="sources"
      newLabel="New traffic source"
      what="traffic sources"
      testid="sources-list"
      empty={{
        text: "No traffic sources yet. Add the ad network or media buyer you buy traffic from to send conversions back to it.",
        action: "Add a traffic source",
      }}
      load={listSources}
      badge={(s) => <ArchivedBadge at={s.archivedAt} />}
      subtitle={(s) => SOURCE_TYPE_LABELS[s.type]}
      facts={(s) => [
        ["Postback", s.postbackUrlTemplate ? "set" : "none"],
        ["Cost", costText(s.cost)],
        ["Campaigns", s.campaignCount],
      ]}
    />
  );
}
