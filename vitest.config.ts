import { defineConfig } from "vitest/config";
import { preactAliases } from "./addin/preact.js";

// The domain suite runs twice, in two process time zones, to prove business time is CST whatever the machine says.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "domain-utc", include: ["test/domain/**/*.test.ts"], env: { TZ: "UTC" } },
      },
      {
        extends: true,
        test: {
          name: "domain-new-york",
          include: ["test/domain/**/*.test.ts"],
          env: { TZ: "America/New_York" },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/{functions,addin,e2e}/**/*.test.{ts,tsx}"],
          exclude: ["test/addin/pane-*.test.{ts,tsx}"],
          globalSetup: ["test/support/global-setup.ts"],
          env: { TZ: "America/New_York" },
          pool: "forks",
        },
      },
      {
        extends: true,
        // The pane's components on the runtime that ships (addin/preact.ts): Preact for React, with Fluent UI
        // inlined so that it, too, renders through Preact rather than loading React from node_modules.
        resolve: { alias: preactAliases },
        test: {
          name: "pane",
          include: ["test/addin/pane-*.test.{ts,tsx}"],
          env: { TZ: "America/New_York" },
          server: { deps: { inline: [/@fluentui\//, /@griffel\//] } },
          // Fluent inlined is slow to import: the files share one module graph per worker instead of one each.
          isolate: false,
        },
      },
    ],
  },
});
