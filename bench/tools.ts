import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** CPU time (user + system) a process has used, in milliseconds, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the full line)
  return (ticks * 1000) / clockTicks();
}

let hz: number | undefined;
function clockTicks(): number {
  hz ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  return hz;
}

/** Resident memory of a process in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0) / 1024;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** CPU the load generator itself used, ms (when run through `wrk()`). */
  readonly wrkCpuMs?: number;
  /** The slowest request (open-loop runs). */
  readonly maxMs?: number;
}

/**
 * Drives a bounded load with wrk on loopback (pinned to core 0): `connections` keep-alive
 * connections for `seconds`, optionally with a Lua script for POSTs.
 */
export function wrk(url: string, opts: { seconds: number; connections: number; script?: string }): LoadResult {
  // Through bash, whose `times` then reports the CPU wrk used: the load generator must not be the limit.
  const out = execFileSync("taskset", ["-c", "0", "bash", "-c", '"$@"; times', "bash", ...wrkArgs(url, opts)], { encoding: "utf8", timeout: (opts.seconds + 30) * 1000 });
  const children = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(out);
  const wrkCpuMs = children ? (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000 : NaN;
  return { ...parseWrk(out), wrkCpuMs };
}

/** The wrk command line (wrk and its arguments); callers put taskset in front. */
function wrkArgs(url: string, opts: { seconds: number; connections: number; script?: string }): string[] {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error("load tests only target 127.0.0.1");
  return ["wrk", "-t1", `-c${opts.connections}`, `-d${opts.seconds}s`, "--latency", ...(opts.script ? ["-s", opts.script] : []), url];
}

/** wrk in the background on the given cores ("0,1": wherever the scheduler puts it), for runs of several at once. */
export function wrkAsync(url: string, opts: { seconds: number; connections: number; script?: string }, cores: string): Promise<LoadResult> {
  const child = spawn("taskset", ["-c", cores, ...wrkArgs(url, opts)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve(parseWrk(out)) : reject(new Error(`wrk exited ${code}: ${out}`)))));
}

function parseWrk(out: string): LoadResult {
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  const requests = num(/(\d+) requests in/);
  const seconds = num(/requests in ([\d.]+)s/);
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50ms: ms(/50%\s+([\d.]+)(us|ms|s)/),
    p99ms: ms(/99%\s+([\d.]+)(us|ms|s)/),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/) || 0,
    errors: (/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)?.slice(1).map(Number).reduce((a, b) => a + b, 0)) ?? 0,
  };
}

/** Starts a process pinned to core 1 (or `core`) and waits until `url` answers. */
export async function startPinned(cmd: string, args: string[], env: NodeJS.ProcessEnv, url: string, core = "1"): Promise<ChildProcess> {
  const child = spawn("taskset", ["-c", core, cmd, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  // Kept on disk too, so a server that dies mid-run leaves its last words behind.
  const logFile = `/tmp/bench-${path.basename(cmd)}-${Date.now()}.log`;
  const keep = (d: Buffer) => {
    log += d;
    fs.appendFileSync(logFile, d);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status < 500) return child;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`${cmd} exited: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${cmd} did not answer at ${url}: ${log}`);
}

export function requireTool(name: string, apt: string): void {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`]);
  } catch {
    throw new Error(`${name} is missing: apt-get install -y ${apt}`);
  }
}

/**
 * GETs a page's text. Retries once: between load runs the server may close the idle keep-alive
 * socket that fetch's pool would reuse ("fetch failed").
 */
export async function fetchText(url: string): Promise<string> {
  return (await fetchBytes(url)).toString("utf8");
}

/** GETs a resource's bytes (decompressed, as fetch gives them), retried once like fetchText. */
export async function fetchBytes(url: string): Promise<Buffer> {
  try {
    return Buffer.from(await (await fetch(url)).arrayBuffer());
  } catch {
    return Buffer.from(await (await fetch(url)).arrayBuffer());
  }
}

/**
 * The page as a browser that accepts gzip gets it: the compressed bytes themselves (fetch would
 * decompress them). The first answers are uncompressed while the server compresses the page on its
 * thread pool, so this asks until a gzip answer comes (at most ~5 s).
 */
export async function fetchGzip(url: string): Promise<Buffer> {
  for (let i = 0; i < 50; i++) {
    const got = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
          res.on("error", reject);
        })
        .on("error", reject);
    });
    if (got.encoding === "gzip") return got.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered gzip`);
}

export interface Row {
  name: string;
  result: LoadResult;
  cpuMsPerRequest: number;
  /** Share of one core the server used during the measured run (1 = a whole core: the server was the limit). */
  serverCpuShare: number;
  /** Share of one core wrk used: near 1, the load generator was the limit, not the server. */
  loadCpuShare: number;
  /** Server memory right after the run. */
  rssMb: number;
}

/**
 * A 5 s warm-up (V8 needs a few seconds to optimise the path), then the measured run, with the
 * server's CPU per request and the CPU shares of server and load generator. `script` may differ per
 * phase, so a writing run never repeats its warm-up's data.
 */
export function measureLoad(name: string, pid: number, url: string, opts: { seconds: number; connections: number; script?: string | ((phase: "warm-up" | "run") => string) }): Row {
  return measureWith(name, pid, opts.seconds, (phase, seconds) => {
    const script = typeof opts.script === "function" ? opts.script(phase) : opts.script;
    return wrk(url, { seconds, connections: opts.connections, ...(script ? { script } : {}) });
  });
}

/**
 * Posting on a fixed schedule (`rate` comments a second, open loop: see bench/open-loop.ts), the
 * warm-up and the run each with a tag of their own so no text repeats.
 */
export function measureOpenLoop(name: string, pid: number, url: string, opts: { seconds: number; rate: number; origin: string; tag: (phase: "warm-up" | "run") => string }): Row {
  return measureWith(name, pid, opts.seconds, (phase, seconds) => openLoop(url, { rate: opts.rate, seconds, origin: opts.origin, tag: opts.tag(phase) }));
}

/** The open-loop generator's command line (see bench/open-loop.ts), pinned to core 0. */
function openLoopArgs(url: string, o: { rate: number; seconds: number; origin: string; tag: string; idsFile?: string }): string[] {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "open-loop.ts");
  return ["-c", "0", process.execPath, "--import", "tsx", script, url, String(o.rate), String(o.seconds), o.origin, o.tag, ...(o.idsFile ? [o.idsFile] : [])];
}

/** The open-loop generator as its own process on core 0. */
function openLoop(url: string, o: { rate: number; seconds: number; origin: string; tag: string }): LoadResult {
  const out = execFileSync("taskset", openLoopArgs(url, o), { encoding: "utf8", timeout: (o.seconds + 60) * 1000 });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as LoadResult;
}

/**
 * Votes on a fixed schedule in the background (open loop, core 0) while something else is measured:
 * `idsFile` holds the comment ids, `firstOctet` makes this run's voters its own.
 */
export function voteLoadAsync(base: string, o: { rate: number; seconds: number; idsFile: string; firstOctet: number }): Promise<LoadResult> {
  const child = spawn("taskset", openLoopArgs(base, { rate: o.rate, seconds: o.seconds, origin: base, tag: String(o.firstOctet), idsFile: o.idsFile }), { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as LoadResult) : reject(new Error(`vote load exited ${code}`)))));
}

function measureWith(name: string, pid: number, seconds: number, load: (phase: "warm-up" | "run", seconds: number) => LoadResult): Row {
  load("warm-up", 5);
  const before = cpuMs(pid);
  const result = load("run", seconds);
  const cpu = cpuMs(pid) - before;
  const row: Row = {
    name,
    result,
    cpuMsPerRequest: cpu / result.requests,
    serverCpuShare: cpu / (result.seconds * 1000),
    loadCpuShare: (result.wrkCpuMs ?? NaN) / (result.seconds * 1000),
    rssMb: rssMb(pid),
  };
  console.log(
    `${name.padEnd(40)} ${result.rps.toFixed(0).padStart(7)} req/s  p50 ${result.p50ms.toFixed(2)} ms  p99 ${result.p99ms.toFixed(2)} ms  cpu ${(row.cpuMsPerRequest * 1000).toFixed(1)} µs/req  server ${(row.serverCpuShare * 100).toFixed(0)} %  wrk ${(row.loadCpuShare * 100).toFixed(0)} %  rss ${row.rssMb.toFixed(0)} MB  non-2xx ${result.non2xx}`,
  );
  return row;
}

/**
 * Several runs of one measurement as one row: requests, seconds and CPU added up (so CPU per request
 * and the shares are the pooled ones), the slower of the latencies, the last run's memory.
 */
export function pooled(name: string, runs: readonly Row[]): Row {
  const sum = (f: (r: Row) => number) => runs.reduce((a, r) => a + f(r), 0);
  const requests = sum((r) => r.result.requests);
  const seconds = sum((r) => r.result.seconds);
  const cpuMs = sum((r) => r.cpuMsPerRequest * r.result.requests);
  const result: LoadResult = {
    requests,
    seconds,
    rps: requests / seconds,
    p50ms: Math.max(...runs.map((r) => r.result.p50ms)),
    p99ms: Math.max(...runs.map((r) => r.result.p99ms)),
    non2xx: sum((r) => r.result.non2xx),
    errors: sum((r) => r.result.errors),
  };
  return { name, result, cpuMsPerRequest: cpuMs / requests, serverCpuShare: cpuMs / (seconds * 1000), loadCpuShare: sum((r) => r.loadCpuShare * r.result.seconds) / seconds, rssMb: runs[runs.length - 1]?.rssMb ?? NaN };
}

/** Writes a wrk Lua script into the run's folder and returns its path. */
export function writeScript(dir: string, file: string, body: string): string {
  const p = path.join(dir, file);
  fs.writeFileSync(p, body);
  return p;
}

/**
 * wrk script posting ordinary ~300-byte comments as the page's own script does (JSON, our Origin),
 * through a proxy that forwards each reader's address. Every comment of every run is new: the run's
 * own tag and a counter are in its text, so no run repeats its warm-up's (or another run's) text and
 * the duplicate-text phase holds nothing it should not. Returns the script and the run's tag.
 */
export function postingScript(dir: string, origin: string, tag: string): string {
  const text = "A benchmark comment of ordinary length. ".repeat(7).slice(0, 240);
  return writeScript(
    dir,
    `post-${tag}.lua`,
    `local n = 0\nrequest = function()\n  n = n + 1\n  local ip = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)\n  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Origin"] = "${origin}", ["X-Forwarded-For"] = ip }, '{"authorName":"Bench","body":"${tag} comment ' .. n .. ': ${text}"}')\nend\n`,
  );
}

/** Posting scripts for one measured run: the warm-up and the run each with a tag of their own. */
export function postingRun(dir: string, origin: string): { script: (phase: "warm-up" | "run") => string; runTag: string } {
  const id = Math.random().toString(36).slice(2, 8);
  const runTag = `run-${id}`;
  return { script: (phase) => postingScript(dir, origin, phase === "run" ? runTag : `warm-${id}`), runTag };
}

/** Stops a server with SIGTERM and waits for it to exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
