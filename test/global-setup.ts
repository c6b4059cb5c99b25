import type { TestProject } from "vitest/node";
import { startSandbox } from "./sandbox/server";

declare module "vitest" {
  export interface ProvidedContext {
    sandboxUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const sandbox = await startSandbox(0);
  project.provide("sandboxUrl", sandbox.url);
  return async () => sandbox.close();
}
