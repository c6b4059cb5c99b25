import { getDb } from "../db/client";
import { newRouter } from "../lib/hono";
import { onboardingState } from "../reports/onboarding";

/** GET /api/onboarding — the checklist of a new workspace, each step ticked from data. */
export const onboardingRoutes = newRouter().get("/", async (c) =>
  c.json(await onboardingState(getDb(c.env.DB), c.get("session").workspaceId)),
);
