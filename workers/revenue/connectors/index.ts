import type { PlatformId } from "../../../shared/platforms";
import { affilka } from "./affilka";
import { cellxpert } from "./cellxpert";
import { everflow } from "./everflow";
import { generic } from "./generic";
import { incomeAccess } from "./income-access";
import { map } from "./map";
import { myaffiliates } from "./myaffiliates";
import { netrefer } from "./netrefer";
import { referon } from "./referon";
import { smartico } from "./smartico";
import type { Connector } from "./types";

/** Platform → connector. Add a connector here after writing its module (docs/connectors.md). */
/** Complete by type: every platform id has its connector (reports rely on it for "no_connector"). */
export const CONNECTORS: Record<PlatformId, Connector> = {
  affilka,
  generic,
  income_access: incomeAccess,
  cellxpert,
  smartico,
  map,
  netrefer,
  myaffiliates,
  everflow,
  referon,
};

export function connectorFor(platform: PlatformId): Connector | null {
  return CONNECTORS[platform] ?? null;
}
