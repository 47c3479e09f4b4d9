// Issue 5's runs: several nodes on one PostgreSQL (and Redis). Run from bench/run.ts.
//   (j) the 200-comment post page: two nodes (one per core) against one node, same machine
//   (k) a comment posted on node A reaching 1,000 readers streaming from node B (NOTIFY, then Redis)
//   (l) posting comments on PostgreSQL, one node
import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { BENCH_SLUG, setupBenchData } from "./setup-thread.js";
import { cpuMs, measureLoad, postingRun, startPinned, stop, wrkAsync, type LoadResult, type Row } from "./tools.js";

export interface LiveResult {
  readers: number;
  posts: number;
  deliveries: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
  connectMs: number;
  /** Node A's answer to the POST. */
  ackP50: number;
  ackP99: number;
  firstP50: number;
  firstP99: number;
  spreadP50: number;
  spreadP99: number;
}

export interface NodesResult {
  one: Row;
  two: { a: LoadResult; b: LoadResult; rps: number; cpuMsPerRequest: number };
  posting: Row;
  liveNotify: LiveResult;
  liveRedis: LiveResult | undefined;
}

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const PORT_A = 39_110;
const PORT_B = 39_111;

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export async function nodesRun(opts: { root: string; work: string; startFlags: string[]; seconds: number; connections: number }): Promise<NodesResult> {
  const database = `bench_nodes_${crypto.randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`create database ${database}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const dataDir = path.join(opts.work, "nodes-data");
  const procs: ChildProcess[] = [];
  const start = async (port: number, core: string, extra: Record<string, string> = {}) => {
    const env = {
      ...process.env,
      DATABASE_URL: url.toString(),
      BROADSHEET_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: "warn",
      BROADSHEET_SEED: "0",
      BROADSHEET_COMMENT_WRITES_PER_MINUTE: "1000000",
      // As deployed: behind a proxy on this machine, whose forwarded addresses are believed.
      BROADSHEET_TRUSTED_PROXIES: "127.0.0.1",
      ...extra,
    };
    const child = await startPinned(process.execPath, [...opts.startFlags, path.join(opts.root, "dist/main.mjs")], env, `http://127.0.0.1:${port}/readyz`, core);
    procs.push(child);
    return child;
  };
  const stopAll = async () => {
    await Promise.all(procs.splice(0).map((p) => stop(p)));
  };
  try {
    console.log(`Preparing the 200-comment post in PostgreSQL database ${database} …`);
    const { threadId, quietThreadId } = await setupBenchData(dataDir, url.toString());
    const page = (port: number) => `http://127.0.0.1:${port}/posts/${BENCH_SLUG}`;
    const run = { seconds: opts.seconds, connections: opts.connections };

    // One node on core 1, wrk on core 0: the same arrangement as (a).
    const b = await start(PORT_B, "1");
    const one = measureLoad("(j) post page, one node, PostgreSQL", b.pid as number, page(PORT_B), run);
    const posting = measureLoad("(l) posting, one node, PostgreSQL", b.pid as number, `http://127.0.0.1:${PORT_B}/api/v1/threads/${quietThreadId}/comments`, {
      ...run,
      script: postingRun(opts.work, `http://127.0.0.1:${PORT_B}`).script,
    });

    // Two nodes, one per core; two wrk processes (half the connections each), wherever the scheduler puts them.
    const a = await start(PORT_A, "0");
    const half = { ...run, connections: Math.max(1, run.connections / 2) };
    await Promise.all([wrkAsync(page(PORT_A), { ...half, seconds: 5 }, "0,1"), wrkAsync(page(PORT_B), { ...half, seconds: 5 }, "0,1")]);
    const cpuBefore = cpuMs(a.pid as number) + cpuMs(b.pid as number);
    const [ra, rb] = await Promise.all([wrkAsync(page(PORT_A), half, "0,1"), wrkAsync(page(PORT_B), half, "0,1")]);
    const cpu = cpuMs(a.pid as number) + cpuMs(b.pid as number) - cpuBefore;
    const two = { a: ra, b: rb, rps: ra.rps + rb.rps, cpuMsPerRequest: cpu / (ra.requests + rb.requests) };
    console.log(`(j) post page, two nodes: ${two.rps.toFixed(0)} req/s (${ra.rps.toFixed(0)} + ${rb.rps.toFixed(0)}), ${(two.cpuMsPerRequest * 1000).toFixed(1)} µs CPU/req`);

    const liveNotify = live(opts.root, threadId, "NOTIFY");
    await stopAll();

    let liveRedis: LiveResult | undefined;
    try {
      execFileSync("redis-cli", ["-u", REDIS_URL, "ping"], { stdio: "ignore" });
      const redis = { REDIS_URL, BROADSHEET_REDIS_PREFIX: `${database}:` };
      await start(PORT_A, "0", redis);
      await start(PORT_B, "1", redis);
      liveRedis = live(opts.root, threadId, "Redis");
    } catch (err) {
      console.log(`(k) with Redis skipped: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
    return { one, two, posting, liveNotify, liveRedis };
  } finally {
    await stopAll();
    await admin((c) => c.query(`drop database if exists ${database} with (force)`)).catch(() => undefined);
    try {
      const keys = execFileSync("redis-cli", ["-u", REDIS_URL, "--scan", "--pattern", `${database}:*`], { encoding: "utf8" }).split("\n").filter(Boolean);
      if (keys.length > 0) execFileSync("redis-cli", ["-u", REDIS_URL, "del", ...keys], { stdio: "ignore" });
    } catch {
      // no Redis: nothing was left there
    }
  }
}

/** (k) 1,000 readers on node B (core 1), comments posted on node A (core 0), client process on core 0. */
function live(root: string, threadId: number, via: string): LiveResult {
  const out = execFileSync(
    "taskset",
    ["-c", "0", process.execPath, "--import", "tsx", path.join(root, "bench/live-latency.ts"), `http://127.0.0.1:${PORT_B}`, `http://127.0.0.1:${PORT_A}`, String(threadId), "1000", "50"],
    { cwd: root, encoding: "utf8", timeout: 180_000 },
  );
  const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as LiveResult;
  console.log(`(k) A → 1,000 readers on B via ${via}: p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ${result.missing} missing of ${result.posts * result.readers}; A answered the POST p50 ${result.ackP50} / p99 ${result.ackP99} ms; first reader p50 ${result.firstP50} / p99 ${result.firstP99} ms, first to last p50 ${result.spreadP50} / p99 ${result.spreadP99} ms`);
  return result;
}
