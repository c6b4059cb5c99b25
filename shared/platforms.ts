/**
 * Per-platform presets: where the click id goes on the operator link, and which macro names
 * the platform's postbacks use. Facts from ../shared/reference/platforms.md; where the
 * public docs are silent the preset is a documented assumption the user can override.
 */
import type { PostbackEventType } from "./event-types";

export const PLATFORM_IDS = [
  "affilka",
  "income_access",
  "map",
  "myaffiliates",
  "referon",
  "cellxpert",
  "smartico",
  "netrefer",
  "everflow",
  "generic",
] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export interface PlatformPreset {
  label: string;
  /** Query parameter on the operator's tracking link that carries our click id. */
  clickParam: string;
  /** Postback macros the platform substitutes, keyed by our field. */
  macros: {
    clickId: string;
    amount?: string;
    currency?: string;
    txid?: string;
    playerId?: string;
    event?: string;
    status?: string;
  };
  /** Event names the platform supports for postbacks. */
  events: string[];
  /** Event names this platform sends beyond the built-in ones (shared/postback-events.ts), as name key → type. */
  eventNames?: Record<string, PostbackEventType>;
  /** Whether click id assumptions come from public docs (false = inferred, override expected). */
  documented: boolean;
}

export const PLATFORM_PRESETS: Record<PlatformId, PlatformPreset> = {
  affilka: {
    label: "Affilka (SoftSwiss)",
    // Extra query params come back as dynamic_tag_<name>; SoftSwiss-style postbacks echo it as {transaction_id}.
    clickParam: "click_id",
    macros: { clickId: "{transaction_id}", amount: "{amount}" },
    events: ["registration", "ftd", "deposit", "qualified"],
    // SoftSwiss-style programs name their events "Registration", "First deposit", "Deposit", "CPA qualification".
    eventNames: { cpa_qualification: "qualified" },
    documented: false,
  },
  income_access: {
    label: "Income Access",
    // btag identifies the affiliate/site; `c=` is the free sub-id slot.
    clickParam: "c",
    macros: { clickId: "{c}" },
    events: ["registration", "ftd"],
    documented: false,
  },
  map: {
    label: "MAP",
    clickParam: "subid",
    macros: { clickId: "{subid}" },
    events: ["registration", "ftd"],
    documented: false,
  },
  myaffiliates: {
    label: "MyAffiliates",
    clickParam: "payload",
    macros: { clickId: "{payload}" },
    events: ["registration", "ftd"],
    documented: false,
  },
  referon: {
    label: "ReferOn",
    // The variable name in the tracker must match the one in the postback (clickid ↔ clickid).
    clickParam: "clickid",
    macros: { clickId: "{clickid}", playerId: "{customer_id}", event: "{event_type}", currency: "{currency}" },
    events: ["registration", "ftd", "qualified"],
    documented: true,
  },
  cellxpert: {
    label: "Cellxpert",
    clickParam: "afp",
    macros: { clickId: "{afp}" },
    events: ["registration", "ftd", "qualified"],
    documented: false,
  },
  smartico: {
    label: "Smartico (TAP)",
    clickParam: "afp",
    macros: { clickId: "{{afp}}", playerId: "{{registration_id}}" },
    events: ["registration", "ftd", "qualified"],
    documented: true,
  },
  netrefer: {
    label: "NetRefer",
    clickParam: "var1",
    macros: { clickId: "{var1}" },
    events: ["registration", "ftd", "deposit"],
    documented: false,
  },
  everflow: {
    label: "Everflow",
    clickParam: "sub1",
    // Not txid={transaction_id}: Everflow's {transaction_id} is its click id, the same for every event of
    // a click, so as a txid it made a click's FTD a "duplicate" of its registration. No per-event id macro is documented.
    macros: { clickId: "{sub1}", amount: "{payout_amount}", status: "{status}" },
    events: ["registration", "ftd", "deposit", "qualified"],
    documented: true,
  },
  generic: {
    label: "Generic / other",
    clickParam: "subid",
    macros: { clickId: "{clickid}", amount: "{amount}", currency: "{currency}", txid: "{txid}", event: "{event}" },
    events: ["registration", "ftd", "deposit", "qualified", "status_change"],
    documented: true,
  },
};

/** Aliases accepted on /pb for each canonical field (tracker conventions, platforms.md §14, §16.2). */
export const POSTBACK_ALIASES = {
  clickId: ["click_id", "clickid", "cid", "subid", "sub1", "afp", "var", "var1", "c", "payload", "transaction_id"],
  amount: ["amount", "payout", "sum", "revenue", "deposit"],
  currency: ["currency", "cur", "cnv_currency"],
  txid: ["txid", "tid", "postback_id", "event_id", "rdtk_event_id", "conversion_id"],
  event: ["event", "type", "goal", "event_type"],
  status: ["status", "cnv_status", "conv_status"],
  playerId: ["player_id", "customer_id", "registration_id", "profile_id", "user_id"],
} as const;

export function clickParamFor(platform: PlatformId, override?: string | null): string {
  return override?.trim() || PLATFORM_PRESETS[platform].clickParam;
}

/**
 * Said next to a platform's postback URL template when the platform has no transaction-id macro (none of the
 * named platforms documents a per-event one, platforms.md §6; Everflow's {transaction_id} is its click id): a
 * retry is then deduped without a txid (docs/decisions.md, "Dedupe keys for postbacks"). Null when it carries one.
 */
export function txidNoteFor(platform: PlatformId): string | null {
  const p = PLATFORM_PRESETS[platform];
  if (p.macros.txid) return null;
  return `${p.label} documents no transaction-id macro, so this URL has no txid: a retried registration, FTD or qualification counts once per click, but deposits are told apart only by the whole request (two equal deposits of one click count once). If your program offers an event id macro, add &txid=<that macro>.`;
}

/** The ready-to-paste postback URL for an offer on its platform. */
export function postbackUrlFor(origin: string, key: string, platform: PlatformId, event: string): string {
  const m = PLATFORM_PRESETS[platform].macros;
  const q = new URLSearchParams();
  q.set("click_id", m.clickId);
  q.set("event", event);
  if (m.amount) q.set("amount", m.amount);
  if (m.currency) q.set("currency", m.currency);
  if (m.txid) q.set("txid", m.txid);
  if (m.playerId) q.set("player_id", m.playerId);
  // Macros must stay literal for the operator to replace them.
  return `${origin}/pb/${key}?${q.toString().replace(/%7B/gi, "{").replace(/%7D/gi, "}")}`;
}
