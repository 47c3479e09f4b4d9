import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on a free port that keeps what it receives, parsed. */
export async function startSmtpSink(options: { failFirst?: number } = {}) {
  const received: ParsedMail[] = [];
  const raw: string[] = [];
  let failures = options.failFirst ?? 0;
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // Pooled client connections are cut at close rather than waited for.
    closeTimeout: 100,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          const err = new Error("try again later") as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        const text = Buffer.concat(chunks).toString("utf8");
        raw.push(text);
        void simpleParser(text).then((mail) => {
          received.push(mail);
          waiters.splice(0).forEach((w) => w());
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    received,
    raw,
    /** Resolves once `n` messages have arrived (or rejects after `ms`). */
    async waitFor(n: number, ms = 10_000): Promise<ParsedMail[]> {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mails, got ${received.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\S+`).exec(mail.text ?? "");
  if (!m) throw new Error(`no link ${prefix}… in: ${mail.text}`);
  return m[0];
}
