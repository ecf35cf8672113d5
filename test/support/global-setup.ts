/** One Azurite (in memory, free port) for the integration suites; each test file uses its own table prefix. */
import type { TestProject } from "vitest/node";
import { startAzurite } from "../../scripts/azurite.js";

declare module "vitest" {
  export interface ProvidedContext {
    storageConnectionString: string;
    azuritePort: number;
  }
}

export default async function setup(project: TestProject) {
  const azurite = await startAzurite();
  project.provide("storageConnectionString", azurite.connectionString);
  project.provide("azuritePort", azurite.port);
  return async () => {
    await azurite.stop();
  };
}
