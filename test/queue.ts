/** Manual re-syncs through the real queue consumer: catch what the API enqueues, then deliver it. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { vi } from "vitest";
import worker from "../workers/index";
import { ulid } from "../workers/lib/ids";
import type { SyncMessage } from "../workers/revenue/cron";
import { env } from "./helpers";

/** Delivers messages to the Worker's queue handler; answers the ids it acknowledged. */
export async function runQueue(messages: SyncMessage[]): Promise<string[]> {
  const batch = createMessageBatch<SyncMessage>(
    "casinoflux-sync",
    messages.map((body, i) => ({ id: `m${i}-${ulid()}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  return result.explicitAcks;
}

/** Catches what the API enqueues (so the local queue does not also consume it) for runQueue() to deliver. */
export function captureSends(into: SyncMessage[]) {
  return vi.spyOn(env.SYNC_QUEUE, "send").mockImplementation(async (body: unknown) => {
    into.push(body as SyncMessage);
    return { metadata: { metrics: { backlogCount: into.length, backlogBytes: 0 } } };
  });
}
