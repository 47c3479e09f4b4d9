import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSmtpSink } from "../helpers/smtp-sink.js";
import { startServerProcess } from "../helpers/server-process.js";
import { freePort } from "../helpers/ports.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The server as `npm start` runs it, in its own process, until it prints its address. */
function startServer(dataDir: string, port: number, env: Record<string, string>) {
  return startServerProcess({ BROADSHEET_DATA_DIR: dataDir, PORT: String(port), BROADSHEET_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env });
}

describe("the outbox across a crash", () => {
  it("a mail committed by a server killed before sending goes out once, from the next start", async () => {
    const sink = await startSmtpSink();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-outbox-"));
    dirs.push(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    try {
      // The first server commits the sign-up and its mail but never sends (its worker is off): then dies.
      const first = startServer(dataDir, port, { SMTP_URL: sink.url, BROADSHEET_MAIL_WORKER: "off" });
      await first.ready;
      const form = await fetch(`${base}/signup`);
      const cookie = (form.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const posted = await fetch(`${base}/signup`, {
        method: "POST",
        headers: { origin: base, cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, displayName: "Crash Test", email: "crash@example.test", password: "a long enough password" }),
      });
      expect(await posted.text()).toContain("Check your inbox");
      first.child.kill("SIGKILL");
      await first.exited;
      expect(sink.received).toHaveLength(0);

      const second = startServer(dataDir, port, { SMTP_URL: sink.url });
      await second.ready;
      try {
        const [mail] = await sink.waitFor(1, 15_000);
        expect(mail!.subject).toContain("Confirm your e-mail address");
        expect((mail!.to as { text: string }).text).toBe("crash@example.test");
        // Several more rounds of the worker: still once.
        await new Promise((r) => setTimeout(r, 3000));
        expect(sink.received).toHaveLength(1);
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      await sink.close();
    }
  }, 60_000);

  it("a server that cannot reach its mail server says so at start", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bs-outbox-"));
    dirs.push(dataDir);
    const proc = startServer(dataDir, await freePort(), { SMTP_URL: "smtp://mailer:s3cret@127.0.0.1:1?tls=off" });
    const err = await proc.ready.then(() => "started", (e: Error) => e.message);
    expect(err).toMatch(/cannot reach the mail server \(SMTP smtp:\/\/mailer:\*\*\*@127\.0\.0\.1:1\?tls=off\)/);
    expect(err).not.toContain("s3cret");
  }, 30_000);
});
