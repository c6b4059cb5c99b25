import { claimBeaconId } from "./analytics";
import type { Sql } from "./types";

/**
 * Clicks and beacons the edge answered but could not confirm written here after its retries
 * (edge/hub-batch.ts). Only what the hub does not hold is counted, so a batch that landed after all
 * (an attempt that only timed out) is not called lost. A beacon batch's id counted lost is also taken,
 * so a late attempt arriving after this is ignored as a duplicate: each beacon is stored or counted
 * lost, never both. Returns how many are lost (`ids`: click ids, or the one beacon batch id of `count` beacons).
 */
export function claimLost(sql: Sql, kind: "clicks" | "beacons", ids: string[], now: number, count = ids.length): number {
  let lost = 0;
  if (kind === "beacons") {
    for (const id of ids) lost += claimBeaconId(sql, id, now) ? 1 : 0;
    return lost > 0 ? count : 0;
  }
  // A click id is kept for months after its flush (clicks.ts), far longer than any retry takes.
  for (const id of ids) lost += sql.exec("SELECT 1 FROM clicks WHERE id = ?", id).toArray().length === 0 ? 1 : 0;
  return lost;
}
