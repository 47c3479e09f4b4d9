// Sending 10,000 queued notifications to a local SMTP server (issue 13): a thread with 10,000
// confirmed followers gets one new comment, which writes 10,000 outbox rows in its transaction; the
// server's outbox worker sends them. Baseline, in the same run: nodemailer itself, pooled as ours
// is (2 connections), sending 10,000 messages of the same size to the same server from a bare
// process on the same core. Memory: the server's RSS sampled every 200 ms while it sends.
//
// Roles (one file): `sink PORT` (an SMTP server counting messages, core 0), `baseline URL N BYTES`
// (the bare sender, core 1); `npm run bench` runs the driver, `notificationsRun`.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { composeDeps, openStore } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { createPost } from "../src/domain/posts/create-post.js";
import { makeScryptPasswords } from "../src/security/scrypt-passwords.js";
import { seedIfEmpty } from "../src/seed/seed.js";
import { cpuMs, rssMb, startPinned, stop } from "./tools.js";

const FOLLOWERS = 10_000;
const me = fileURLToPath(import.meta.url);

export interface NotificationsResult {
  readonly messages: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly baselinePerSecond: number;
  readonly serverCpuMsPerMessage: number;
  /** RSS, MB: before the comment, the highest while sending, and after the last message. */
  readonly rss: { start: number; peak: number; end: number; samples: number[] };
  /** Bytes of the first message the sink received (the baseline sends messages of this size). */
  readonly messageBytes: number;
  readonly failed: number;
}

/** An SMTP server that only counts: it prints `count bytes` on every 100th message and at each second. */
async function sink(port: number): Promise<void> {
  const { SMTPServer } = await import("smtp-server");
  let count = 0;
  let first = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      let bytes = 0;
      stream.on("data", (c: Buffer) => (bytes += c.length));
      stream.on("end", () => {
        if (++count === 1) first = bytes;
        if (count % 100 === 0) process.stdout.write(`${count} ${first}\n`);
        callback();
      });
    },
  });
  // The driver reads these lines; once it is gone, so is this process.
  process.stdout.on("error", () => process.exit(0));
  setInterval(() => process.stdout.write(`${count} ${first}\n`), 1000);
  server.listen(port, "127.0.0.1", () => process.stdout.write("0 0\n"));
}

/** nodemailer alone, pooled like ours, sending `n` messages of `bytes` bytes; prints the seconds it took. */
async function baseline(url: string, n: number, bytes: number): Promise<void> {
  const nodemailer = (await import("nodemailer")).default;
  const u = new URL(url);
  const transport = nodemailer.createTransport({ pool: true, maxConnections: 2, host: u.hostname, port: Number(u.port), secure: false, ignoreTLS: true });
  const text = "x".repeat(Math.max(0, Math.floor((bytes - 600) / 2)));
  const started = performance.now();
  let next = 0;
  // Two senders, as the pool has two connections: each waits for its message before the next.
  const sender = async () => {
    while (next < n) {
      const i = next++;
      await transport.sendMail({ from: "bench@example.test", to: `reader-${i}@example.test`, subject: `Baseline ${i}`, text, html: `<p>${text}</p>` });
    }
  };
  await Promise.all([sender(), sender()]);
  process.stdout.write(String((performance.now() - started) / 1000));
  transport.close();
}

/** A fresh data folder: one post whose thread has 10,000 confirmed followers. */
async function setup(dataDir: string): Promise<{ threadId: number; slug: string }> {
  const config = loadConfig({ BROADSHEET_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const store = await openStore(config);
  const deps = await composeDeps(config, store, { passwords: makeScryptPasswords({ N: 2 ** 12, r: 8, p: 1 }) });
  await seedIfEmpty(deps, { withSampleContent: false });
  const post = await createPost(deps, { siteId: 1, slug: "followed-story", title: "A story ten thousand readers follow", standfirst: "Everyone wants to know.", body: "Report.", publishedAt: Date.now() - 3_600_000 });
  const now = Date.now();
  for (let i = 0; i < FOLLOWERS; i++) {
    await deps.subscriptions.insertSubscription({ siteId: 1, threadId: post.threadId, commentId: null, userId: null, email: `follower-${i}@example.test`, confirmedAt: now, createdAt: now });
  }
  await deps.events.close();
  await deps.redis?.quit();
  await store.close();
  return { threadId: post.threadId, slug: post.slug };
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buf = "";
  child.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
}

function runToEnd(cmd: string, args: string[]): Promise<string> {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited ${code}`)))));
}

export async function notificationsRun(o: { root: string; work: string; startFlags: string[]; port: number; smtpPort: number }): Promise<NotificationsResult> {
  const dataDir = path.join(o.work, "mail-data");
  console.log(`Preparing a thread with ${FOLLOWERS.toLocaleString("en")} followers …`);
  const { threadId } = await setup(dataDir);
  const smtpUrl = `smtp://127.0.0.1:${o.smtpPort}?tls=off`;
  const sinkProc = spawn("taskset", ["-c", "0", process.execPath, "--import", "tsx", me, "sink", String(o.smtpPort)], { stdio: ["ignore", "pipe", "inherit"] });
  let received = 0;
  let firstBytes = 0;
  const waiters: Array<() => void> = [];
  let firstLine = false;
  lines(sinkProc, (l) => {
    firstLine = true;
    const [n, b] = l.split(" ").map(Number);
    received = n ?? received;
    firstBytes = b ?? firstBytes;
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (n: number, ms: number) => {
    const end = Date.now() + ms;
    while (received < n && Date.now() < end) await new Promise<void>((r) => (waiters.push(r), setTimeout(r, 200)));
    return received >= n;
  };
  // The server checks its mail server at start: wait until the sink says it listens.
  const listening = Date.now() + 30_000;
  while (firstLine === false && Date.now() < listening) await new Promise((r) => setTimeout(r, 100));
  const base = `http://127.0.0.1:${o.port}`;
  const env = { ...process.env, BROADSHEET_DATA_DIR: dataDir, PORT: String(o.port), LOG_LEVEL: "warn", SMTP_URL: smtpUrl, BROADSHEET_TRUSTED_PROXIES: "127.0.0.1" };
  const server = await startPinned(process.execPath, [...o.startFlags, path.join(o.root, "dist/main.mjs")], env, `${base}/healthz`);
  try {
    const pid = server.pid as number;
    const start = rssMb(pid);
    const samples: number[] = [];
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const res = await fetch(`${base}/api/v1/threads/${threadId}/comments`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ authorName: "Newsdesk", body: "An update everyone was waiting for." }) });
    if (res.status !== 201) throw new Error(`posting the comment answered ${res.status}: ${await res.text()}`);
    const sampler = setInterval(() => samples.push(rssMb(pid)), 200);
    const done = await until(FOLLOWERS, 600_000);
    const arrived = received;
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuMs(pid) - cpuBefore;
    const end = rssMb(pid);
    const failed = FOLLOWERS - arrived;
    if (!done) console.log(`only ${arrived} of ${FOLLOWERS} notifications arrived`);
    const baselineSeconds = Number(await runToEnd("taskset", ["-c", "1", process.execPath, "--import", "tsx", me, "baseline", smtpUrl, String(FOLLOWERS), String(firstBytes)]));
    const result: NotificationsResult = {
      messages: arrived,
      seconds,
      perSecond: arrived / seconds,
      baselinePerSecond: FOLLOWERS / baselineSeconds,
      serverCpuMsPerMessage: cpu / Math.max(1, arrived),
      rss: { start, peak: Math.max(start, end, ...samples), end, samples: samples.filter((_, i) => i % 5 === 0) },
      messageBytes: firstBytes,
      failed,
    };
    console.log(
      `(t) ${arrived} notifications in ${seconds.toFixed(1)} s: ${result.perSecond.toFixed(0)}/s against nodemailer alone ${result.baselinePerSecond.toFixed(0)}/s; ${result.serverCpuMsPerMessage.toFixed(2)} ms CPU each; RSS ${start.toFixed(0)} → peak ${result.rss.peak.toFixed(0)} → ${end.toFixed(0)} MB`,
    );
    return result;
  } finally {
    await stop(server);
    sinkProc.kill("SIGTERM");
  }
}

if (process.argv[2] === "sink") await sink(Number(process.argv[3]));
else if (process.argv[2] === "baseline") await baseline(process.argv[3] ?? "", Number(process.argv[4]), Number(process.argv[5]));
