import type { ClickFlag } from "../../shared/click-flags";
import type { NormalizedPostback, NormalizeFailure } from "../../shared/postback";
import type { Outcome } from "../db/schema";

export type Sql = SqlStorage;

export interface HubSite {
  workspaceId: string;
  siteId: string | null;
  hubCode: string | null;
  timezone: string;
}

export interface ClickInput {
  clickId: string;
  ts: number;
  linkId: string;
  campaignId: string | null;
  offerId: string;
  /** Raw identity material; hashed with the site's daily salt inside the hub and never stored. */
  identity: string;
  /** Why the click is not counted (unless its site counts that reason), or null. */
  flag: ClickFlag | null;
  country: string | null;
  subIds: Record<string, string>;
  placement: string | null;
  referrer: string | null;
  /** The traffic source's own click id (e.g. gclid) and its postback URL template, for outgoing postbacks. */
  sourceClickId: string | null;
  sourceTemplate: string | null;
}

export type ParsedPostback = NormalizedPostback;

export interface PostbackInput {
  id: string;
  receivedAt: number;
  method: string;
  rawQuery: string;
  rawBody: string | null;
  remoteIp: string | null;
  keyOfferId: string | null;
  keyOfferIds: string[];
  keyCampaignId: string | null;
  /**
   * Set when the request is kept only as a log entry: rejected (answered 400) or unattributed (macros, junk click ids),
   * with what it named before it failed, so the entry is filed under the click's campaign and offer and the event's type.
   */
  aside: ({ outcome: NormalizeFailure["kind"]; reason: string } & Pick<NormalizeFailure, "clickId" | "eventType" | "eventByOffer">) | null;
  /** The event name as sent, also for requests kept aside. */
  eventName: string | null;
  parsed: ParsedPostback | null;
  /** Set by the hub when the click is not stored here but its id names one of the site's links (lost-clicks.ts). */
  clickLink?: ClickLink;
}

/** The link a click id was minted for. */
export interface ClickLink {
  linkId: string;
  offerId: string;
  campaignId: string | null;
}

export interface PostbackResult {
  id: string;
  outcome: Outcome;
  reason: string | null;
  conversionId: string | null;
}
