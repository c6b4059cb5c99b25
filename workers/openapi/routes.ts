/**
 * Every documented /api route, grouped by resource. A route's request schemas are the ones its handler
 * validates with (imported from shared/ or the handler's module). Add a route: one `op(...)` line.
 */
import {
  auditQuerySchema,
  changePasswordSchema,
  createWorkspaceSchema,
  forgotPasswordSchema,
  inviteSchema,
  loginSchema,
  makeOwnerSchema,
  resetPasswordSchema,
  signupSchema,
  switchWorkspaceSchema,
  updateMemberSchema,
  updateMeSchema,
  updateWorkspaceSchema,
} from "../../shared/account";
import { apiKeyListSchema, createApiKeySchema, createdApiKeySchema } from "../../shared/api-keys";
import {
  analyticsBreakdownSchema,
  auditPageSchema,
  campaignListSchema,
  campaignOneSchema,
  casinoEntryListSchema,
  casinoEntryOneSchema,
  clickFlagCountsSchema,
  clickFlagRulesSavedSchema,
  createdIdSchema,
  discrepanciesSchema,
  drillSchema,
  forgotPasswordAnswerSchema,
  invitationCreatedSchema,
  invitationListSchema,
  invitePreviewSchema,
  linkCreatedSchema,
  linkListSchema,
  liveSnapshotSchema,
  loggedInSchema,
  meSchema,
  myWorkspacesSchema,
  offerChangesSchema,
  offerClonedSchema,
  offerDaysSchema,
  offerEventsSavedSchema,
  offerEventsSchema,
  offerFreshnessSchema,
  offerLifecycleSchema,
  offerListSchema,
  offerOneSchema,
  offerTagsSchema,
  okSchema,
  onboardingSchema,
  openApiDocumentSchema,
  outgoingPostbacksSchema,
  postbackKeyStateSchema,
  postbackLogSchema,
  realtimeVisitorsSchema,
  resyncProgressSchema,
  resyncStartedSchema,
  rollupRebuildSchema,
  rollupZonesSchema,
  roundTripSchema,
  signedUpSchema,
  siteAnalyticsSchema,
  siteListSchema,
  siteOneSchema,
  siteOverviewSchema,
  siteReportSchema,
  syncRunListSchema,
  syncRunOneSchema,
  tagRouteSavedSchema,
  tagRoutesSchema,
  teamSchema,
  testConnectionSchema,
  trafficSourceListSchema,
  trafficSourceOneSchema,
  unassignedTagsSchema,
  workspaceSettingsSchema,
  workspaceSwitchedSchema,
  workspaceUpdatedSchema,
} from "../../shared/api-responses";
import { analyticsRangeSchema, dateRangeSchema } from "../../shared/api-schemas";
import { clickFlagRulesSchema } from "../../shared/click-flags";
import { discrepanciesQuerySchema, drillQuerySchema } from "../../shared/discrepancies";
import {
  casinoEntrySchema,
  createCampaignInputSchema,
  createSiteSchema,
  createSourceSchema,
  siteOffersSchema,
  testRoundTripSchema,
  updateCampaignSchema,
  updateSiteSchema,
  updateSourceSchema,
} from "../../shared/entities";
import { createLinkSchema } from "../../shared/links";
import { archivedQuerySchema, revenueChangesQuerySchema, syncRunsQuerySchema } from "../../shared/list-queries";
import { createOfferSchema, resyncSchema, testSettingsSchema, updateOfferSchema } from "../../shared/offer-input";
import { mapEventSchema, putEventMapSchema } from "../../shared/postback-events";
import { rotateKeySchema } from "../../shared/postback-keys";
import { postbacksQuerySchema } from "../../shared/postbacks-query";
import { tagRouteInputSchema, tagRouteKeySchema } from "../../shared/revenue-tags";
import { siteOverviewQuerySchema, siteReportQuerySchema } from "../../shared/site-report";
import { op, type RouteContract } from "./contract";

export const ROUTES: RouteContract[] = [
  // Accounts (cookie session; these are not callable with an API key).
  op("post", "/api/auth/signup", "Account", "Sign up", { response: signedUpSchema, auth: "public", body: signupSchema, status: 201 }),
  op("post", "/api/auth/login", "Account", "Sign in (sets the session cookie)", {
    response: loggedInSchema,
    auth: "public",
    body: loginSchema,
  }),
  op("post", "/api/auth/logout", "Account", "Sign out", { response: okSchema, auth: "public" }),
  op("post", "/api/auth/logout-everywhere", "Account", "Sign out every session", { response: okSchema, auth: "user" }),
  op("post", "/api/auth/password", "Account", "Change the password", { response: okSchema, auth: "user", body: changePasswordSchema }),
  op("post", "/api/auth/password/forgot", "Account", "Email a reset link", {
    response: forgotPasswordAnswerSchema,
    auth: "public",
    body: forgotPasswordSchema,
  }),
  op("post", "/api/auth/password/reset", "Account", "Reset the password with the emailed token", {
    response: okSchema,
    auth: "public",
    body: resetPasswordSchema,
  }),
  op("get", "/api/auth/me", "Account", "The signed-in user", { response: meSchema, auth: "user" }),
  op("patch", "/api/auth/me", "Account", "Change name or timezone override", { response: okSchema, auth: "user", body: updateMeSchema }),
  op("get", "/api/workspaces", "Account", "My workspaces", { response: myWorkspacesSchema, auth: "user" }),
  op("post", "/api/workspaces", "Account", "Create a workspace", {
    response: createdIdSchema,
    auth: "user",
    body: createWorkspaceSchema,
    status: 201,
  }),
  op("post", "/api/workspaces/switch", "Account", "Switch the session's workspace", {
    response: workspaceSwitchedSchema,
    auth: "user",
    body: switchWorkspaceSchema,
  }),
  op("get", "/api/invites/:token", "Account", "An invitation by its link", { response: invitePreviewSchema, auth: "public" }),
  op("post", "/api/invites/:token/accept", "Account", "Accept an invitation", { response: workspaceSwitchedSchema, auth: "user" }),

  // Workspace, team, audit, API keys.
  op("get", "/api/workspace", "Workspace", "Workspace settings", { response: workspaceSettingsSchema }),
  op("patch", "/api/workspace", "Workspace", "Change workspace settings", {
    response: workspaceUpdatedSchema,
    body: updateWorkspaceSchema,
  }),
  op("post", "/api/workspace/owner", "Workspace", "Make a member an owner", { body: makeOwnerSchema, response: okSchema }),
  op("get", "/api/members", "Team", "Members and invitations", { response: teamSchema }),
  op("patch", "/api/members/:id", "Team", "Change a member's role or hide financials", { response: okSchema, body: updateMemberSchema }),
  op("delete", "/api/members/:id", "Team", "Remove a member", { response: okSchema }),
  op("get", "/api/invitations", "Team", "Pending invitations", { response: invitationListSchema }),
  op("post", "/api/invitations", "Team", "Invite by email", { response: invitationCreatedSchema, body: inviteSchema, status: 201 }),
  op("delete", "/api/invitations/:id", "Team", "Cancel an invitation", { response: okSchema }),
  op("get", "/api/audit", "Audit log", "Audit log, newest first", { response: auditPageSchema, query: auditQuerySchema }),
  op("get", "/api/api-keys", "API keys", "List API keys (never the keys themselves)", { response: apiKeyListSchema }),
  op("post", "/api/api-keys", "API keys", "Create an API key (the key is in this answer only)", {
    body: createApiKeySchema,
    response: createdApiKeySchema,
    status: 201,
  }),
  op("post", "/api/api-keys/:id/revoke", "API keys", "Revoke an API key", { response: createdApiKeySchema.pick({ apiKey: true }) }),

  // Sites and their reports.
  op("get", "/api/sites", "Sites", "List sites", { query: archivedQuerySchema, response: siteListSchema }),
  op("post", "/api/sites", "Sites", "Create a site", { body: createSiteSchema, response: siteOneSchema, status: 201 }),
  op("get", "/api/sites/:id", "Sites", "A site with its snippet and installation check", { response: siteOneSchema }),
  op("patch", "/api/sites/:id", "Sites", "Edit a site", { body: updateSiteSchema, response: siteOneSchema }),
  op("put", "/api/sites/:id/offers", "Sites", "Set the site's tagged offers", { body: siteOffersSchema, response: siteOneSchema }),
  op("post", "/api/sites/:id/archive", "Sites", "Archive a site", { response: siteOneSchema }),
  op("post", "/api/sites/:id/restore", "Sites", "Restore a site", { response: siteOneSchema }),
  op("get", "/api/sites/:id/overview", "Reports", "Site Overview", { query: siteOverviewQuerySchema, response: siteOverviewSchema }),
  op("get", "/api/sites/:id/overview.csv", "Reports", "Site Overview as CSV", { query: siteOverviewQuerySchema, content: "csv" }),
  op("get", "/api/sites/:id/click-flags", "Sites", "Stored clicks per flag reason and which reasons are counted", {
    response: clickFlagCountsSchema,
    query: dateRangeSchema,
  }),
  op("put", "/api/sites/:id/click-flags", "Sites", "Set the flag reasons this site counts anyway", {
    response: clickFlagRulesSavedSchema,
    body: clickFlagRulesSchema,
  }),
  op("get", "/api/reports/site", "Reports", "Site Report: breakdowns of both layers, sorted, paginated, compared", {
    response: siteReportSchema,
    query: siteReportQuerySchema,
  }),
  op("get", "/api/reports/site.csv", "Reports", "Site Report as CSV (every row, same filters, sort and states)", {
    query: siteReportQuerySchema,
    content: "csv",
  }),
  op("get", "/api/reports/overview", "Reports", "Site Overview of every site", {
    query: siteOverviewQuerySchema,
    response: siteOverviewSchema,
  }),
  op("get", "/api/reports/overview.csv", "Reports", "Site Overview of every site as CSV", {
    query: siteOverviewQuerySchema,
    content: "csv",
  }),
  op("get", "/api/reports/rollups", "Reports", "State of the daily rollups per reporting timezone (ready, building, outdated, not built)", {
    response: rollupZonesSchema,
  }),
  op("post", "/api/reports/rollups/rebuild", "Reports", "Rebuild the daily rollups of every reporting timezone in use", {
    response: rollupRebuildSchema,
  }),
  op("get", "/api/reports/discrepancies", "Reports", "Discrepancies: operator vs tracked counts with reasons", {
    response: discrepanciesSchema,
    query: discrepanciesQuerySchema,
  }),
  op("get", "/api/reports/discrepancies.csv", "Reports", "Discrepancies as CSV", { query: discrepanciesQuerySchema, content: "csv" }),
  op("get", "/api/drill", "Reports", "The rows behind a figure (clicks, conversions with postbacks, revenue rows)", {
    response: drillSchema,
    query: drillQuerySchema,
  }),
  op("post", "/api/offers/:id/rotate-key", "Offers", "Rotate the offer's postback key (the old one works for a grace period)", {
    response: postbackKeyStateSchema,
    body: rotateKeySchema,
  }),
  op("post", "/api/campaigns/:id/rotate-key", "Campaigns", "Rotate the campaign's postback key (the old one works for a grace period)", {
    response: postbackKeyStateSchema,
    body: rotateKeySchema,
  }),
  op("get", "/api/sites/:id/live", "Reports", "Live counters (snapshot, or a WebSocket on Upgrade)", { response: liveSnapshotSchema }),
  op("get", "/api/sites/:id/analytics", "Reports", "Site Analytics", { response: siteAnalyticsSchema, query: analyticsRangeSchema }),
  op("get", "/api/sites/:id/analytics/realtime", "Reports", "Visitors in the last 5 minutes", { response: realtimeVisitorsSchema }),
  op("get", "/api/sites/:id/analytics/breakdown/:dim", "Reports", "One Site Analytics breakdown", {
    response: analyticsBreakdownSchema,
    query: analyticsRangeSchema,
  }),

  // Offers, their revenue sync and tags.
  op("get", "/api/offers", "Offers", "List offers", { response: offerListSchema }),
  op("post", "/api/offers", "Offers", "Create an offer", { response: offerOneSchema, body: createOfferSchema, status: 201 }),
  op("get", "/api/offers/:id", "Offers", "An offer", { response: offerOneSchema }),
  op("patch", "/api/offers/:id", "Offers", "Edit an offer", { response: offerOneSchema, body: updateOfferSchema }),
  op("post", "/api/offers/:id/archive", "Offers", "Archive an offer", { response: offerLifecycleSchema }),
  op("post", "/api/offers/:id/restore", "Offers", "Restore an offer", { response: offerLifecycleSchema }),
  op("post", "/api/offers/:id/clone", "Offers", "Clone an offer", { response: offerClonedSchema, status: 201 }),
  op("post", "/api/offers/test-connection", "Revenue sync", "Test unsaved API Setup", {
    response: testConnectionSchema,
    body: testSettingsSchema,
  }),
  op("post", "/api/offers/:id/test-connection", "Revenue sync", "Test an offer's API Setup", {
    response: testConnectionSchema,
    body: testSettingsSchema,
  }),
  op("get", "/api/offers/:id/freshness", "Revenue sync", "Sync freshness", { response: offerFreshnessSchema }),
  op("get", "/api/offers/:id/sync-runs", "Revenue sync", "Sync runs", { response: syncRunListSchema, query: syncRunsQuerySchema }),
  op("get", "/api/offers/:id/sync-runs/:runId", "Revenue sync", "One sync run", { response: syncRunOneSchema }),
  op("get", "/api/offers/:id/changes", "Revenue sync", "Revenue row changes", {
    response: offerChangesSchema,
    query: revenueChangesQuerySchema,
  }),
  op("post", "/api/offers/:id/resync", "Revenue sync", "Re-pull a date range", {
    response: resyncStartedSchema,
    body: resyncSchema,
    status: 202,
  }),
  op("get", "/api/offers/:id/resync/:requestId", "Revenue sync", "A re-pull's progress", { response: resyncProgressSchema }),
  op("get", "/api/offers/:id/days", "Revenue sync", "Day states of an offer", { response: offerDaysSchema, query: dateRangeSchema }),
  op("get", "/api/offers/:id/events", "Offers", "Event mapping", { response: offerEventsSchema }),
  op("put", "/api/offers/:id/events", "Offers", "Replace the event mapping", { response: offerEventsSavedSchema, body: putEventMapSchema }),
  op("post", "/api/offers/:id/events/map", "Offers", "Map one event", { response: offerEventsSavedSchema, body: mapEventSchema }),
  op("get", "/api/offers/:id/tags", "Offers", "Revenue tags seen", { response: offerTagsSchema }),
  op("get", "/api/offers/:id/tags/unassigned", "Offers", "Unassigned revenue by tag", { response: unassignedTagsSchema }),
  op("get", "/api/offers/:id/tags/routes", "Offers", "Tag routes", { response: tagRoutesSchema }),
  op("put", "/api/offers/:id/tags/routes", "Offers", "Route a tag to a site", { response: tagRouteSavedSchema, body: tagRouteInputSchema }),
  op("delete", "/api/offers/:id/tags/routes", "Offers", "Remove a tag route", { query: tagRouteKeySchema, status: 204 }),

  // Tracking entities.
  op("get", "/api/postbacks", "Reports", "Postbacks log", { query: postbacksQuerySchema, response: postbackLogSchema }),
  op("get", "/api/postbacks/export.csv", "Reports", "Postbacks log as CSV", { query: postbacksQuerySchema, content: "csv" }),
  op("get", "/api/postbacks/outgoing", "Reports", "Postbacks sent to traffic sources", { response: outgoingPostbacksSchema }),
  op("get", "/api/links", "Tracking links", "List tracking links", { response: linkListSchema }),
  op("post", "/api/links", "Tracking links", "Create a tracking link", {
    response: linkCreatedSchema,
    body: createLinkSchema,
    status: 201,
  }),
  op("delete", "/api/links/:id", "Tracking links", "Delete a tracking link", { response: okSchema }),
  op("get", "/api/campaigns", "Campaigns", "List campaigns", { query: archivedQuerySchema, response: campaignListSchema }),
  op("post", "/api/campaigns", "Campaigns", "Create a campaign", {
    response: campaignOneSchema,
    body: createCampaignInputSchema,
    status: 201,
  }),
  op("get", "/api/campaigns/:id", "Campaigns", "A campaign with links and postback URLs", { response: campaignOneSchema }),
  op("patch", "/api/campaigns/:id", "Campaigns", "Edit a campaign", { response: campaignOneSchema, body: updateCampaignSchema }),
  op("post", "/api/campaigns/:id/test", "Campaigns", "Test round trip (click → postback)", {
    response: roundTripSchema,
    body: testRoundTripSchema.nullable(),
  }),
  op("get", "/api/traffic-sources", "Traffic sources", "List traffic sources", {
    query: archivedQuerySchema,
    response: trafficSourceListSchema,
  }),
  op("post", "/api/traffic-sources", "Traffic sources", "Create a traffic source", {
    body: createSourceSchema,
    response: trafficSourceOneSchema,
    status: 201,
  }),
  op("get", "/api/traffic-sources/:id", "Traffic sources", "A traffic source", { response: trafficSourceOneSchema }),
  op("patch", "/api/traffic-sources/:id", "Traffic sources", "Edit a traffic source", {
    body: updateSourceSchema,
    response: trafficSourceOneSchema,
  }),
  op("post", "/api/traffic-sources/:id/archive", "Traffic sources", "Archive a traffic source", { response: trafficSourceOneSchema }),
  op("post", "/api/traffic-sources/:id/restore", "Traffic sources", "Restore a traffic source", { response: trafficSourceOneSchema }),
  op("get", "/api/casino-entries", "Casino entries", "List casino entries", { response: casinoEntryListSchema }),
  op("get", "/api/casino-entries/:id", "Casino entries", "A casino entry", { response: casinoEntryOneSchema }),
  op("patch", "/api/casino-entries/:id", "Casino entries", "Edit a casino entry", {
    body: casinoEntrySchema,
    response: casinoEntryOneSchema,
  }),
  op("get", "/api/onboarding", "Workspace", "Onboarding checklist", { response: onboardingSchema }),

  // This document.
  op("get", "/api/openapi.json", "API", "This OpenAPI document", { response: openApiDocumentSchema, auth: "public" }),
  op("get", "/api/docs", "API", "Browsable API reference", { auth: "public", content: "html" }),
];
