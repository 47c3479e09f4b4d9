import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

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
}

/**
 * Drives a bounded load with wrk on loopback (pinned to core 0): `connections` keep-alive
 * connections for `seconds`, optionally with a Lua script for POSTs.
 */
export function wrk(url: string, opts: { seconds: number; connections: number; script?: string }): LoadResult {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error("load tests only target 127.0.0.1");
  const args = ["-c", "0", "wrk", "-t1", `-c${opts.connections}`, `-d${opts.seconds}s`, "--latency", ...(opts.script ? ["-s", opts.script] : []), url];
  const out = execFileSync("taskset", args, { encoding: "utf8", timeout: (opts.seconds + 30) * 1000 });
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

/** Starts a process pinned to core 1 and waits until `url` answers. */
export async function startPinned(cmd: string, args: string[], env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn("taskset", ["-c", "1", cmd, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
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
  try {
    return await (await fetch(url)).text();
  } catch {
    return (await fetch(url)).text();
  }
}
