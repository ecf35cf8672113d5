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
    // What the service would have refused, for whoever reads the run (strict-storage.test.ts causes some on purpose).
    if (strict.refusals.length > 0) {
      const byCode = new Map<string, number>();
      for (const r of strict.refusals) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
      console.info(
        `严格存储代理拒绝了 ${strict.refusals.length} 次 Azure 会拒绝的写入：` +
          [...byCode].map(([code, n]) => `${code} ×${n}`).join("，"),
      );
    }
    await strict.close();
    await azurite.stop();
  };
}
