/** Response shapes of the reporting API, shared by the Worker (which satisfies them) and the dashboard. */
export interface MoneyAmount {
  micros: number;
  currency: string;
}

export interface OverviewDay {
  day: string;
  clicks: number;
  uniqueClicks: number;
  registrations: number;
  ftds: number;
  qualified: number;
  deposits: number;
  /** Commission in the reporting currency; null when the revenue layer has no row for the day. */
  revenueMicros: number | null;
  platformRegistrations: number | null;
  platformFtds: number | null;
  /** False while the revenue layer is not complete for this day (provisional). */
  revenueComplete: boolean;
}

export type FreshnessState = "ok" | "late" | "failing" | "never_synced" | "no_connector";

export interface OfferFreshness {
  offerId: string;
  offerName: string;
  platform: string;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  completeThrough: string | null;
  cadenceHours: number;
  state: FreshnessState;
  lastError: string | null;
}

export interface SiteOverviewResponse {
  site: { id: string; name: string; timezone: string; market: string };
  range: { from: string; to: string; timezone: string };
  reportingCurrency: string;
  totals: {
    clicks: number;
    uniqueClicks: number;
    registrations: number;
    ftds: number;
    qualified: number;
    deposits: { count: number; amounts: MoneyAmount[] };
    revenue: MoneyAmount & { byCurrency: MoneyAmount[]; missingFx: { day: string; currency: string }[] };
    /** Earnings per click in reporting-currency micros; null without clicks. */
    epcMicros: number | null;
    platformRegistrations: number;
    platformFtds: number;
  };
  series: OverviewDay[];
  freshness: {
    realtime: { asOf: number; note: string };
    revenue: { completeThrough: string | null; lastSyncAt: number | null; incompleteDays: string[]; offers: OfferFreshness[] };
  };
}

export interface SiteSummary {
  id: string;
  name: string;
  domains: string[];
  market: string;
  timezone: string;
  publicKey: string;
  campaigns: { id: string; name: string }[];
}

export interface LiveCounter {
  campaignId: string;
  offerId: string;
  metric: string;
  currency: string;
  value: number;
}

export interface LiveSnapshot {
  day: string;
  counters: LiveCounter[];
  realtime: { visitors: number; pages: { path: string; visitors: number }[] };
}

export interface PostbackLogEntry {
  id: string;
  receivedAt: number;
  siteId: string | null;
  siteName: string | null;
  offerId: string | null;
  offerName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  clickId: string | null;
  eventType: string | null;
  outcome: "accepted" | "duplicate" | "unattributed" | "rejected";
  reason: string | null;
  conversionId: string | null;
  method: string;
  rawQuery: string;
  rawBody: string | null;
  remoteIp: string | null;
}

export interface SourcePostbackEntry {
  id: string;
  campaignId: string;
  campaignName: string | null;
  conversionId: string;
  eventType: string;
  url: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  updatedAt: number;
}
