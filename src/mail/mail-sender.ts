import fs from "node:fs";
import path from "node:path";
import type nodemailer from "nodemailer";
import { lazyModule } from "../lazy-module.js";

const loadNodemailer = lazyModule<typeof nodemailer>("nodemailer");
import { redactUrl } from "../config.js";

/** One message as it leaves us. */
export interface Envelope {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Stable per outbox row: a message sent twice after a crash is recognisably the same one. */
  readonly messageId: string;
}

export interface MailSender {
  /** Where mail goes, for the start-up line and the staff page (no password). */
  readonly describe: string;
  send(envelope: Envelope): Promise<void>;
  /** Checks the server answers (at start: a clear error instead of silent failures later). */
  verify(): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when `smtpUrl` is set — smtps:// is TLS from the start; smtp:// must
 * upgrade with STARTTLS (refused otherwise) unless `?tls=off` says the server is a local relay —
 * or, with no mail settings, each message as an .eml file under `<dataDir>/mail/`.
 */
export function makeMailSender(options: { smtpUrl: string | undefined; dataDir: string }): MailSender {
  if (!options.smtpUrl) return fileSender(path.join(options.dataDir, "mail"));
  const url = new URL(options.smtpUrl);
  const secure = url.protocol === "smtps:";
  const plain = url.searchParams.get("tls") === "off";
  const transport = loadNodemailer().createTransport({
    // Connections are kept and reused: a new one per message costs a handshake (and TLS) each time.
    pool: true,
    maxConnections: 2,
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    requireTLS: !secure && !plain,
    ignoreTLS: plain,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    describe: `SMTP ${redactUrl(options.smtpUrl)}`,
    async send(e) {
      await transport.sendMail({ from: e.from, to: e.to, subject: e.subject, text: e.text, html: e.html, headers: { ...e.headers }, messageId: e.messageId });
    },
    async verify() {
      await transport.verify();
    },
    close: () => transport.close(),
  };
}

/** A newcomer's machine has no mail server: messages are written where the staff Mail page lists them. */
function fileSender(dir: string): MailSender {
  // Made at the first message: most processes write none.
  let composer: ReturnType<typeof nodemailer.createTransport> | undefined;
  return {
    describe: `files in ${dir}`,
    async send(e) {
      composer ??= loadNodemailer().createTransport({ streamTransport: true, buffer: true, newline: "unix" });
      const info = await composer.sendMail({ from: e.from, to: e.to, subject: e.subject, text: e.text, html: e.html, headers: { ...e.headers }, messageId: e.messageId });
      fs.mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${e.messageId.replace(/[^a-z0-9.-]/gi, "")}.eml`;
      fs.writeFileSync(path.join(dir, name), info.message as Buffer);
    },
    async verify() {
      fs.mkdirSync(dir, { recursive: true });
    },
    close: () => undefined,
  };
}
