/**
 * The revenue change log as sentences: "FTDs for 2026-11-20 went 12 → 10".
 * revenue_changes keeps field → [old, new] per row and re-pull; the row's natural key
 * (see naturalKeyOf) says which brand / campaign / click / country and which currency.
 */

import { and, desc, eq } from "drizzle-orm";
import { formatMicros } from "../../shared/money";
import type { ChangeLogEntry } from "../../shared/report-types";
import { METRIC_FIELDS } from "../../shared/revenue-metrics";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { revenueChanges } from "../db/schema";

type Metric = (typeof METRIC_FIELDS)[number];

const LABELS: Record<Metric, string> = {
  impressions: "Impressions",
  clicks: "Clicks",
  registrations: "Registrations",
  ftdCount: "FTDs",
  qftdCount: "Qualified FTDs",
  depositingPlayers: "Depositing players",
  depositCount: "Deposit count",
  depositsMicros: "Deposits",
  ftdAmountMicros: "FTD amount",
  ngrMicros: "NGR",
  commissionRevshareMicros: "Rev-share commission",
  commissionCpaMicros: "CPA commission",
  commissionOtherMicros: "Other commission",
  commissionTotalMicros: "Commission",
};

const isMetric = (f: string): f is Metric => (METRIC_FIELDS as readonly string[]).includes(f);

interface KeyParts {
  brand: string | null;
  campaign: string | null;
  trackingCode: string | null;
  clickId: string | null;
  country: string | null;
  currency: string | null;
}

/** Reads the natural key written by naturalKeyOf: [date, granularity, basis, brand, campaign, tracking, click, country, subIds, currency]. */
export function parseNaturalKey(key: string): KeyParts {
  const none: KeyParts = { brand: null, campaign: null, trackingCode: null, clickId: null, country: null, currency: null };
  let arr: unknown;
  try {
    arr = JSON.parse(key);
  } catch {
    return none;
  }
  if (!Array.isArray(arr)) return none;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  return {
    brand: str(arr[3]),
    campaign: str(arr[4]),
    trackingCode: str(arr[5]),
    clickId: str(arr[6]),
    country: str(arr[7]),
    currency: str(arr[9]),
  };
}

function scopeOf(p: KeyParts): string | null {
  const parts: string[] = [];
  if (p.brand) parts.push(`brand ${p.brand}`);
  if (p.campaign) parts.push(`campaign ${p.campaign}`);
  if (p.trackingCode) parts.push(`tracking code ${p.trackingCode}`);
  if (p.clickId) parts.push(`click ${p.clickId}`);
  if (p.country) parts.push(p.country);
  return parts.length ? parts.join(", ") : null;
}

function show(field: Metric, v: unknown, currency: string | null): string {
  if (v === null || v === undefined) return "none";
  if (typeof v !== "number") return String(v);
  if (field.endsWith("Micros")) return `${currency ? `${currency} ` : ""}${formatMicros(v)}`;
  return String(v);
}

export function changeSentences(
  kind: "inserted" | "changed" | "removed",
  reportDate: string,
  naturalKey: string,
  diff: Record<string, [unknown, unknown]>,
): { scope: string | null; sentences: string[] } {
  const parts = parseNaturalKey(naturalKey);
  const scope = scopeOf(parts);
  const where = scope ? ` (${scope})` : "";
  const fields = Object.keys(diff).filter(isMetric);
  const sentences: string[] = [];
  if (kind === "changed") {
    for (const f of fields) {
      const [a, b] = diff[f] ?? [null, null];
      sentences.push(`${LABELS[f]} for ${reportDate}${where} went ${show(f, a, parts.currency)} → ${show(f, b, parts.currency)}`);
    }
    if (sentences.length === 0) sentences.push(`Row for ${reportDate}${where} was reported again after being removed`);
  } else if (kind === "inserted") {
    const figures = fields.map((f) => `${LABELS[f]} ${show(f, diff[f]?.[1], parts.currency)}`);
    sentences.push(`First reported ${reportDate}${where}${figures.length ? `: ${figures.join(", ")}` : ""}`);
  } else {
    const figures = fields.map((f) => `${LABELS[f]} ${show(f, diff[f]?.[0], parts.currency)}`);
    sentences.push(
      `Row for ${reportDate}${where} is no longer reported by the platform${figures.length ? ` (was ${figures.join(", ")})` : ""}`,
    );
  }
  return { scope, sentences };
}

export function toChangeLogEntry(row: {
  id: string;
  syncRunId: string;
  reportDate: string;
  kind: "inserted" | "changed" | "removed";
  naturalKey: string;
  diff: Record<string, [unknown, unknown]>;
  lateRestatement: boolean;
  createdAt: number;
}): ChangeLogEntry {
  const { scope, sentences } = changeSentences(row.kind, row.reportDate, row.naturalKey, row.diff);
  return {
    id: row.id,
    syncRunId: row.syncRunId,
    reportDate: row.reportDate,
    kind: row.kind,
    createdAt: row.createdAt,
    scope,
    lateRestatement: row.lateRestatement,
    // Said in words too: the figure had been shown as settled before the operator changed it.
    sentences: row.lateRestatement ? sentences.map((t) => `Late restatement (the day had settled): ${t}`) : sentences,
  };
}

export type ChangeKind = "inserted" | "changed" | "removed";

/** An offer's change log, newest first: chosen kinds, optionally one run's, optionally late restatements only. */
export async function listRevenueChanges(
  db: DB,
  workspaceId: string,
  offerId: string,
  opts: { kinds: ChangeKind[]; runId?: string | undefined; lateOnly: boolean; limit: number },
): Promise<ChangeLogEntry[]> {
  const where = [eq(revenueChanges.offerId, offerId), eq(revenueChanges.workspaceId, workspaceId), inList(revenueChanges.kind, opts.kinds)];
  if (opts.runId) where.push(eq(revenueChanges.syncRunId, opts.runId));
  if (opts.lateOnly) where.push(eq(revenueChanges.lateRestatement, true));
  const rows = await db
    .select()
    .from(revenueChanges)
    .where(and(...where))
    .orderBy(desc(revenueChanges.createdAt), desc(revenueChanges.id))
    .limit(opts.limit);
  return rows.map(toChangeLogEntry);
}
