/**
 * Connector test harness: a fresh workspace + offer per test (storage is not reset between tests
 * in a file), the sandbox platform server's URL, its control endpoints, and sync runs through the
 * real sync engine (runOfferSync → connector → sandbox over HTTP → D1).
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { inject } from "vitest";
import type { PlatformId } from "../../shared/platforms";
import { getDb } from "../../workers/db/client";
import { offers, revenueChanges, revenueRows, syncRuns, workspaces } from "../../workers/db/schema";
import { ulid } from "../../workers/lib/ids";
import { encryptSecrets } from "../../workers/lib/secrets";
import { runOfferSync } from "../../workers/revenue/sync";

export const db = () => getDb(env.DB);
export const sandboxUrl = () => String(inject("sandboxUrl"));

export async function control(path: "reset" | "restate" | "vanish", body: Record<string, unknown> = {}): Promise<void> {
  const res = await fetch(`${sandboxUrl()}/__control/${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path} failed`);
}

export interface TestOffer {
  workspaceId: string;
  offerId: string;
}

export async function makeOffer(opts: {
  platform: PlatformId;
  secrets: Record<string, string>;
  config?: Record<string, unknown>;
  campaignTag?: string | null;
  platformTimezone?: string;
  accountCurrency?: string | null;
}): Promise<TestOffer> {
  const workspaceId = `ws_${ulid()}`;
  const offerId = `of_${ulid()}`;
  await db().insert(workspaces).values({ id: workspaceId, name: "Connector test" });
  await db()
    .insert(offers)
    .values({
      id: offerId,
      workspaceId,
      name: `${opts.platform} test offer`,
      platform: opts.platform,
      brand: "Test brand",
      campaignTag: opts.campaignTag ?? null,
      trackingUrl: "https://operator.example/track",
      postbackEvents: [],
      postbackKey: `k${ulid()}`,
      apiConfig: { timeoutMs: 1500, ...opts.config },
      apiSecretEnc: await encryptSecrets(env, opts.secrets),
      platformTimezone: opts.platformTimezone ?? "UTC",
      accountCurrency: opts.accountCurrency ?? null,
    });
  return { workspaceId, offerId };
}

export async function sync(o: TestOffer, from: string, to: string) {
  return runOfferSync(env, { offerId: o.offerId, workspaceId: o.workspaceId, trigger: "test", from, to });
}

export async function activeRows(o: TestOffer) {
  return db()
    .select()
    .from(revenueRows)
    .where(and(eq(revenueRows.offerId, o.offerId), eq(revenueRows.state, "active")))
    .orderBy(revenueRows.reportDate);
}

export async function allRows(o: TestOffer) {
  return db().select().from(revenueRows).where(eq(revenueRows.offerId, o.offerId));
}

export async function changes(o: TestOffer) {
  return db().select().from(revenueChanges).where(eq(revenueChanges.offerId, o.offerId));
}

export async function runs(o: TestOffer) {
  return db().select().from(syncRuns).where(eq(syncRuns.offerId, o.offerId)).orderBy(syncRuns.startedAt);
}
