// (k) How long a comment posted on node A takes to reach readers streaming from node B, with 1,000
// readers connected to B. Run by bench/nodes.ts as its own process. Each reader is its own socket;
// each comment carries a marker, and every reader notes when its stream brings that marker. The
// clock is this process's: from just before the POST leaves to the chunk's arrival, so the figure
// includes posting on A, the bus, B fetching the comment and writing 1,000 streams, and this
// process reading them. Prints one JSON line.
import http from "node:http";
import { performance } from "node:perf_hooks";

const [readBase, postBase, threadId, readersArg, postsArg] = process.argv.slice(2) as [string, string, string, string, string];
for (const b of [readBase, postBase]) if (!b?.startsWith("http://127.0.0.1:")) throw new Error("load tests only target 127.0.0.1");
const READERS = Number(readersArg ?? 1000);
const POSTS = Number(postsArg ?? 50);
/** Comments posted first and not measured: the first posts on a fresh node pay for V8 compiling the path. */
const WARMUP = 20;

const RUN = Math.random().toString(36).slice(2, 10);
const sentAt: number[] = [];
const latencies: number[] = [];
const received: number[] = Array.from({ length: WARMUP + POSTS }, () => 0);
/** Per comment: when the first and the last reader got it. */
const first: number[] = [];
const last: number[] = [];
/** Per comment: when node A's 201 arrived. */
const acked: number[] = [];

let readerCount = 0;
/** A reader behind the proxy, each from a network of its own (a node holds at most 50 streams per network). */
function openReader(): Promise<http.ClientRequest> {
  const n = readerCount++;
  return new Promise((resolve, reject) => {
    const forwarded = { "x-forwarded-for": `198.18.${Math.floor(n / 250) % 250}.${(n % 250) + 1}` };
    const req = http.get(`${readBase}/api/v1/threads/${threadId}/events`, { agent: false, headers: forwarded }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding("utf8");
      let tail = "";
      res.on("data", (chunk: string) => {
        const now = performance.now();
        const text = tail + chunk;
        for (let i = text.indexOf("live-bench-"); i >= 0; i = text.indexOf("live-bench-", i + 11)) {
          const n = Number(/^live-bench-(\d+)-/.exec(text.slice(i, i + 30))?.[1]);
          if (Number.isInteger(n) && sentAt[n] !== undefined) {
            const latency = now - (sentAt[n] as number);
            if (n >= WARMUP) latencies.push(latency);
            first[n] ??= latency;
            last[n] = latency;
            received[n] = (received[n] ?? 0) + 1;
          }
        }
        tail = text.slice(-40);
      });
      resolve(req);
    });
    req.on("error", reject);
  });
}

async function main(): Promise<void> {
  const connectStarted = performance.now();
  const streams: http.ClientRequest[] = [];
  for (let i = 0; i < READERS; i += 100) streams.push(...(await Promise.all(Array.from({ length: Math.min(100, READERS - i) }, openReader))));
  const connectMs = performance.now() - connectStarted;
  await new Promise((r) => setTimeout(r, 500));
  for (let n = 0; n < WARMUP + POSTS; n++) {
    sentAt[n] = performance.now();
    const res = await fetch(`${postBase}/api/v1/threads/${threadId}/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(postBase).origin },
      // A run id keeps the text new to duplicate screening when the benchmark runs again on the same thread.
      body: JSON.stringify({ body: `live-bench-${n}-${RUN} a comment for the readers on the other node` }),
    });
    if (res.status !== 201) throw new Error(`posting answered ${res.status}: ${await res.text()}`);
    acked[n] = performance.now() - (sentAt[n] as number);
    // Wait for every reader (bounded), then a pause, so each comment is measured on its own.
    const waitStarted = performance.now();
    while ((received[n] ?? 0) < READERS && performance.now() - waitStarted < 2000) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const s of streams) s.destroy();
  const quantile = (xs: number[], p: number) => {
    const sorted = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
    return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN) * 10) / 10;
  };
  const q = (p: number) => quantile(latencies, p);
  const measured = <T>(xs: T[]) => xs.slice(WARMUP);
  const missing = POSTS * READERS - latencies.length;
  console.log(JSON.stringify({ readers: READERS, posts: POSTS, deliveries: latencies.length, missing, p50: q(0.5), p99: q(0.99), max: q(1), connectMs: Math.round(connectMs),
    // The first reader's latency is the bus and the fetch; last minus first is writing 1,000 streams and reading them here.
    ackP50: quantile(measured(acked), 0.5), ackP99: quantile(measured(acked), 0.99), firstP50: quantile(measured(first), 0.5), firstP99: quantile(measured(first), 0.99), spreadP50: quantile(measured(last.map((l, i) => l - (first[i] as number))), 0.5), spreadP99: quantile(measured(last.map((l, i) => l - (first[i] as number))), 0.99), warmup: WARMUP }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
