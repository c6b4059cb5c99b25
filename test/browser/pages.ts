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
  { name: "site-overview-all", path: "/?site=all&compare=previous", ready: "[data-testid=top-offers]" },
  { name: "site-report", path: "/report?dimension1=offer&dimension2=month&compare=previous", ready: "[data-testid=report-table]" },
  { name: "offers", path: "/offers", ready: "[data-testid=offers-table]" },
  { name: "offer-editor", path: "/offers/of_spinia", ready: "[data-testid=api-setup]" },
  { name: "offer-new", path: "/offers/new", ready: "[data-testid=api-setup]" },
  { name: "postbacks", path: "/postbacks", ready: "[data-testid=postbacks-table]" },
  { name: "discrepancies", path: "/discrepancies?range=30d", ready: "[data-testid=discrepancy-offers]" },
  { name: "site-analytics", path: "/analytics?site=site_uk", ready: "[data-testid=analytics-kpis]" },
  { name: "revenue-sync", path: "/revenue", ready: "[data-testid=freshness-table]" },
  { name: "sites", path: "/sites", ready: "[data-testid=sites-list]" },
  { name: "site-editor", path: "/sites/site_uk", ready: "[data-testid=snippet-tag]" },
  { name: "site-new", path: "/sites/new", ready: "[data-testid=site-form]" },
  { name: "traffic-sources", path: "/sources", ready: "[data-testid=sources-list]" },
  { name: "source-editor", path: "/sources/ts_google", ready: "[data-testid=source-form]" },
  { name: "campaigns", path: "/campaigns", ready: "[data-testid=campaigns-list]" },
  { name: "campaign-editor", path: "/campaigns/cp_uk_seo", ready: "[data-testid=campaign-links]" },
  { name: "casino-entries", path: "/casino-entries", ready: "[data-testid=casino-entries]" },
  { name: "settings-workspace", path: "/settings?tab=workspace", ready: "input[name=reportingTimezone]" },
  { name: "settings-team", path: "/settings?tab=team", ready: "form.inline-form" },
  { name: "settings-api-keys", path: "/settings?tab=api-keys", ready: "[data-testid=api-key-form]" },
  { name: "settings-reports", path: "/settings?tab=reports", ready: "[data-testid=rollup-zones]" },
  { name: "settings-profile", path: "/settings?tab=profile", ready: "input[name=timezone]" },
  { name: "audit-log", path: "/audit", ready: "table, [data-testid=audit-empty]" },
  { name: "new-workspace", path: "/workspaces/new", ready: "input[name=name]" },
  { name: "signup", path: "/signup", ready: "input[name=workspaceName]", signedOut: true },
  { name: "forgot-password", path: "/forgot-password", ready: "input[name=email]", signedOut: true },
  { name: "reset-password", path: "/reset-password?token=not-a-real-token", ready: "input[name=password]", signedOut: true },
  { name: "invite", path: "/invite/not-a-real-token", ready: "[role=alert]", signedOut: true },
  { name: "dev-outbox", path: "/dev/outbox", ready: "h1", signedOut: true },
];
