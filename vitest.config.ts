import { defineConfig } from "vitest/config";

// Two projects: fast tests (domain, storage, http) run in parallel; browser tests drive one
// Chromium each and run one file at a time so two cores are not oversubscribed.
export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/domain/**/*.test.ts", "test/storage/**/*.test.ts", "test/http/**/*.test.ts", "test/imports/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
