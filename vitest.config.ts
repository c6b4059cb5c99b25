import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with real D1, Durable Objects and Queues (miniflare), through the
// Worker's public surface. The sandbox platform server runs on loopback (test/global-setup.ts).
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        main: "./workers/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENVIRONMENT: "test",
            // Test-only key (32 zero bytes); production uses `wrangler secret put SECRETS_KEY`.
            SECRETS_KEY: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
          },
        },
      }),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/setup.ts"],
      include: ["test/**/*.test.ts", "workers/**/*.test.ts", "shared/**/*.test.ts"],
      exclude: ["test/browser/**"],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
