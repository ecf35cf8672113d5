import { defineConfig } from "vitest/config";

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
          globalSetup: ["test/support/global-setup.ts"],
          env: { TZ: "America/New_York" },
          pool: "forks",
        },
      },
    ],
  },
});
