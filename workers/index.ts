/** Worker entry: HTTP (Hono app), cron, queue, and the Durable Object classes. */
import { app } from "./app";
import type { SyncMessage } from "./revenue/cron";
import { handleScheduled } from "./revenue/cron";
import { handleSyncBatch } from "./revenue/queue";

export { Directory } from "./site-hub/directory";
export { SiteHub } from "./site-hub/hub";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(handleScheduled(controller, env));
  },
  async queue(batch, env) {
    await handleSyncBatch(batch as MessageBatch<SyncMessage>, env);
  },
} satisfies ExportedHandler<Env, SyncMessage>;
