import { and, eq, lt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { addDays, localDate, startOfLocalDay } from "../../shared/time";
import { chunk, type DB, rowsPerInsert } from "../db/client";
import { analyticsHourly } from "../db/schema";
import { SESSION_DIMS, type SessionValues } from "../site-hub/analytics";

/**
 * Demo-only Site Analytics history: past days of hourly rollups built from synthetic visits (so
 * totals, pages, sources and offers agree with each other), written straight to D1 so a new
 * dashboard has a chart and a previous period to compare with. Today stays empty: real beacons
 * only ever arrive through /e.
 */
const SITES = [
  { id: "site_uk", tz: "Europe/London", offers: ["of_spinia", "of_betano"], country: ["GB", "GB", "GB", "IE"] },
  { id: "site_de", tz: "Europe/Berlin", offers: ["of_wildz", "of_vulkan"], country: ["DE", "DE", "AT", "CH"] },
];
const PAGES = ["/", "/best-casinos", "/reviews/spinia", "/reviews/betano", "/bonuses/free-spins", "/guides/how-to-withdraw"];
const SOURCES = ["Google", "Google", "(direct)", "Bing", "Reddit", "askgamblers.example"];
const UTM: [string, string, string][] = [
  ["", "", ""],
  ["", "", ""],
  ["google", "cpc", "uk-brand"],
  ["newsletter", "email", "weekly"],
];
const DEVICES: [string, string, string][] = [
  ["desktop", "Windows", "Chrome"],
  ["mobile", "iOS", "Safari"],
  ["mobile", "Android", "Chrome"],
  ["desktop", "macOS", "Safari"],
];
const HOURS = [8, 11, 13, 17, 20, 22];

type Row = typeof analyticsHourly.$inferInsert;

export async function seedAnalyticsHistory(db: DB, workspaceId: string, days = 14): Promise<void> {
  for (const site of SITES) {
    const today = localDate(Date.now(), site.tz);
    const done = await db
      .select({ hour: analyticsHourly.hour })
      .from(analyticsHourly)
      .where(and(eq(analyticsHourly.siteId, site.id), lt(analyticsHourly.hour, startOfLocalDay(today, site.tz))))
      .limit(1);
    if (done.length > 0) continue;

    const rows = new Map<string, Row>();
    const add = (hour: number, dim: string, value: string, d: Partial<Row>) => {
      const key = `${hour}|${dim}|${value}`;
      const row = rows.get(key) ?? {
        workspaceId,
        siteId: site.id,
        hour,
        dim,
        value,
        pageviews: 0,
        visitors: 0,
        visits: 0,
        bounces: 0,
        engagedMs: 0,
        offerClicks: 0,
        clickVisits: 0,
      };
      for (const k of ["pageviews", "visitors", "visits", "bounces", "engagedMs", "offerClicks", "clickVisits"] as const) {
        row[k] = (row[k] ?? 0) + (d[k] ?? 0);
      }
      rows.set(key, row);
    };

    let n = 0;
    for (let back = days; back >= 1; back--) {
      const day = addDays(today, -back);
      const start = startOfLocalDay(day, site.tz);
      const visits = 60 + ((back * 37 + site.id.length * 11) % 50);
      for (let v = 0; v < visits; v++, n++) {
        const hour = start + (HOURS[n % HOURS.length] ?? 12) * 3_600_000;
        const [utmSource, utmMedium, utmCampaign] = UTM[(n >> 2) % UTM.length] ?? ["", "", ""];
        const [device, os, browser] = DEVICES[n % DEVICES.length] ?? ["desktop", "Windows", "Chrome"];
        const session: SessionValues = {
          entry: PAGES[(n * 7) % PAGES.length] ?? "/",
          source: SOURCES[(n * 5) % SOURCES.length] ?? "(direct)",
          utm_source: utmSource,
          utm_medium: utmMedium,
          utm_campaign: utmCampaign,
          click_source: utmMedium === "cpc" ? "Google Ads" : "",
          country: site.country[n % site.country.length] ?? "GB",
          device,
          os,
          browser,
        };
        const pages = 1 + ((n * 13) % 4);
        const clicks = (n * 3) % 7 === 0 ? 1 + (n % 2) : 0;
        const engaged = pages * (15_000 + ((n * 7919) % 90_000));
        const d = {
          pageviews: pages,
          visitors: 1,
          visits: 1,
          bounces: pages === 1 && clicks === 0 ? 1 : 0,
          engagedMs: engaged,
          offerClicks: clicks,
          clickVisits: clicks > 0 ? 1 : 0,
        };
        add(hour, "total", "", d);
        for (const dim of SESSION_DIMS) if (session[dim]) add(hour, dim, session[dim], d);
        const seenPages = new Set<string>();
        for (let p = 0; p < pages; p++) {
          const path = p === 0 ? session.entry : (PAGES[(n + p * 3) % PAGES.length] ?? "/");
          add(hour, "path", path, {
            pageviews: 1,
            visitors: seenPages.has(path) ? 0 : 1,
            engagedMs: Math.round(engaged / pages),
            offerClicks: p === pages - 1 ? clicks : 0,
          });
          seenPages.add(path);
        }
        if (clicks > 0) add(hour, "offer", site.offers[n % site.offers.length] ?? "", { offerClicks: clicks });
      }
    }

    const inserts: BatchItem<"sqlite">[] = chunk([...rows.values()], rowsPerInsert(12)).map((part) =>
      db.insert(analyticsHourly).values(part).onConflictDoNothing(),
    );
    for (const group of chunk(inserts, 50)) {
      const [first, ...rest] = group;
      if (first) await db.batch([first, ...rest]);
    }
  }
}
