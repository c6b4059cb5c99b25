import type { CanonicalRow } from "./canonical";
import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./connectors/types";

/**
 * One window through the row pipeline every caller shares (sync, test connection): the connector's
 * pull, then the offer's filters the connector does not apply itself. A filter is never ignored:
 * a campaign tag on a report that has no column to match it is a config error, not every row.
 */
export async function pullWindow(connector: Connector, offer: ConnectorOffer, w: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
  const res = await connector.pull(offer, w, fetcher);
  if (!offer.campaignTag || connector.honours?.includes("campaign")) return res;
  return { ...res, rows: byCampaignTag(res.rows, offer.campaignTag, offer.platform) };
}

/** Rows carrying the deal's tag in any of their tag columns (campaign, tracking code, sub-ids). */
function byCampaignTag(rows: CanonicalRow[], tag: string, platform: string): CanonicalRow[] {
  const values = (r: CanonicalRow) => [r.campaignExtId, r.campaignNameRaw, r.trackingCode, ...Object.values(r.subIds)];
  if (rows.length && rows.every((r) => values(r).every((v) => v === null || v === ""))) {
    throw new ConnectorError(
      "config",
      `the ${platform} report has no campaign, tracking code or sub-id column to match campaign tag "${tag}": clear the campaign tag (tag routes tell sites apart) or add that column to the report`,
    );
  }
  return rows.filter((r) => values(r).includes(tag));
}
