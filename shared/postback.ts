/**
 * Inbound postback normalisation: platform macro names and tracker aliases → one record.
 * Pure and shared so the dashboard's "test a postback URL" preview uses the same rules.
 */
import { z } from "zod";
import { parseDecimalToMicros } from "./money";
import { POSTBACK_ALIASES } from "./platforms";

export const EVENT_ALIASES: Record<string, "registration" | "ftd" | "qualified" | "deposit" | "status_change"> = {
  registration: "registration",
  reg: "registration",
  signup: "registration",
  sign_up: "registration",
  lead: "registration",
  lead_registration: "registration",
  ftd: "ftd",
  first_deposit: "ftd",
  firstdeposit: "ftd",
  first_deposit_count: "ftd",
  qualified: "qualified",
  qftd: "qualified",
  cpa: "qualified",
  qualified_cpa: "qualified",
  lead_qualified: "qualified",
  deposit: "deposit",
  dep: "deposit",
  rdep: "deposit",
  redeposit: "deposit",
  rebill: "deposit",
  status: "status_change",
  status_change: "status_change",
  update: "status_change",
};

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

/** Literal macros a sender failed to replace: {clickid}, {{afp}}, [clickid], %clickid%, #clickid#. */
export const UNREPLACED_MACRO = /^(\{\{?[^{}]*\}?\}|\[[^[\]]*\]|%[^%]*%|#[^#]+#|\$\{[^}]*\}|REPLACE|OPTIONAL)$/i;

const clickIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._~:-]+$/, "must be letters, digits or . _ ~ : -");

export type CanonicalField = keyof typeof POSTBACK_ALIASES;

export interface NormalizedPostback {
  clickId: string | null;
  eventType: "registration" | "ftd" | "qualified" | "deposit" | "status_change";
  status: "pending" | "approved" | "rejected" | "chargeback" | null;
  amountMicros: number | null;
  currency: string | null;
  txid: string | null;
  playerId: string | null;
}

export type NormalizeResult = { ok: true; value: NormalizedPostback } | { ok: false; field: string; message: string; keep: boolean };

/** Picks the first alias present (case-insensitive keys). */
export function pick(params: Map<string, string>, field: CanonicalField): { name: string; value: string } | null {
  for (const alias of POSTBACK_ALIASES[field]) {
    const v = params.get(alias);
    if (v !== undefined && v !== "") return { name: alias, value: v };
  }
  return null;
}

export function normalizePostback(params: Map<string, string>, defaultCurrency: string | null): NormalizeResult {
  for (const [name, value] of params) {
    if (UNREPLACED_MACRO.test(value.trim())) {
      return { ok: false, field: name, message: `unreplaced macro ${value} in ${name}`, keep: true };
    }
  }
  const click = pick(params, "clickId");
  let clickId: string | null = null;
  if (click) {
    const r = clickIdSchema.safeParse(click.value);
    if (!r.success) return { ok: false, field: click.name, message: `${click.name} ${r.error.issues[0]?.message}`, keep: true };
    clickId = r.data;
  }

  const statusRaw = pick(params, "status");
  let status: NormalizedPostback["status"] = null;
  if (statusRaw) {
    status = STATUS_ALIASES[statusRaw.value.toLowerCase()] ?? null;
    // `status` sometimes carries the event name (status=ftd); let the event lookup use it.
    if (!status && !EVENT_ALIASES[statusRaw.value.toLowerCase()]) {
      return { ok: false, field: statusRaw.name, message: `unknown status "${statusRaw.value}"`, keep: true };
    }
  }

  const eventRaw = pick(params, "event") ?? (statusRaw && !status ? statusRaw : null);
  let eventType: NormalizedPostback["eventType"] | undefined;
  if (eventRaw) {
    eventType = EVENT_ALIASES[eventRaw.value.toLowerCase().replace(/[\s-]+/g, "_")];
    if (!eventType) {
      return {
        ok: false,
        field: eventRaw.name,
        message: `unknown event "${eventRaw.value}" (use registration, ftd, qualified, deposit or status_change)`,
        keep: true,
      };
    }
  } else if (status) {
    eventType = "status_change";
  } else {
    return { ok: false, field: "event", message: "event is required (registration, ftd, qualified, deposit)", keep: true };
  }

  const amountRaw = pick(params, "amount");
  let amountMicros: number | null = null;
  if (amountRaw) {
    amountMicros = parseDecimalToMicros(amountRaw.value);
    if (amountMicros === null) {
      return { ok: false, field: amountRaw.name, message: `${amountRaw.name} must be a decimal number like 25.50`, keep: true };
    }
  }
  const currencyRaw = pick(params, "currency");
  let currency: string | null = null;
  if (currencyRaw) {
    currency = currencyRaw.value.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) {
      return { ok: false, field: currencyRaw.name, message: `${currencyRaw.name} must be a 3-letter ISO 4217 code`, keep: true };
    }
  } else if (amountMicros !== null) {
    currency = defaultCurrency;
    if (!currency) {
      return { ok: false, field: "currency", message: "currency is required when an amount is sent", keep: true };
    }
  }
  const txid = pick(params, "txid")?.value.slice(0, 128) ?? null;
  const playerId = pick(params, "playerId")?.value.slice(0, 128) ?? null;
  if (!clickId && !playerId && !txid && eventType !== "status_change") {
    return { ok: false, field: "click_id", message: "click_id is required (or player_id / txid)", keep: true };
  }
  return { ok: true, value: { clickId, eventType, status, amountMicros, currency, txid, playerId } };
}
