import { eq } from "drizzle-orm";
import { tagDimensionOf } from "../../shared/revenue-tags";
import { addDays } from "../../shared/time";
import { hashPassword } from "../auth/password";
import type { DB } from "../db/client";
import {
  accounts,
  campaignOffers,
  campaigns,
  casinoEntries,
  clicks,
  conversions,
  fxRates,
  members,
  offers,
  siteOffers,
  sites,
  tagRoutes,
  trackingLinks,
  trafficSources,
  users,
  workspaces,
} from "../db/schema";
import { encryptSecrets } from "../lib/secrets";
import { publishRoutes } from "../site-hub/build-routes";
import { seedAnalyticsHistory } from "./seed-analytics";

export const DEMO_WORKSPACE = "ws_demo";
export const DEMO_EMAIL = "demo@casinoflux.local";

export interface DemoSeed {
  workspaceId: string;
  email: string;
  password: string;
  sites: { id: string; name: string; publicKey: string; domains: string[] }[];
  links: { slug: string; siteId: string; offerId: string; campaignId: string | null }[];
  postbackKeys: { offerId: string; key: string; platform: string }[];
}

const SITES = [
  {
    id: "site_uk",
    name: "CasinoGuide UK",
    domains: ["casinoguide.example", "localhost", "127.0.0.1"],
    market: "GB",
    timezone: "Europe/London",
    publicKey: "pkcasinoguideuk01",
    hubCode: "cguk01",
  },
  {
    id: "site_de",
    name: "SlotsReview DE",
    domains: ["slotsreview.example"],
    market: "DE",
    timezone: "Europe/Berlin",
    publicKey: "pkslotsreviewde01",
    hubCode: "srde01",
  },
] as const;

/**
 * Demo workspace for local runs, tests and benchmarks. Idempotent: re-running keeps the data and
 * sets a new demo password. Offers point their API Setup at the local sandbox platform server.
 */
export async function seedDemo(env: Env, db: DB, opts: { sandboxUrl: string; password: string; fxDays?: number }): Promise<DemoSeed> {
  const exists = (await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, DEMO_WORKSPACE)))[0];
  const ws = DEMO_WORKSPACE;
  const sandbox = opts.sandboxUrl.replace(/\/$/, "");
  const offerDefs = [
    {
      id: "of_spinia",
      name: "Spinia UK — CPA €100",
      platform: "affilka" as const,
      brand: "Spinia",
      brandId: "12",
      tag: "501",
      url: "https://go.spinia.example/visit/?bta=501&nci=5402",
      site: "site_uk",
      deal: "cpa" as const,
      cpa: 100_000_000,
      currency: "EUR",
      secrets: { reportUrl: `${sandbox}/affilka/api/customer/v1/partner/report?token=demo-spinia-token` },
    },
    {
      id: "of_wildz",
      name: "Wildz DE — RevShare 35%",
      platform: "affilka" as const,
      brand: "Wildz",
      brandId: "14",
      tag: "777",
      url: "https://go.wildz.example/visit/?bta=777&nci=6001",
      site: "site_de",
      deal: "revshare" as const,
      cpa: null,
      currency: "EUR",
      secrets: { reportUrl: `${sandbox}/affilka/api/customer/v1/partner/report?token=demo-wildz-token` },
    },
    {
      id: "of_betano",
      name: "Betano UK — Hybrid",
      platform: "income_access" as const,
      brand: "Betano",
      brandId: null,
      tag: "39356",
      url: "https://betano.adsrv.example/C.ashx?btag=a_39356b_18233c_",
      site: "site_uk",
      deal: "hybrid" as const,
      cpa: 50_000_000,
      currency: "GBP",
      secrets: {
        reportUrl: `${sandbox}/income-access/api/affreporting.asp?key=demo-ia-key&reportname=Member%20Report%20-%20Detailed&reportformat=csv&reportmerchantid=1&reportstartdate=2026/01/01&reportenddate=2026/01/31`,
      },
    },
    {
      id: "of_vulkan",
      name: "Vulkan DE — CPA",
      platform: "referon" as const,
      brand: "Vulkan",
      brandId: null,
      tag: "88",
      url: "https://ro.vulkan.example/track?mid=88",
      site: "site_de",
      deal: "cpa" as const,
      cpa: 80_000_000,
      currency: "EUR",
      secrets: { reportUrl: `${sandbox}/referon/statistics?token=demo-referon-token&id=42&from=2026-01-01&to=2026-01-31` },
    },
  ];

  if (!exists) {
    await db.insert(workspaces).values({ id: ws, name: "Demo Affiliates", reportingCurrency: "EUR", reportingTimezone: "Europe/London" });
    await db.insert(sites).values(SITES.map((s) => ({ ...s, workspaceId: ws, domains: [...s.domains], locale: "en" })));
    await db.insert(trafficSources).values([
      { id: "ts_google", workspaceId: ws, name: "Google Ads", clickIdParam: "gclid", postbackUrlTemplate: null },
      {
        id: "ts_meta",
        workspaceId: ws,
        name: "Meta media buyer",
        clickIdParam: "fbclid",
        postbackUrlTemplate: `${sandbox}/traffic-source/postback?cid={source_click_id}&event={event}&payout={amount}`,
      },
    ]);
    for (const o of offerDefs) {
      await db.insert(offers).values({
        id: o.id,
        workspaceId: ws,
        name: o.name,
        platform: o.platform,
        brand: o.brand,
        campaignTag: o.tag,
        trackingUrl: o.url,
        postbackEvents: ["registration", "ftd", "deposit"],
        postbackKey: `pbk${o.id.replace(/_/g, "")}demo0000000`.slice(0, 24).padEnd(16, "0").toLowerCase(),
        dealType: o.deal,
        dealCpaMicros: o.cpa,
        dealCurrency: o.currency,
        apiConfig: o.brandId ? { brandId: o.brandId } : {},
        apiSecretEnc: await encryptSecrets(env, o.secrets),
        platformTimezone: "UTC",
        accountCurrency: o.currency,
      });
      await db.insert(casinoEntries).values({
        id: `ce_${o.id}`,
        workspaceId: ws,
        offerId: o.id,
        name: o.brand,
        paymentMethods: ["Visa", "Skrill"],
        markets: [o.site === "site_uk" ? "GB" : "DE"],
      });
      await db.insert(siteOffers).values({ workspaceId: ws, siteId: o.site, offerId: o.id });
      // The deal's tag on the platform belongs to its site (revenue is never put on a site by default).
      await db.insert(tagRoutes).values({
        workspaceId: ws,
        offerId: o.id,
        dimension: tagDimensionOf(o.platform, o.brandId ? { brandId: o.brandId } : {}),
        value: o.tag,
        siteId: o.site,
        campaignId: null,
        updatedAt: Date.now(),
      });
    }
    await db.insert(campaigns).values([
      {
        id: "cp_uk_seo",
        workspaceId: ws,
        siteId: "site_uk",
        trafficSourceId: null,
        name: "UK SEO reviews",
        postbackKey: "cpkukseodemo00000000",
      },
      {
        id: "cp_uk_ads",
        workspaceId: ws,
        siteId: "site_uk",
        trafficSourceId: "ts_google",
        name: "UK Google Ads",
        postbackKey: "cpkukadsdemo00000000",
      },
      {
        id: "cp_de_meta",
        workspaceId: ws,
        siteId: "site_de",
        trafficSourceId: "ts_meta",
        name: "DE Meta",
        postbackKey: "cpkdemetademo0000000",
      },
    ]);
    await db.insert(campaignOffers).values([
      { workspaceId: ws, campaignId: "cp_uk_seo", offerId: "of_spinia" },
      { workspaceId: ws, campaignId: "cp_uk_seo", offerId: "of_betano" },
      { workspaceId: ws, campaignId: "cp_uk_ads", offerId: "of_spinia" },
      { workspaceId: ws, campaignId: "cp_de_meta", offerId: "of_wildz" },
      { workspaceId: ws, campaignId: "cp_de_meta", offerId: "of_vulkan" },
    ]);
    await db.insert(trackingLinks).values([
      {
        id: "tl_spinia_uk",
        workspaceId: ws,
        siteId: "site_uk",
        campaignId: "cp_uk_seo",
        offerId: "of_spinia",
        slug: "spinia-uk",
        forwardParams: ["sub1"],
      },
      {
        id: "tl_betano_uk",
        workspaceId: ws,
        siteId: "site_uk",
        campaignId: "cp_uk_seo",
        offerId: "of_betano",
        slug: "betano-uk",
        forwardParams: [],
      },
      {
        id: "tl_spinia_ads",
        workspaceId: ws,
        siteId: "site_uk",
        campaignId: "cp_uk_ads",
        offerId: "of_spinia",
        slug: "spinia-uk-ads",
        forwardParams: ["sub1", "utm_source"],
      },
      {
        id: "tl_wildz_de",
        workspaceId: ws,
        siteId: "site_de",
        campaignId: "cp_de_meta",
        offerId: "of_wildz",
        slug: "wildz-de",
        forwardParams: [],
      },
      {
        id: "tl_vulkan_de",
        workspaceId: ws,
        siteId: "site_de",
        campaignId: "cp_de_meta",
        offerId: "of_vulkan",
        slug: "vulkan-de",
        forwardParams: [],
      },
    ]);
    await seedFx(db, opts.fxDays ?? 120);
  }
  const hash = await hashPassword(opts.password);
  await db.batch([
    db.insert(users).values({ id: "us_demo", email: DEMO_EMAIL, name: "Demo Affiliate", emailVerified: true }).onConflictDoNothing(),
    db
      .insert(accounts)
      .values({ id: "acc_us_demo", accountId: "us_demo", providerId: "credential", userId: "us_demo", password: hash })
      .onConflictDoUpdate({ target: accounts.id, set: { password: hash } }),
    db.insert(members).values({ id: "mem_us_demo", organizationId: ws, userId: "us_demo", role: "owner" }).onConflictDoNothing(),
  ]);
  await publishRoutes(env, db, ws);

  const offerRows = await db
    .select({ id: offers.id, key: offers.postbackKey, platform: offers.platform })
    .from(offers)
    .where(eq(offers.workspaceId, ws));
  const linkRows = await db.select().from(trackingLinks).where(eq(trackingLinks.workspaceId, ws));
  return {
    workspaceId: ws,
    email: DEMO_EMAIL,
    password: opts.password,
    sites: SITES.map((s) => ({ id: s.id, name: s.name, publicKey: s.publicKey, domains: [...s.domains] })),
    links: linkRows.map((l) => ({ slug: l.slug, siteId: l.siteId, offerId: l.offerId, campaignId: l.campaignId })),
    postbackKeys: offerRows.map((o) => ({ offerId: o.id, key: o.key, platform: o.platform })),
  };
}

/** Local FX seed: plausible EUR-based rates for each day (no network locally; production uses the ECB feed). */
async function seedFx(db: DB, days: number) {
  const base: Record<string, number> = { USD: 1.08, GBP: 0.85, CAD: 1.47, SEK: 11.4, NOK: 11.6, BRL: 5.9 };
  const today = new Date().toISOString().slice(0, 10);
  const rows: (typeof fxRates.$inferInsert)[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(today, -i);
    for (const [quote, r] of Object.entries(base)) {
      const wobble = 1 + 0.01 * Math.sin(i / 7 + quote.charCodeAt(0));
      rows.push({ date, base: "EUR", quote, rate: (r * wobble).toFixed(4), source: "seed" });
    }
  }
  for (let i = 0; i < rows.length; i += 15)
    await db
      .insert(fxRates)
      .values(rows.slice(i, i + 15))
      .onConflictDoNothing();
}

/**
 * Demo-only history: past days of clicks and conversions written straight to D1 so a new
 * dashboard has a chart to look at. Real traffic only ever arrives through /go, /pb and /e.
 */
export async function seedHistory(db: DB, days = 14): Promise<void> {
  await seedAnalyticsHistory(db, DEMO_WORKSPACE, days);
  const done = (await db.select({ id: clicks.id }).from(clicks).where(eq(clicks.id, "cguk01hist0000000000000000000000")))[0];
  if (done) return;
  const links = await db.select().from(trackingLinks).where(eq(trackingLinks.workspaceId, DEMO_WORKSPACE));
  const hub: Record<string, string> = { site_uk: "cguk01", site_de: "srde01" };
  let n = 0;
  const clickRows: (typeof clicks.$inferInsert)[] = [];
  const convRows: (typeof conversions.$inferInsert)[] = [];
  for (let d = days; d >= 1; d--) {
    const day = addDays(new Date().toISOString().slice(0, 10), -d);
    for (const l of links) {
      const count = 20 + ((d * 7 + l.slug.length * 13) % 25);
      for (let i = 0; i < count; i++) {
        const id = `${hub[l.siteId]}hist${String(n++).padStart(22, "0")}`;
        const ts = Date.parse(`${day}T12:00:00Z`) + i * 60_000;
        clickRows.push({
          id,
          workspaceId: DEMO_WORKSPACE,
          siteId: l.siteId,
          linkId: l.id,
          campaignId: l.campaignId,
          offerId: l.offerId,
          ts,
          day,
          visitorHash: `h${n}`,
          isUnique: i % 5 !== 0,
          flag: null,
          country: "GB",
          subIds: {},
          placement: null,
          referrer: null,
        });
        if (i % 6 === 0) {
          for (const ev of i % 12 === 0 ? (["registration", "ftd"] as const) : (["registration"] as const)) {
            convRows.push({
              id: `cv_hist_${id}_${ev}`,
              workspaceId: DEMO_WORKSPACE,
              siteId: l.siteId,
              offerId: l.offerId,
              campaignId: l.campaignId,
              clickId: id,
              attributed: true,
              eventType: ev,
              status: "approved",
              amountMicros: ev === "ftd" ? 50_000_000 : null,
              currency: ev === "ftd" ? "EUR" : null,
              playerId: null,
              txid: null,
              dedupeKey: `hist:${id}:${ev}`,
              occurredAt: ts + 3_600_000,
              day,
              updatedAt: ts,
            });
          }
        }
      }
    }
  }
  for (let i = 0; i < clickRows.length; i += 6)
    await db
      .insert(clicks)
      .values(clickRows.slice(i, i + 6))
      .onConflictDoNothing();
  for (let i = 0; i < convRows.length; i += 5)
    await db
      .insert(conversions)
      .values(convRows.slice(i, i + 5))
      .onConflictDoNothing();
}
