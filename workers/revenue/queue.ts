import { ConnectorError } from "./connectors/types";
import type { SyncMessage } from "./cron";
import { runOfferSync } from "./sync";

/** Queue consumer: one offer pull per message; retryable failures back off (honouring Retry-After). */
export async function handleSyncBatch(batch: MessageBatch<SyncMessage>, env: Env, fetcher: typeof fetch = fetch): Promise<void> {
  for (const msg of batch.messages) {
    const out = await runOfferSync(env, { ...msg.body, attempt: msg.attempts }, fetcher).catch((err: Error) => ({
      status: "failed" as const,
      error: err,
    }));
    if (out.status === "ok") {
      msg.ack();
      continue;
    }
    const err = out.error;
    if (err instanceof ConnectorError && err.retryable) {
      const delaySeconds = err.retryAfterSeconds ?? Math.min(3600, 30 * 2 ** (msg.attempts - 1));
      msg.retry({ delaySeconds });
    } else {
      // Not retryable (bad credentials, malformed response): recorded on the sync run, surfaced as "failing".
      msg.ack();
    }
  }
}
