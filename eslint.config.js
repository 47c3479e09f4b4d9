import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "data", "dist"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // The domain is pure: it declares ports and never reaches for transport, storage or views.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/http/**", "**/storage/**", "**/views/**", "**/events/**", "**/cli/**"], message: "domain/ must not depend on outer layers" },
            { group: ["fastify", "@fastify/*", "kysely", "better-sqlite3", "pg", "preact", "preact/*", "ioredis"], message: "domain/ must stay free of frameworks and drivers" },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "config.ts is the only reader of process.env" }],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "inject a clock" }, { object: "Math", property: "random", message: "inject randomness" }],
    },
  },
);
