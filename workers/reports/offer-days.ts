import { and, eq } from "drizzle-orm";
import type { OfferDaysResponse } from "../../shared/report-types";
import { eachDay } from "../../shared/time";
import type { DB } from "../db/client";
import { offers } from "../db/schema";
import { notFound } from "../lib/errors";
import { offerDayContexts } from "./day-states";

/** One offer's platform days with their state, why, and when each was published, pulled and settles. */
export async function offerDays(
  db: DB,
  workspaceId: string,
  offerId: string,
  from: string,
  to: string,
  now = Date.now(),
): Promise<OfferDaysResponse> {
  const offer = (
    await db
      .select({ id: offers.id, timeZone: offers.platformTimezone })
      .from(offers)
      .where(and(eq(offers.id, offerId), eq(offers.workspaceId, workspaceId)))
  )[0];
  const ctx = offer ? (await offerDayContexts(db, workspaceId, [offer.id], now)).get(offer.id) : undefined;
  if (!offer || !ctx) throw notFound("offer");
  return {
    offerId: offer.id,
    timezone: offer.timeZone,
    settings: ctx.settings,
    completeThrough: ctx.completeThrough,
    days: eachDay(from, to).map((d) => ctx.status(d)),
  };
}
