/**
 * FX for report money in original currencies (NGR, deposits): the rates of every (day, currency)
 * a report needs are loaded in one query and converted in memory, with the same rule as the
 * revenue layer (ECB EUR rates, the latest on or before the day, at most 7 days back; exact BigInt
 * conversion). No rate = null (the figure is flagged, never 0 or unconverted).
 */

import { and, eq, gte, lte } from "drizzle-orm";
import { addDays } from "../../shared/time";
import type { DB } from "../db/client";
import { inList } from "../db/in-list";
import { fxRates } from "../db/schema";
import { FxTable } from "../fx/rates";

export class RateBook {
  private constructor(
    private to: string,
    private eur: Map<string, { date: string; rate: string }[]>,
  ) {}

  static async load(db: DB, to: string, needs: { day: string; currency: string }[]): Promise<RateBook> {
    const eur = new Map<string, { date: string; rate: string }[]>();
    if (needs.length) {
      const days = needs.map((n) => n.day).sort();
      const quotes = [...new Set([...needs.map((n) => n.currency), to])].filter((c) => c !== "EUR");
      if (quotes.length) {
        const rows = await db
          .select({ date: fxRates.date, quote: fxRates.quote, rate: fxRates.rate })
          .from(fxRates)
          .where(
            and(
              eq(fxRates.base, "EUR"),
              inList(fxRates.quote, quotes),
              gte(fxRates.date, addDays(days[0] as string, -7)),
              lte(fxRates.date, days[days.length - 1] as string),
            ),
          );
        for (const r of rows) {
          const list = eur.get(r.quote) ?? [];
          list.push({ date: r.date, rate: r.rate });
          eur.set(r.quote, list);
        }
        for (const list of eur.values()) list.sort((a, b) => (a.date < b.date ? -1 : 1));
      }
    }
    return new RateBook(to, eur);
  }

  /** (quote, day) → rate: a report converts thousands of rows over a few hundred (day, currency) pairs. */
  private found = new Map<string, string | null>();

  private eurRate(day: string, quote: string): string | null {
    if (quote === "EUR") return "1";
    const key = `${quote}|${day}`;
    let rate = this.found.get(key);
    if (rate === undefined) {
      rate = this.lookup(day, quote);
      this.found.set(key, rate);
    }
    return rate;
  }

  private lookup(day: string, quote: string): string | null {
    const list = this.eur.get(quote);
    if (!list) return null;
    let found: { date: string; rate: string } | null = null;
    for (const r of list) if (r.date <= day) found = r;
    return found && found.date >= addDays(day, -7) ? found.rate : null;
  }

  convert(micros: number, day: string, from: string): number | null {
    if (from === this.to) return micros;
    const a = this.eurRate(day, from);
    const b = this.eurRate(day, this.to);
    if (!a || !b) return null;
    return FxTable.convert(micros, { num: b, den: a });
  }
}
