import type { EventType, Outcome } from "../db/schema";

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
  flag: string | null;
  country: string | null;
  subIds: Record<string, string>;
  placement: string | null;
  referrer: string | null;
  /** The traffic source's own click id (e.g. gclid) and its postback URL template, for outgoing postbacks. */
  sourceClickId: string | null;
  sourceTemplate: string | null;
}

export interface ParsedPostback {
  clickId: string | null;
  eventType: EventType;
  status: "pending" | "approved" | "rejected" | "chargeback" | null;
  amountMicros: number | null;
  currency: string | null;
  txid: string | null;
  playerId: string | null;
}

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
  /** Set when the request is kept only as a rejected log entry. */
  rejectReason: string | null;
  parsed: ParsedPostback | null;
}

export interface PostbackResult {
  id: string;
  outcome: Outcome;
  reason: string | null;
  conversionId: string | null;
}
