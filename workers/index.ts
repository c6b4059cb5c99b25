/** Worker entry: HTTP (Hono app), cron, queue, and the Durable Object classes. */
import { app } from "./app";
import { INGEST_PATH, ingest } from "./edge/ingest";
import type { SyncMessage } from "./revenue/cron";
import { handleScheduled } from "./revenue/cron";
import { handleSyncBatch } from "./revenue/queue";

export { Directory } from "./site-hub/directory";
export { SiteHub } from "./site-hub/hub";

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    // The path without parsing a URL object: this runs for every click, beacon and postback.
    const url = request.url;
    const start = url.indexOf("/", url.indexOf("//") + 2);
    const end = url.indexOf("?", start);
    const path = start < 0 ? "/" : url.slice(start, end < 0 ? undefined : end);
    return (INGEST_PATH.test(path) ? ingest : app).fetch(request, env, ctx);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(handleScheduled(controller, env));
  },
  async queue(batch, env) {
    await handleSyncBatch(batch as MessageBatch<SyncMessage>, env);
  },
} satisfies ExportedHandler<Env, SyncMessage>;
