import type { AddressInfo } from "node:net";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { makeAppWorld } from "./app.js";

/** Debian's Chromium, never a downloaded one. */
export const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** A desktop browser's agent: Chromium's own headless agent is (rightly) treated as a bot and not counted. */
export const DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A real server on a loopback port over a fresh world, reached by a real browser. */
export async function startServer(options: Parameters<typeof makeAppWorld>[0] = {}) {
  const world = await makeAppWorld({ startAt: Date.now(), ...options, env: { ...options.env } });
  await world.app.listen({ host: "127.0.0.1", port: 0 });
  const port = (world.app.server.address() as AddressInfo).port;
  return { ...world, url: `http://127.0.0.1:${port}` };
}

export async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ userAgent: DESKTOP_UA, javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: options.bypassCSP ?? false });
}

/** One Chromium for a test file: launched before its tests, closed after. Call at the top of the file. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error("the browser is not launched yet");
    return browser;
  };
}
