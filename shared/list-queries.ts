import { z } from "zod";

/**
 * Query strings of list routes that read them by hand before (sites, campaigns, traffic sources, an
 * offer's sync runs and revenue changes): one schema each, used by the handler and the OpenAPI document.
 * A value that is not understood is refused (400 naming the field), not read as the default.
 */

/** `?archived=1` lists archived rows too (`0` or absent: only active ones). */
export const archivedQuerySchema = z.object({ archived: z.enum(["0", "1"], { error: "must be 1 or 0" }).optional() });

/** GET /api/offers/:id/sync-runs: the newest runs, optionally those of one resync request. */
export const syncRunsQuerySchema = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(200).default(50),
  request: z.string().min(1).max(64).optional(),
});

export const REVENUE_CHANGE_KINDS = ["inserted", "changed", "removed"] as const;
export type RevenueChangeKind = (typeof REVENUE_CHANGE_KINDS)[number];

/** GET /api/offers/:id/changes: the change log, filtered by kind (comma-separated), run and late restatements. */
export const revenueChangesQuerySchema = z.object({
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(500).default(100),
  kind: z
    .string()
    .max(100)
    .default(REVENUE_CHANGE_KINDS.join(","))
    .describe("comma-separated: inserted, changed, removed")
    .transform((s, ctx) => {
      const parts = s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      const unknown = parts.filter((p) => !(REVENUE_CHANGE_KINDS as readonly string[]).includes(p));
      if (parts.length === 0 || unknown.length) {
        ctx.addIssue({
          code: "custom",
          message: `must list ${REVENUE_CHANGE_KINDS.join(", ")} (comma-separated)${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`,
        });
        return z.NEVER;
      }
      return parts as RevenueChangeKind[];
    }),
  run: z.string().min(1).max(64).optional(),
  late: z.enum(["0", "1"], { error: "must be 1 or 0" }).optional(),
});
