import type { TestProject } from "vitest/node";
import { startSandbox } from "./sandbox/server";

declare module "vitest" {
  export interface ProvidedContext {
    sandboxUrl: string;
    /** FUZZ_API_RUNS from the environment (0: unset), read by test/fuzz/fuzz.ts inside workerd. */
    fuzzApiRuns: number;
  }
}

export default async function setup(project: TestProject) {
  const sandbox = await startSandbox(0);
  project.provide("sandboxUrl", sandbox.url);
  project.provide("fuzzApiRuns", Number(process.env.FUZZ_API_RUNS) || 0);
  return async () => sandbox.close();
}
