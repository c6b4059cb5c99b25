import { FILTER_OF_KEY } from "../../shared/api-setup";
import type { CanonicalRow } from "./canonical";

import { type Connector, ConnectorError, type ConnectorOffer, type DateWindow, type PullResult } from "./connectors/types";

/**
 * One window through the row pipeline every caller shares (sync, test connection): the connector's
 * pull, then the offer's filters the connector does not apply itself. A filter is never ignored:
 * a campaign tag on a report that has no column to match it is a config error, not every row.
 */
export async function pullWindow(connector: Connector, offer: ConnectorOffer, w: DateWindow, fetcher: typeof fetch): Promise<PullResult> {
  const res = await connector.pull(offer, w, fetcher);
  let rows = res.rows;
  // Checked here for every platform, also those whose connector filters brands itself: a report layout
  // the connector did not expect (a grouping without the brand) must not book other brands' rows.
  const brand = brandOf(offer.config);
  if (brand) rows = byBrand(rows, brand, offer.platform);
  if (offer.campaignTag && !connector.honours?.includes("campaign")) rows = byCampaignTag(rows, offer.campaignTag, offer.platform);
  return rows === res.rows ? res : { ...res, rows };
}

/** The brand the offer keeps: whichever brand key its platform's config has (shared/api-setup.ts). */
function brandOf(config: ConnectorOffer["config"]): string | undefined {
  for (const [key, value] of Object.entries(config)) if (FILTER_OF_KEY[key] === "brand" && typeof value === "string" && value) return value;
  return undefined;
}

/**
 * Rows of the offer's brand (by id or name, any case). A row that names no brand cannot be told apart:
 * the pull is refused rather than booking it (it may be every brand of the account summed).
 */
function byBrand(rows: CanonicalRow[], brand: string, platform: string): CanonicalRow[] {
  const want = brand.toLowerCase();
  const unnamed = rows.filter((r) => !r.brandExtId && !r.brandNameRaw).length;
  if (unnamed === rows.length && rows.length) {
    throw new ConnectorError("config", `the ${platform} report has no brand column to keep brand "${brand}": map one or clear the brand`);
  }
  if (unnamed) {
    throw new ConnectorError(
      "config",
      `${unnamed} of ${rows.length} ${platform} report rows name no brand, so brand "${brand}" cannot be kept apart: report by brand or clear the brand`,
    );
  }
  return rows.filter((r) => [r.brandExtId, r.brandNameRaw].some((v) => v?.toLowerCase() === want));
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
