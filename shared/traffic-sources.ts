/**
 * Traffic-source vocabulary, declared once: source types, cost models, the macros CasinoFlux fills
 * into a source's outgoing postback URL (workers/site-hub/source-postbacks.ts fills them), and
 * presets for common networks. Network URLs are starting points: the REPLACE_… parts are the
 * account's own ids, which the form refuses to save until they are replaced.
 */
export const SOURCE_TYPES = ["ad_network", "media_buyer", "seo", "social", "email"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  ad_network: "Ad network",
  media_buyer: "Media buyer",
  seo: "SEO / organic",
  social: "Social",
  email: "Email",
};

export const COST_MODELS = ["cpc", "cpm", "cpa", "revshare", "daily"] as const;
export type CostModel = (typeof COST_MODELS)[number];
export const COST_MODEL_LABELS: Record<CostModel, string> = {
  cpc: "CPC (per click)",
  cpm: "CPM (per 1,000 impressions)",
  cpa: "CPA (per acquisition)",
  revshare: "Rev-share (% of revenue)",
  daily: "Manual daily cost",
};

/** Macros of the outgoing postback URL template, with what each is replaced by. */
export const SOURCE_MACROS: Record<string, string> = {
  source_click_id: "the traffic source's own click id (from its click-id parameter on the link)",
  click_id: "CasinoFlux's click id",
  event: "registration, ftd, qualified or deposit",
  amount: "the conversion's amount (decimal), empty when none",
  payout: "same as amount",
  currency: "the amount's currency (ISO 4217)",
  txid: "the operator's transaction id, else the conversion id",
  conversion_id: "CasinoFlux's conversion id",
};
export const SOURCE_MACRO_NAMES = Object.keys(SOURCE_MACROS);

export interface SourcePreset {
  id: string;
  label: string;
  type: SourceType;
  /** Parameter the network appends to our link with its own click id. */
  clickIdParam: string | null;
  /** The network's click-id macro to put on the tracking link, e.g. ?subid=${SUBID}. */
  linkSuffix: string | null;
  postbackUrlTemplate: string | null;
  note: string;
}

export const SOURCE_PRESETS: SourcePreset[] = [
  {
    id: "generic",
    label: "Generic S2S postback",
    type: "ad_network",
    clickIdParam: "clickid",
    linkSuffix: "?clickid={your network's click macro}",
    postbackUrlTemplate: "https://REPLACE_HOST/postback?clickid={source_click_id}&event={event}&payout={payout}&currency={currency}",
    note: "Any tracker that takes a server-to-server postback: replace the host and parameter names with the network's.",
  },
  {
    id: "propellerads",
    label: "PropellerAds",
    type: "ad_network",
    clickIdParam: "subid",
    // PropellerAds' own macro, written literally on the link.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: not a JS template
    linkSuffix: "?subid=${SUBID}",
    postbackUrlTemplate:
      "http://ad.propellerads.com/conversion.php?aid=REPLACE_AID&pid=&tid=REPLACE_TID&visitor_id={source_click_id}&payout={payout}",
    note: "aid and tid are shown in PropellerAds under Tracking → S2S postback.",
  },
  {
    id: "exoclick",
    label: "ExoClick",
    type: "ad_network",
    clickIdParam: "conversions_tracking",
    linkSuffix: "?conversions_tracking={conversions_tracking}",
    postbackUrlTemplate: "https://s.magsrv.com/tag.php?goal=REPLACE_GOAL_ID&tag={source_click_id}&value={payout}",
    note: "The goal id comes from ExoClick's Conversion Tracking page.",
  },
  {
    id: "google_ads",
    label: "Google Ads",
    type: "ad_network",
    clickIdParam: "gclid",
    linkSuffix: null,
    postbackUrlTemplate: null,
    note: "Google Ads takes no postback URL (offline conversion import); the gclid is kept with each click.",
  },
  {
    id: "meta",
    label: "Meta (Facebook / Instagram)",
    type: "social",
    clickIdParam: "fbclid",
    linkSuffix: null,
    postbackUrlTemplate: null,
    note: "Meta takes no postback URL (Conversions API); the fbclid is kept with each click.",
  },
  {
    id: "media_buyer",
    label: "Media buyer (own tracker)",
    type: "media_buyer",
    clickIdParam: "clickid",
    linkSuffix: "?clickid={their click id}",
    postbackUrlTemplate:
      "https://REPLACE_TRACKER/postback?clickid={source_click_id}&status={event}&payout={payout}&currency={currency}&txid={txid}",
    note: "Ask the buyer for their tracker's postback URL and click-id parameter.",
  },
];
