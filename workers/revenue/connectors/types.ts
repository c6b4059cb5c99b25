import type { ConnectorConfig } from "../../../shared/connector-config";
import type { MetricColumns } from "../../../shared/metric-columns";
import type { PlatformId } from "../../../shared/platforms";
import type { CanonicalRow } from "../canonical";

export interface DateWindow {
  /** Inclusive first day (platform timezone). */
  from: string;
  /** Inclusive last day (platform timezone). */
  to: string;
}

/** Everything a connector may know about the offer it pulls for. Secrets are decrypted here only. */
export interface ConnectorOffer {
  id: string;
  platform: PlatformId;
  brand: string;
  campaignTag: string | null;
  platformTimezone: string;
  accountCurrency: string | null;
  /** Non-secret settings, parsed once by the platform's schema (shared/connector-config.ts). */
  config: ConnectorConfig;
  /** Secret settings (URLs with tokens, keys, client secrets). */
  secrets: Record<string, string>;
}

export interface PullResult {
  rows: CanonicalRow[];
  httpStatus: number;
  /** Raw response text (the sync engine redacts and truncates before storing). */
  raw: string;
  /** Which column fed each metric (connectors that resolve column variants say so). */
  columns?: MetricColumns;
}

export type ConnectorErrorKind =
  | "auth"
  | "rate_limited"
  | "server"
  | "timeout"
  | "malformed"
  | "config"
  | "platform_error"
  /** The platform refuses this server's IP (Income Access, Cellxpert allowlists). */
  | "ip_not_allowed"
  /** The report lacks a column the import needs (custom reports, CSV exports). */
  | "missing_columns"
  /** A report URL without a date range (ReferOn preset links). */
  | "no_date_params";

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly httpStatus: number | null = null,
    readonly retryAfterSeconds: number | null = null,
    readonly raw: string | null = null,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "server" || this.kind === "timeout";
  }
}

/**
 * Offer filters a connector applies itself. The pipeline matches the campaign tag when a connector does not,
 * and checks the brand on every row whatever the connector did (revenue/pipeline.ts). Connectors that list
 * "brand" still skip other brands' rows while parsing, on purpose: a cell read after the skip (MAP's and
 * MyAffiliates' currency, for one) cannot fail this offer's pull for a brand it does not track.
 */
export type OfferFilter = "brand" | "merchant" | "campaign" | "promo";

export interface Connector {
  platform: PlatformId;
  /** Filters this connector applies while parsing; the campaign tag is matched centrally otherwise. */
  honours?: readonly OfferFilter[];
  /** Splits an inclusive day range into windows the platform accepts (max length, same month, ...). */
  windows(from: string, to: string): DateWindow[];
  /** Fetches and normalizes one window. Throws ConnectorError. */
  pull(offer: ConnectorOffer, window: DateWindow, fetcher: typeof fetch): Promise<PullResult>;
  /** Strings to redact from logs and stored raw responses. */
  secretsOf(offer: ConnectorOffer): string[];
}
