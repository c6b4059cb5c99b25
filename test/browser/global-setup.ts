import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations, ensureDevVars, freePort, seed, startWorker, triggerCron } from "../../scripts/lib/stack";
import { startSandbox } from "../sandbox/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    sandboxUrl: string;
    demoPassword: string;
    demoSeed: string;
  }
}

/** One local stack for all browser tests, on free ports with a throwaway D1/DO state directory. */
export default async function setup(project: TestProject) {
  const persistDir = mkdtempSync(join(tmpdir(), "casinoflux-browser-"));
  ensureDevVars();
  applyMigrations(persistDir);
  const sandbox = await startSandbox(0);
  const worker = await startWorker({ port: await freePort(0), persistDir, quiet: true });
  const password = "browser-test-password";
  const demo = await seed(worker.url, sandbox.url, password, true);
  await triggerCron(worker.url);
  project.provide("baseUrl", worker.url);
  project.provide("sandboxUrl", sandbox.url);
  project.provide("demoPassword", password);
  project.provide("demoSeed", JSON.stringify(demo));
  return async () => {
    await worker.stop();
    await sandbox.close();
    rmSync(persistDir, { recursive: true, force: true });
  };
}
