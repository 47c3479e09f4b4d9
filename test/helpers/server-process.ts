/** How the tests start a server process: as `npm start` does, from the build (test/global-setup.ts builds it first). */
export const SERVER_ARGS: readonly string[] = ["--enable-source-maps", "dist/main.mjs"];
