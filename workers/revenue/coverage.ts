import { sql } from "drizzle-orm";
import { eachDay } from "../../shared/time";
import { insertJsonRows } from "../db/bulk-insert";
import { revenueDayPulls } from "../db/schema";
import type { DateWindow } from "./connectors/types";

/**
 * The statement recording that a successful pull fetched every day of `window` at `pulledAt`
 * (empty days included: "no rows" is an answer too). It goes into the window's own atomic batch,
 * so a day counts as pulled exactly when its rows were stored. A slower, older run finishing later
 * never moves a day's time backwards.
 */
export function coverageStatement(workspaceId: string, offerId: string, window: DateWindow, pulledAt: number) {
  const t = revenueDayPulls;
  return insertJsonRows(
    t,
    eachDay(window.from, window.to).map((day) => ({ offerId, workspaceId, day, lastPulledAt: pulledAt })),
    {
      onConflict: sql`ON CONFLICT (${sql.identifier(t.offerId.name)}, ${sql.identifier(t.day.name)}) DO UPDATE SET ${sql.identifier(
        t.lastPulledAt.name,
      )} = max(${sql.identifier(t.lastPulledAt.name)}, excluded.${sql.identifier(t.lastPulledAt.name)})`,
    },
  );
}
