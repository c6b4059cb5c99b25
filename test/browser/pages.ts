/**
 * Every dashboard page the page audit (pages.test.ts) visits at 1440 px and 390 px: axe-core finds no
 * serious or critical violation, and the page never scrolls sideways. Adding a page = one line here.
 *
 * - `path`: where to go (signed in as the demo user, unless `signedOut`).
 * - `ready`: a selector that is visible once the page has loaded its data.
 */
export interface AuditedPage {
  name: string;
  path: string;
  ready: string;
  signedOut?: boolean;
}

export const PAGES: AuditedPage[] = [
  { name: "login", path: "/login", ready: "input[name=email]", signedOut: true },
  { name: "site-overview", path: "/?site=site_uk", ready: "[data-testid=overview-table]" },
  { name: "offers", path: "/offers", ready: "[data-testid=offers-table]" },
  { name: "offer-editor", path: "/offers/of_spinia", ready: "[data-testid=api-setup]" },
  { name: "offer-new", path: "/offers/new", ready: "[data-testid=api-setup]" },
  { name: "postbacks", path: "/postbacks", ready: "[data-testid=postbacks-table]" },
  { name: "site-analytics", path: "/analytics?site=site_uk", ready: "[data-testid=analytics-kpis]" },
  { name: "revenue-sync", path: "/revenue", ready: "[data-testid=freshness-table]" },
];
