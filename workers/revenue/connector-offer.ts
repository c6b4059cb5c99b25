import { parseConnectorConfig } from "../../shared/connector-config";
import { ConnectorError, type ConnectorOffer } from "./connectors/types";

/** An offer as stored or edited: its config not yet parsed. */
export type RawConnectorOffer = Omit<ConnectorOffer, "config"> & { config: Record<string, unknown> };

/**
 * The connector's view of an offer, its config parsed once by the platform's schema: a value that
 * does not fit (or a filter the platform cannot apply) is a config error naming the field, never a default.
 */
export function parseConnectorOffer(raw: RawConnectorOffer): ConnectorOffer {
  const parsed = parseConnectorConfig(raw.platform, raw.config);
  if (!parsed.ok) {
    const text = parsed.issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    throw new ConnectorError("config", `API Setup is invalid: ${text}`);
  }
  return { ...raw, config: parsed.config };
}

/** For redaction only: secrets matter, config does not (no connector's secretsOf reads it). */
export function redactionOffer(raw: RawConnectorOffer): ConnectorOffer {
  return { ...raw, config: {} };
}
