import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { startDohSandbox } from "./test/sandbox/doh";

// Tests run inside workerd with real D1, Durable Objects and Queues (miniflare), through the
// Worker's public surface. The sandbox platform server runs on loopback (test/global-setup.ts).
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  // The outbound guard resolves report hosts over DoH; its URL is a binding, so the loopback resolver
  // starts here (its port must be known before the Worker's bindings are). unref: it never holds the run open.
  const doh = await startDohSandbox(0);
  doh.server.unref();
  return {
    plugins: [
      cloudflareTest({
        main: "./workers/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: "test",
            DNS_RESOLVER_URL: doh.url,
            // Test-only key (32 zero bytes); production uses `wrangler secret put SECRETS_KEY`.
            SECRETS_KEY: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
          },
          // Small per-IP limits so a test can cross them in a few requests (test/edge/rate-limits.test.ts);
          // per-site limits above what any test file sends to one site (100 beacons: analytics tests use fresh
          // sites). Production values: wrangler.toml.
          ratelimits: {
            CLICK_IP_LIMIT: { simple: { limit: 20, period: 60 } },
            CLICK_SITE_LIMIT: { simple: { limit: 400, period: 60 } },
            BEACON_IP_LIMIT: { simple: { limit: 60, period: 60 } },
            BEACON_SITE_LIMIT: { simple: { limit: 100, period: 60 } },
            POSTBACK_IP_LIMIT: { simple: { limit: 20, period: 60 } },
            POSTBACK_SITE_LIMIT: { simple: { limit: 5000, period: 60 } },
            AUTH_IP_LIMIT: { simple: { limit: 20, period: 60 } },
          },
        },
      }),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/setup.ts"],
      include: ["test/**/*.test.ts", "workers/**/*.test.ts", "shared/**/*.test.ts"],
      exclude: ["test/browser/**"],
      // vitest's default on 2 cores is one file at a time (cores − 1); each file is one workerd isolate
      // that spends most of its ≈ 3 s start-up waiting, so two at a time cut the suite from ≈ 350 to ≈ 230 s
      // (without the 2,000-case API fuzz).
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
