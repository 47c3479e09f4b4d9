// Other readers' post-page latency while one IP floods the comment endpoint (run pinned to core 0
// by bench/run.ts, against a server on core 1 with the default rate limit). Readers request the
// post page at a fixed, modest rate, first alone, then while a separate process floods at a fixed
// 5,000 posts/s. Fixed rates keep the figures free of coordinated omission; separate processes keep
// the flood's own client work out of the readers' timings (one process for both measured the
// client's event loop, not the server: p99 76 ms there, 14 ms with the flood in its own process).
// Prints one JSON line.
import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { cpuMs } from "./tools.js";

const [base, threadId, slug, role, serverPid] = process.argv.slice(2) as [string, string, string, string | undefined, string | undefined];
if (!base?.startsWith("http://127.0.0.1:")) throw new Error("load tests only target 127.0.0.1");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const READER_RATE = 200;
const FLOOD_RATE = 5000;

function readers(): Promise<autocannon.Result> {
  return autocannon({ url: `${base}/posts/${slug}`, connections: 4, overallRate: READER_RATE, duration: SECONDS });
}

/**
 * The flood: pre-built POSTs written at a fixed rate, pipelined over 32 keep-alive sockets, with
 * responses only counted by status. A bare-socket client because autocannon itself took a whole core
 * at this rate, and on a two-core machine the flooder shares core 0 with the readers' client.
 */
async function flood(): Promise<{ rps: number; "2xx": number; non2xx: number; errors: number }> {
  const url = new URL(`${base}/api/v1/threads/${threadId}/comments`);
  const body = JSON.stringify({ body: "Buy cheap watches now! https://spam.example/w https://spam.example/x" });
  const request = Buffer.from(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${url.origin}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const counts = { ok: 0, other: 0, errors: 0, sent: 0 };
  const sockets = await Promise.all(
    Array.from({ length: 32 }, () => new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(Number(url.port), url.hostname, () => resolve(s));
      s.on("error", (e) => (counts.errors++, reject(e)));
      s.on("data", (chunk: Buffer) => {
        const text = chunk.toString("latin1");
        for (let i = text.indexOf("HTTP/1.1 "); i >= 0; i = text.indexOf("HTTP/1.1 ", i + 9)) {
          if (text[i + 9] === "2") counts.ok++;
          else counts.other++;
        }
      });
    })),
  );
  const started = Date.now();
  const tickMs = 10;
  let next = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * FLOOD_RATE);
      for (; counts.sent < due; counts.sent++) sockets[next++ % sockets.length]!.write(request);
      if (Date.now() - started >= (SECONDS + 2) * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  await new Promise((r) => setTimeout(r, 500)); // the last answers
  for (const s of sockets) s.destroy();
  return { rps: counts.sent / (SECONDS + 2), "2xx": counts.ok, non2xx: counts.other, errors: counts.errors };
}

const statuses = (r: autocannon.Result) => ({ "2xx": r["2xx"], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts });

/** Runs the flood in its own process and resolves with its summary. */
function floodProcess(): Promise<{ rps: number; "2xx": number; non2xx: number; errors: number }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), base, threadId, slug, "flood", ""], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}")) : reject(new Error(`flood exited ${code}`))));
  });
}

async function main(): Promise<void> {
  if (role === "flood") {
    console.log(JSON.stringify(await flood()));
    return;
  }
  await autocannon({ url: `${base}/posts/${slug}`, connections: 4, duration: 3 }); // warm-up
  // Three rounds of (alone, under the flood): on a shared machine one stall can make a single p99,
  // so the figure reported is the median round's ratio, with every round listed.
  type Latency = { p50: number; p99: number; rps: number } & ReturnType<typeof statuses>;
  const rounds: Array<{ unloaded: Latency; loaded: Latency; flood: Awaited<ReturnType<typeof floodProcess>>; serverCpuMs: number }> = [];
  for (let i = 0; i < 3; i++) {
    const alone = await readers();
    const cpuBefore = serverPid ? cpuMs(Number(serverPid)) : NaN;
    const flooding = floodProcess();
    await new Promise((r) => setTimeout(r, 1000)); // let the flood reach its rate first
    const loaded = await readers();
    const flooded = await flooding;
    rounds.push({
      unloaded: { p50: alone.latency.p50, p99: alone.latency.p99, rps: alone.requests.average, ...statuses(alone) },
      loaded: { p50: loaded.latency.p50, p99: loaded.latency.p99, rps: loaded.requests.average, ...statuses(loaded) },
      flood: flooded,
      // Server CPU while the flood ran (its 429s, the accepted few, and the readers at 200 req/s).
      serverCpuMs: cpuMs(Number(serverPid)) - cpuBefore,
    });
  }
  const ratio = (r: (typeof rounds)[number]) => r.loaded.p99 / Math.max(1, r.unloaded.p99);
  const median = [...rounds].sort((a, b) => ratio(a) - ratio(b))[1]!;
  console.log(JSON.stringify({ ...median, rounds: rounds.map((r) => [r.unloaded.p99, r.loaded.p99]) }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
