import { defineConfig } from "vitest/config";

// Browser tests: real Debian Chromium (playwright-core) against the real local stack
// (wrangler dev + sandbox), started once in global-setup.ts.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
