/**
 * Compile-time contract: each route's answer schema in the OpenAPI document (shared/api-responses.ts,
 * registered in workers/openapi/routes.ts) has exactly the type its handler returns, as the typed client
 * sees it. A handler that changes its answer without its schema (or the reverse) fails `tsc -p web`.
 */
import type { ClientResponse } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { apiKeyListSchema, createdApiKeySchema } from "../../shared/api-keys";
import type {
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
import type { client } from "./api";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * For answers holding free JSON (audit diffs, API Setup config, this document): hono's JSONValue is not assignable
 * to zod's JSON type (they spell an object differently), so these check one way: the schema's type fits the answer's.
 */
type Fits<Handler, Schema> = [Schema] extends [Handler] ? true : false;
type Assert<T extends true> = T;
type Answer<F> = F extends (...args: never[]) => Promise<infer R>
  ? R extends ClientResponse<infer T, infer S, "json">
    ? S extends SuccessStatusCode
      ? T
      : never
    : never
  : never;

export type ApiContract = [
  Assert<Same<z.infer<typeof signedUpSchema>, Answer<(typeof client)["api"]["auth"]["signup"]["$post"]>>>, // POST /api/auth/signup
  Assert<Same<z.infer<typeof loggedInSchema>, Answer<(typeof client)["api"]["auth"]["login"]["$post"]>>>, // POST /api/auth/login
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["auth"]["logout"]["$post"]>>>, // POST /api/auth/logout
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["auth"]["logout-everywhere"]["$post"]>>>, // POST /api/auth/logout-everywhere
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["auth"]["password"]["$post"]>>>, // POST /api/auth/password
  Assert<Same<z.infer<typeof forgotPasswordAnswerSchema>, Answer<(typeof client)["api"]["auth"]["password"]["forgot"]["$post"]>>>, // POST /api/auth/password/forgot
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["auth"]["password"]["reset"]["$post"]>>>, // POST /api/auth/password/reset
  Assert<Same<z.infer<typeof meSchema>, Answer<(typeof client)["api"]["auth"]["me"]["$get"]>>>, // GET /api/auth/me
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["auth"]["me"]["$patch"]>>>, // PATCH /api/auth/me
  Assert<Same<z.infer<typeof myWorkspacesSchema>, Answer<(typeof client)["api"]["workspaces"]["$get"]>>>, // GET /api/workspaces
  Assert<Same<z.infer<typeof createdIdSchema>, Answer<(typeof client)["api"]["workspaces"]["$post"]>>>, // POST /api/workspaces
  Assert<Same<z.infer<typeof workspaceSwitchedSchema>, Answer<(typeof client)["api"]["workspaces"]["switch"]["$post"]>>>, // POST /api/workspaces/switch
  Assert<Same<z.infer<typeof invitePreviewSchema>, Answer<(typeof client)["api"]["invites"][":token"]["$get"]>>>, // GET /api/invites/:token
  Assert<Same<z.infer<typeof workspaceSwitchedSchema>, Answer<(typeof client)["api"]["invites"][":token"]["accept"]["$post"]>>>, // POST /api/invites/:token/accept
  Assert<Same<z.infer<typeof workspaceSettingsSchema>, Answer<(typeof client)["api"]["workspace"]["$get"]>>>, // GET /api/workspace
  Assert<Same<z.infer<typeof workspaceUpdatedSchema>, Answer<(typeof client)["api"]["workspace"]["$patch"]>>>, // PATCH /api/workspace
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["workspace"]["owner"]["$post"]>>>, // POST /api/workspace/owner
  Assert<Same<z.infer<typeof teamSchema>, Answer<(typeof client)["api"]["members"]["$get"]>>>, // GET /api/members
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["members"][":id"]["$patch"]>>>, // PATCH /api/members/:id
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["members"][":id"]["$delete"]>>>, // DELETE /api/members/:id
  Assert<Same<z.infer<typeof invitationListSchema>, Answer<(typeof client)["api"]["invitations"]["$get"]>>>, // GET /api/invitations
  Assert<Same<z.infer<typeof invitationCreatedSchema>, Answer<(typeof client)["api"]["invitations"]["$post"]>>>, // POST /api/invitations
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["invitations"][":id"]["$delete"]>>>, // DELETE /api/invitations/:id
  Assert<Fits<Answer<(typeof client)["api"]["audit"]["$get"]>, z.infer<typeof auditPageSchema>>>, // GET /api/audit
  Assert<Same<z.infer<typeof apiKeyListSchema>, Answer<(typeof client)["api"]["api-keys"]["$get"]>>>, // GET /api/api-keys
  Assert<Same<z.infer<typeof createdApiKeySchema>, Answer<(typeof client)["api"]["api-keys"]["$post"]>>>, // POST /api/api-keys
  Assert<
    Same<{ apiKey: z.infer<typeof createdApiKeySchema>["apiKey"] }, Answer<(typeof client)["api"]["api-keys"][":id"]["revoke"]["$post"]>>
  >, // POST /api/api-keys/:id/revoke
  Assert<Same<z.infer<typeof siteListSchema>, Answer<(typeof client)["api"]["sites"]["$get"]>>>, // GET /api/sites
  Assert<Same<z.infer<typeof siteOneSchema>, Answer<(typeof client)["api"]["sites"]["$post"]>>>, // POST /api/sites
  Assert<Same<z.infer<typeof siteOneSchema>, Answer<(typeof client)["api"]["sites"][":id"]["$get"]>>>, // GET /api/sites/:id
  Assert<Same<z.infer<typeof siteOneSchema>, Answer<(typeof client)["api"]["sites"][":id"]["$patch"]>>>, // PATCH /api/sites/:id
  Assert<Same<z.infer<typeof siteOneSchema>, Answer<(typeof client)["api"]["sites"][":id"]["offers"]["$put"]>>>, // PUT /api/sites/:id/offers
  Assert<Same<z.infer<typeof siteOneSchema>, Answer<(typeof client)["api"]["sites"][":id"]["archive"]["$post"]>>>, // POST /api/sites/:id/archive
  Assert<Same<z.infer<typeof siteOneSchema>, Answer<(typeof client)["api"]["sites"][":id"]["restore"]["$post"]>>>, // POST /api/sites/:id/restore
  Assert<Same<z.infer<typeof siteOverviewSchema>, Answer<(typeof client)["api"]["sites"][":id"]["overview"]["$get"]>>>, // GET /api/sites/:id/overview
  Assert<Same<z.infer<typeof clickFlagCountsSchema>, Answer<(typeof client)["api"]["sites"][":id"]["click-flags"]["$get"]>>>, // GET /api/sites/:id/click-flags
  Assert<Same<z.infer<typeof clickFlagRulesSavedSchema>, Answer<(typeof client)["api"]["sites"][":id"]["click-flags"]["$put"]>>>, // PUT /api/sites/:id/click-flags
  Assert<Same<z.infer<typeof siteReportSchema>, Answer<(typeof client)["api"]["reports"]["site"]["$get"]>>>, // GET /api/reports/site
  Assert<Same<z.infer<typeof siteOverviewSchema>, Answer<(typeof client)["api"]["reports"]["overview"]["$get"]>>>, // GET /api/reports/overview
  Assert<Same<z.infer<typeof rollupZonesSchema>, Answer<(typeof client)["api"]["reports"]["rollups"]["$get"]>>>, // GET /api/reports/rollups
  Assert<Same<z.infer<typeof rollupRebuildSchema>, Answer<(typeof client)["api"]["reports"]["rollups"]["rebuild"]["$post"]>>>, // POST /api/reports/rollups/rebuild
  Assert<Same<z.infer<typeof discrepanciesSchema>, Answer<(typeof client)["api"]["reports"]["discrepancies"]["$get"]>>>, // GET /api/reports/discrepancies
  Assert<Fits<Answer<(typeof client)["api"]["drill"]["$get"]>, z.infer<typeof drillSchema>>>, // GET /api/drill
  Assert<Same<z.infer<typeof postbackKeyStateSchema>, Answer<(typeof client)["api"]["offers"][":id"]["rotate-key"]["$post"]>>>, // POST /api/offers/:id/rotate-key
  Assert<Same<z.infer<typeof postbackKeyStateSchema>, Answer<(typeof client)["api"]["campaigns"][":id"]["rotate-key"]["$post"]>>>, // POST /api/campaigns/:id/rotate-key
  Assert<Same<z.infer<typeof siteAnalyticsSchema>, Answer<(typeof client)["api"]["sites"][":id"]["analytics"]["$get"]>>>, // GET /api/sites/:id/analytics
  Assert<Same<z.infer<typeof realtimeVisitorsSchema>, Answer<(typeof client)["api"]["sites"][":id"]["analytics"]["realtime"]["$get"]>>>, // GET /api/sites/:id/analytics/realtime
  Assert<
    Same<z.infer<typeof analyticsBreakdownSchema>, Answer<(typeof client)["api"]["sites"][":id"]["analytics"]["breakdown"][":dim"]["$get"]>>
  >, // GET /api/sites/:id/analytics/breakdown/:dim
  Assert<Same<z.infer<typeof offerListSchema>, Answer<(typeof client)["api"]["offers"]["$get"]>>>, // GET /api/offers
  Assert<Fits<Answer<(typeof client)["api"]["offers"]["$post"]>, z.infer<typeof offerOneSchema>>>, // POST /api/offers
  Assert<Fits<Answer<(typeof client)["api"]["offers"][":id"]["$get"]>, z.infer<typeof offerOneSchema>>>, // GET /api/offers/:id
  Assert<Fits<Answer<(typeof client)["api"]["offers"][":id"]["$patch"]>, z.infer<typeof offerOneSchema>>>, // PATCH /api/offers/:id
  Assert<Same<z.infer<typeof offerLifecycleSchema>, Answer<(typeof client)["api"]["offers"][":id"]["archive"]["$post"]>>>, // POST /api/offers/:id/archive
  Assert<Same<z.infer<typeof offerLifecycleSchema>, Answer<(typeof client)["api"]["offers"][":id"]["restore"]["$post"]>>>, // POST /api/offers/:id/restore
  Assert<Same<z.infer<typeof offerClonedSchema>, Answer<(typeof client)["api"]["offers"][":id"]["clone"]["$post"]>>>, // POST /api/offers/:id/clone
  Assert<Same<z.infer<typeof testConnectionSchema>, Answer<(typeof client)["api"]["offers"]["test-connection"]["$post"]>>>, // POST /api/offers/test-connection
  Assert<Same<z.infer<typeof testConnectionSchema>, Answer<(typeof client)["api"]["offers"][":id"]["test-connection"]["$post"]>>>, // POST /api/offers/:id/test-connection
  Assert<Same<z.infer<typeof offerFreshnessSchema>, Answer<(typeof client)["api"]["offers"][":id"]["freshness"]["$get"]>>>, // GET /api/offers/:id/freshness
  Assert<Same<z.infer<typeof syncRunListSchema>, Answer<(typeof client)["api"]["offers"][":id"]["sync-runs"]["$get"]>>>, // GET /api/offers/:id/sync-runs
  Assert<Same<z.infer<typeof syncRunOneSchema>, Answer<(typeof client)["api"]["offers"][":id"]["sync-runs"][":runId"]["$get"]>>>, // GET /api/offers/:id/sync-runs/:runId
  Assert<Same<z.infer<typeof offerChangesSchema>, Answer<(typeof client)["api"]["offers"][":id"]["changes"]["$get"]>>>, // GET /api/offers/:id/changes
  Assert<Same<z.infer<typeof resyncStartedSchema>, Answer<(typeof client)["api"]["offers"][":id"]["resync"]["$post"]>>>, // POST /api/offers/:id/resync
  Assert<Same<z.infer<typeof resyncProgressSchema>, Answer<(typeof client)["api"]["offers"][":id"]["resync"][":requestId"]["$get"]>>>, // GET /api/offers/:id/resync/:requestId
  Assert<Same<z.infer<typeof offerDaysSchema>, Answer<(typeof client)["api"]["offers"][":id"]["days"]["$get"]>>>, // GET /api/offers/:id/days
  Assert<Same<z.infer<typeof offerEventsSchema>, Answer<(typeof client)["api"]["offers"][":id"]["events"]["$get"]>>>, // GET /api/offers/:id/events
  Assert<Same<z.infer<typeof offerEventsSavedSchema>, Answer<(typeof client)["api"]["offers"][":id"]["events"]["$put"]>>>, // PUT /api/offers/:id/events
  Assert<Same<z.infer<typeof offerEventsSavedSchema>, Answer<(typeof client)["api"]["offers"][":id"]["events"]["map"]["$post"]>>>, // POST /api/offers/:id/events/map
  Assert<Same<z.infer<typeof offerTagsSchema>, Answer<(typeof client)["api"]["offers"][":id"]["tags"]["$get"]>>>, // GET /api/offers/:id/tags
  Assert<Same<z.infer<typeof unassignedTagsSchema>, Answer<(typeof client)["api"]["offers"][":id"]["tags"]["unassigned"]["$get"]>>>, // GET /api/offers/:id/tags/unassigned
  Assert<Same<z.infer<typeof tagRoutesSchema>, Answer<(typeof client)["api"]["offers"][":id"]["tags"]["routes"]["$get"]>>>, // GET /api/offers/:id/tags/routes
  Assert<Same<z.infer<typeof tagRouteSavedSchema>, Answer<(typeof client)["api"]["offers"][":id"]["tags"]["routes"]["$put"]>>>, // PUT /api/offers/:id/tags/routes
  Assert<Same<z.infer<typeof postbackLogSchema>, Answer<(typeof client)["api"]["postbacks"]["$get"]>>>, // GET /api/postbacks
  Assert<Same<z.infer<typeof outgoingPostbacksSchema>, Answer<(typeof client)["api"]["postbacks"]["outgoing"]["$get"]>>>, // GET /api/postbacks/outgoing
  Assert<Same<z.infer<typeof linkListSchema>, Answer<(typeof client)["api"]["links"]["$get"]>>>, // GET /api/links
  Assert<Same<z.infer<typeof linkCreatedSchema>, Answer<(typeof client)["api"]["links"]["$post"]>>>, // POST /api/links
  Assert<Same<z.infer<typeof okSchema>, Answer<(typeof client)["api"]["links"][":id"]["$delete"]>>>, // DELETE /api/links/:id
  Assert<Same<z.infer<typeof campaignListSchema>, Answer<(typeof client)["api"]["campaigns"]["$get"]>>>, // GET /api/campaigns
  Assert<Same<z.infer<typeof campaignOneSchema>, Answer<(typeof client)["api"]["campaigns"]["$post"]>>>, // POST /api/campaigns
  Assert<Same<z.infer<typeof campaignOneSchema>, Answer<(typeof client)["api"]["campaigns"][":id"]["$get"]>>>, // GET /api/campaigns/:id
  Assert<Same<z.infer<typeof campaignOneSchema>, Answer<(typeof client)["api"]["campaigns"][":id"]["$patch"]>>>, // PATCH /api/campaigns/:id
  Assert<Same<z.infer<typeof roundTripSchema>, Answer<(typeof client)["api"]["campaigns"][":id"]["test"]["$post"]>>>, // POST /api/campaigns/:id/test
  Assert<Same<z.infer<typeof trafficSourceListSchema>, Answer<(typeof client)["api"]["traffic-sources"]["$get"]>>>, // GET /api/traffic-sources
  Assert<Same<z.infer<typeof trafficSourceOneSchema>, Answer<(typeof client)["api"]["traffic-sources"]["$post"]>>>, // POST /api/traffic-sources
  Assert<Same<z.infer<typeof trafficSourceOneSchema>, Answer<(typeof client)["api"]["traffic-sources"][":id"]["$get"]>>>, // GET /api/traffic-sources/:id
  Assert<Same<z.infer<typeof trafficSourceOneSchema>, Answer<(typeof client)["api"]["traffic-sources"][":id"]["$patch"]>>>, // PATCH /api/traffic-sources/:id
  Assert<Same<z.infer<typeof trafficSourceOneSchema>, Answer<(typeof client)["api"]["traffic-sources"][":id"]["archive"]["$post"]>>>, // POST /api/traffic-sources/:id/archive
  Assert<Same<z.infer<typeof trafficSourceOneSchema>, Answer<(typeof client)["api"]["traffic-sources"][":id"]["restore"]["$post"]>>>, // POST /api/traffic-sources/:id/restore
  Assert<Same<z.infer<typeof casinoEntryListSchema>, Answer<(typeof client)["api"]["casino-entries"]["$get"]>>>, // GET /api/casino-entries
  Assert<Same<z.infer<typeof casinoEntryOneSchema>, Answer<(typeof client)["api"]["casino-entries"][":id"]["$get"]>>>, // GET /api/casino-entries/:id
  Assert<Same<z.infer<typeof casinoEntryOneSchema>, Answer<(typeof client)["api"]["casino-entries"][":id"]["$patch"]>>>, // PATCH /api/casino-entries/:id
  Assert<Same<z.infer<typeof onboardingSchema>, Answer<(typeof client)["api"]["onboarding"]["$get"]>>>, // GET /api/onboarding
  Assert<Fits<Answer<(typeof client)["api"]["openapi.json"]["$get"]>, z.infer<typeof openApiDocumentSchema>>>, // GET /api/openapi.json
];
