/**
 * Inbound postback normalisation: platform macro names and tracker aliases → one record.
 * Pure and shared so the dashboard's "test a postback URL" preview uses the same rules.
 *
 * Three kinds of answer: a usable record (its event may still be unmapped for the offer), a
 * request kept aside as unattributed (unreplaced macros, junk click ids: answered 200 so the
 * platform stops retrying something that will never get better), or a rejection naming the
 * field (400: a value we can read but must not guess, e.g. an ambiguous amount).
 */
import { z } from "zod";
import { parseAmount } from "./amount";
import { isIsoCurrency } from "./currencies";
import { type PlatformId, POSTBACK_ALIASES } from "./platforms";
import { type OfferEvents, type PostbackEventType, resolveForOffers } from "./postback-events";

export const STATUS_ALIASES: Record<string, "pending" | "approved" | "rejected" | "chargeback"> = {
  pending: "pending",
  hold: "pending",
  on_hold: "pending",
  approved: "approved",
  approve: "approved",
  confirmed: "approved",
  sale: "approved",
  rejected: "rejected",
  declined: "rejected",
  invalid: "rejected",
  cancelled: "rejected",
  canceled: "rejected",
  chargeback: "chargeback",
  refund: "chargeback",
  reversed: "chargeback",
};

/** A whole value that is a literal macro a sender failed to replace: {clickid}, {{afp}}, [clickid], %clickid%, #clickid#. */
export const UNREPLACED_MACRO = /^(\{\{?[^{}]*\}?\}|\[[^[\]]*\]|%[^%]*%|#[^#]+#|\$\{[^}]*\}|REPLACE|OPTIONAL)$/i;
/** A macro inside a longer value ("abc-{clickid}", "{{amount}}.00"). */
const EMBEDDED_MACRO = /\{\{?\s*[A-Za-z_][\w.-]*\s*\}?\}/;

/** Click ids a template sends when the real one was missing: never a click of ours, never an attribution. */
export const JUNK_CLICK_IDS = new Set(["", "null", "undefined", "0", "-1", "nan", "true", "false", "none", "nil"]);

const clickIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._~:-]+$/, "must be letters, digits or . _ ~ : -");

export type CanonicalField = keyof typeof POSTBACK_ALIASES;
export type PostbackStatus = "pending" | "approved" | "rejected" | "chargeback";

export interface NormalizedPostback {
  clickId: string | null;
  /** Why a click id that was sent is not used (junk like "null"), for the log's reason. */
  clickIdNote: string | null;
  /** null: the name is not mapped for this offer (kept aside as unmapped). */
  eventType: PostbackEventType | null;
  /** The event name as sent (capped), shown in the log and offered for mapping. */
  eventName: string | null;
  /** Set when a campaign key's offers map the name differently: the hub picks by the click's offer. */
  eventByOffer: Record<string, PostbackEventType | null> | null;
  status: PostbackStatus | null;
  amountMicros: number | null;
  currency: string | null;
  txid: string | null;
  playerId: string | null;
}

export type NormalizeResult =
  | { ok: true; value: NormalizedPostback }
  | {
      ok: false;
      kind: "unattributed" | "rejected";
      field: string;
      message: string;
      eventName: string | null;
      /** What was read before the failure (null: not sent or not usable): the log entry is filed under the click's
       * campaign and the event's figure, though nothing is counted. */
      clickId: string | null;
      eventType: PostbackEventType | null;
      eventByOffer: Record<string, PostbackEventType | null> | null;
    };

/** A request that normalization keeps aside or refuses, with what it could read before failing. */
export type NormalizeFailure = Extract<NormalizeResult, { ok: false }>;

export interface NormalizeOptions {
  /** The offer's account currency, assumed when an amount comes without one (null: refuse instead). */
  defaultCurrency: string | null;
  /** Offers the key covers, with their event mappings. */
  offers: OfferEvents[];
  platform: PlatformId;
}

const EVENT_NAME_MAX = 64;

/** Picks the first alias present with a non-empty value (keys are lower-cased by the caller). */
export function pick(params: Map<string, string>, field: CanonicalField): { name: string; value: string } | null {
  for (const alias of POSTBACK_ALIASES[field]) {
    const v = params.get(alias);
    if (v !== undefined && v !== "") return { name: alias, value: v };
  }
  return null;
}

/** Like pick, but an alias sent empty counts as sent (an empty click id is junk, not absent). */
function pickSent(params: Map<string, string>, field: CanonicalField): { name: string; value: string } | null {
  const found = pick(params, field);
  if (found) return found;
  for (const alias of POSTBACK_ALIASES[field]) if (params.has(alias)) return { name: alias, value: "" };
  return null;
}

export function normalizePostback(params: Map<string, string>, opts: NormalizeOptions): NormalizeResult {
  const statusRaw = pick(params, "status");
  const eventParam = pick(params, "event");
  const sentName = (eventParam ?? statusRaw)?.value.trim().slice(0, EVENT_NAME_MAX) ?? null;
  let clickId: string | null = null;
  let eventType: PostbackEventType | null = null;
  let eventByOffer: Record<string, PostbackEventType | null> | null = null;
  const fail = (kind: "unattributed" | "rejected", field: string, message: string): NormalizeResult => ({
    ok: false,
    kind,
    field,
    message,
    eventName: sentName,
    clickId,
    eventType,
    eventByOffer,
  });

  for (const [name, value] of params) {
    const v = value.trim();
    if (UNREPLACED_MACRO.test(v) || EMBEDDED_MACRO.test(v)) {
      return fail("unattributed", name, `unreplaced macro ${v.slice(0, 64)} in ${name.slice(0, 64)}`);
    }
  }

  const click = pickSent(params, "clickId");
  let clickIdNote: string | null = null;
  if (click) {
    if (JUNK_CLICK_IDS.has(click.value.trim().toLowerCase())) {
      clickIdNote = `junk click id "${click.value.trim()}" in ${click.name}`;
    } else {
      const r = clickIdSchema.safeParse(click.value);
      if (!r.success) return fail("rejected", click.name, `${click.name} ${r.error.issues[0]?.message}`);
      clickId = r.data;
    }
  }

  const resolve = (name: string) => resolveForOffers(name, opts.offers, opts.platform);
  let status: PostbackStatus | null = null;
  if (statusRaw) {
    status = STATUS_ALIASES[statusRaw.value.toLowerCase()] ?? null;
    // `status` sometimes carries the event name (status=ftd); then it is the event, mapped or not.
    if (!status && eventParam) {
      return fail("rejected", statusRaw.name, `unknown status "${statusRaw.value.slice(0, 64)}"`);
    }
  }

  const eventRaw = eventParam ?? (statusRaw && !status ? statusRaw : null);
  if (eventRaw) {
    const r = resolve(eventRaw.value);
    eventType = r.type;
    eventByOffer = r.byOffer;
  } else if (status) {
    eventType = "status_change";
  } else {
    return fail("rejected", "event", "event is required (registration, ftd, qualified, deposit, chargeback)");
  }
  const mayReverse =
    eventType === "chargeback" ||
    eventType === null ||
    status === "chargeback" ||
    status === "rejected" ||
    Object.values(eventByOffer ?? {}).includes("chargeback");

  const currencyRaw = pick(params, "currency");
  let currency: string | null = null;
  if (currencyRaw) {
    currency = currencyRaw.value.trim().toUpperCase();
    if (!isIsoCurrency(currency)) {
      return fail("rejected", currencyRaw.name, `${currencyRaw.name} "${currencyRaw.value.slice(0, 16)}" is not an ISO 4217 currency code`);
    }
  }
  const amountRaw = pick(params, "amount");
  let amountMicros: number | null = null;
  if (amountRaw) {
    // The currency decides whether "1.234" is a decimal (KWD) or ambiguous (EUR): the one sent, else the account's.
    const a = parseAmount(amountRaw.value, currency ?? opts.defaultCurrency);
    if (!a.ok) return fail("rejected", amountRaw.name, `${amountRaw.name} ${a.message}`);
    if (a.micros < 0 && !mayReverse) {
      return fail("rejected", amountRaw.name, `${amountRaw.name} must not be negative (only a chargeback or reversal may be)`);
    }
    amountMicros = a.micros;
  }
  if (!currencyRaw && amountMicros !== null) {
    currency = opts.defaultCurrency;
    if (!currency) {
      return fail(
        "rejected",
        "currency",
        "currency is required with an amount: send currency=<ISO code> or set the offer's account currency",
      );
    }
  }
  const txid = pick(params, "txid")?.value.slice(0, 128) ?? null;
  const playerId = pick(params, "playerId")?.value.slice(0, 128) ?? null;
  if (!clickId && !playerId && !txid && eventType !== "status_change") {
    // A junk click id and nothing else to go by: kept aside, nothing to count or dedupe on.
    if (clickIdNote && click) return fail("unattributed", click.name, clickIdNote);
    return fail("rejected", "click_id", "click_id is required (or player_id / txid)");
  }
  return {
    ok: true,
    value: { clickId, clickIdNote, eventType, eventName: sentName, eventByOffer, status, amountMicros, currency, txid, playerId },
  };
}
