import { afterEach } from "vitest";
import { makeAppWorld, type AppWorld } from "./app.js";
import { startSmtpSink } from "./smtp-sink.js";

/**
 * For a test file whose tests send real mail: `open()` starts an SMTP server process and a world
 * that sends to it (public address http://127.0.0.1:3000); both are closed after each test.
 */
export function useMailWorld() {
  const open: Array<{ w: AppWorld; sink: Awaited<ReturnType<typeof startSmtpSink>> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.w.cleanup();
      await o.sink.close();
    }
  });
  return async (options: Parameters<typeof makeAppWorld>[0] = {}) => {
    const sink = await startSmtpSink();
    const w = await makeAppWorld({ ...options, env: { SMTP_URL: sink.url, BROADSHEET_PUBLIC_URL: "http://127.0.0.1:3000", ...options.env } });
    open.push({ w, sink });
    return { w, sink };
  };
}
