/**
 * One Azurite (in memory, free port) for the integration suites; each test file uses its own table prefix.
 * The tests reach it through the strict-storage proxy, which refuses what Azure Table Storage would refuse
 * (Azurite enforces none of the service's entity and batch limits).
 */
import type { TestProject } from "vitest/node";
import { startAzurite } from "../../scripts/azurite.js";
import { startStrictStorage } from "./strict-storage.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The strict proxy's connection string: what the tests' storage is. */
    storageConnectionString: string;
    /** Azurite's own port, behind the proxy (a restarted Azurite on this port is reached again). */
    azuritePort: number;
    /** The proxy's port. */
    strictStoragePort: number;
  }
}

export default async function setup(project: TestProject) {
  const azurite = await startAzurite();
  const strict = await startStrictStorage({ targetPort: azurite.port });
  project.provide("storageConnectionString", strict.connectionString);
  project.provide("azuritePort", azurite.port);
  project.provide("strictStoragePort", strict.port);
  return async () => {
    await strict.close();
    await azurite.stop();
  };
}
