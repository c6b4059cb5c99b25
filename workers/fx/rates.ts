import { and, desc, eq, lte } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { addDays } from "../../shared/time";
import type { DB } from "../db/client";
import { getDb } from "../db/client";
import { fxRates } from "../db/schema";

/** ECB publishes EUR-based reference rates each working day around 16:00 CET. */
export const ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

export async function pullEcbRates(env: Env, fetcher: typeof fetch = fetch): Promise<number> {
  const res = await fetcher(ECB_DAILY_URL, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`ECB answered ${res.status}`);
  const rows = parseEcbXml(await res.text());
  const db = getDb(env.DB);
  for (let i = 0; i < rows.length; i += 15) {
    await db
      .insert(fxRates)
      .values(rows.slice(i, i + 15))
      .onConflictDoNothing();
  }
  return rows.length;
}

export function parseEcbXml(xml: string): (typeof fxRates.$inferInsert)[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml) as {
    "gesmes:Envelope"?: { Cube?: { Cube?: { time?: string; Cube?: { currency: string; rate: string }[] } } };
  };
  const day = doc["gesmes:Envelope"]?.Cube?.Cube;
  if (!day?.time || !Array.isArray(day.Cube)) throw new Error("unexpected ECB XML");
  return day.Cube.filter((c) => /^[A-Z]{3}$/.test(c.currency) && /^\d+(\.\d+)?$/.test(String(c.rate))).map((c) => ({
    date: day.time as string,
    base: "EUR",
    quote: c.currency,
    rate: String(c.rate),
    source: "ecb",
  }));
}

/** EUR→quote rate on or before `date` (ECB skips weekends and holidays; up to 7 days back). */
async function eurRate(db: DB, date: string, quote: string): Promise<{ rate: string; date: string } | null> {
  if (quote === "EUR") return { rate: "1", date };
  const row = (
    await db
      .select({ rate: fxRates.rate, date: fxRates.date })
      .from(fxRates)
      .where(and(eq(fxRates.base, "EUR"), eq(fxRates.quote, quote), lte(fxRates.date, date)))
      .orderBy(desc(fxRates.date))
      .limit(1)
  )[0];
  if (!row || row.date < addDays(date, -7)) return null;
  return row;
}

export interface FxRate {
  /** Decimal string: 1 unit of `from` = rate units of `to`. Null = no rate (figure flagged, not zero). */
  rate: { num: string; den: string } | null;
  date: string | null;
}

export class FxTable {
  private memo = new Map<string, Promise<FxRate>>();
  constructor(private db: DB) {}

  rate(date: string, from: string, to: string): Promise<FxRate> {
    const k = `${date}|${from}|${to}`;
    let p = this.memo.get(k);
    if (!p) {
      p = (async () => {
        if (from === to) return { rate: { num: "1", den: "1" }, date };
        const [a, b] = await Promise.all([eurRate(this.db, date, from), eurRate(this.db, date, to)]);
        if (!a || !b) return { rate: null, date: null };
        return { rate: { num: b.rate, den: a.rate }, date: a.date < b.date ? a.date : b.date };
      })();
      this.memo.set(k, p);
    }
    return p;
  }

  /** The cross rate as one decimal string (12 significant decimals), for storing beside a converted figure. */
  static rateText(rate: { num: string; den: string }): string {
    if (rate.den === "1") return rate.num;
    const [n, ns] = scaled(rate.num);
    const [d, ds] = scaled(rate.den);
    const q = (n * 10n ** BigInt(ds + 12)) / (d * 10n ** BigInt(ns));
    const digits = q.toString().padStart(13, "0");
    return `${digits.slice(0, -12)}.${digits.slice(-12)}`.replace(/0+$/, "").replace(/\.$/, "");
  }

  /** Converts micros exactly (BigInt) at the cross rate num/den, rounding half away from zero. */
  static convert(micros: number, rate: { num: string; den: string }): number {
    const [n, ns] = scaled(rate.num);
    const [d, ds] = scaled(rate.den);
    // micros × (n / 10^ns) / (d / 10^ds) = micros × n × 10^ds / (d × 10^ns)
    const numer = BigInt(micros) * n * 10n ** BigInt(ds);
    const denom = d * 10n ** BigInt(ns);
    const half = denom / 2n;
    const q = numer >= 0n ? (numer + half) / denom : -((-numer + half) / denom);
    return Number(q);
  }
}

function scaled(dec: string): [bigint, number] {
  const [w, f = ""] = dec.split(".");
  return [BigInt((w ?? "0") + f), f.length];
}
