// `npm run bench`: Broadsheet against nginx on this machine, load generator on core 0, servers on core 1.
// A benchmark, never a test: it prints figures and writes BENCHMARKS.md; it asserts nothing.
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodesRun, type NodesResult } from "./nodes.js";
import { setupSearchData } from "./setup-search.js";
import { BENCH_SLUG, QUIET_SLUG, setupBenchData } from "./setup-thread.js";
import { fetchText, measureLoad, postingScript, stop, requireTool, rssMb, startPinned, writeScript, type LoadResult, type Row } from "./tools.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const APP_PORT = 39_100;
/** Node flags from the start script, so the benchmark measures what `npm start` runs. */
const START_FLAGS = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start
  .split("&&")
  .pop()
  ?.trim()
  .split(/\s+/)
  .filter((a) => a.startsWith("--")) ?? [];
const NGINX_PORT = 39_101;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-bench-"));

function measure(name: string, pid: number, url: string, script?: string, connections = CONNECTIONS): Row {
  return measureLoad(name, pid, url, { seconds: SECONDS, connections, ...(script ? { script } : {}) });
}

function luaScript(file: string, body: string): string {
  return writeScript(work, file, body);
}

function nginxConfig(docroot: string): string {
  const conf = path.join(work, "nginx.conf");
  fs.writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
error_log ${work}/nginx-error.log;
pid ${work}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  server { listen 127.0.0.1:${NGINX_PORT}; root ${docroot}; location / { default_type text/html; } }
}
`,
  );
  return conf;
}

async function main(): Promise<void> {
  requireTool("wrk", "wrk");
  requireTool("nginx", "nginx-light");
  requireTool("taskset", "util-linux");
  // The build, as `npm start` runs it: bundled JavaScript, no TypeScript loader in the process.
  execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  const nodesOptions = { root, work, startFlags: START_FLAGS, seconds: SECONDS, connections: CONNECTIONS };
  if (process.env.BENCH_ONLY === "nodes") {
    // For working on issue 5's runs alone: prints, writes nothing.
    await nodesRun(nodesOptions);
    return;
  }
  const dataDir = path.join(work, "data");
  console.log(`Preparing a post with 200 comments in ${dataDir} …`);
  const { threadId, quietThreadId } = await setupBenchData(dataDir);
  const base = `http://127.0.0.1:${APP_PORT}`;
  const env = { ...process.env, BROADSHEET_DATA_DIR: dataDir, PORT: String(APP_PORT), LOG_LEVEL: "warn", BROADSHEET_COMMENT_WRITES_PER_MINUTE: "1000000" };
  const procs: ChildProcess[] = [];
  try {
    const app = await startPinned(process.execPath, [...START_FLAGS, path.join(root, "dist/main.mjs")], env, `${base}/healthz`);
    procs.push(app);
    const appPid = app.pid as number;
    const pageUrl = `${base}/posts/${BENCH_SLUG}`;
    const page = await fetchText(pageUrl);
    const docroot = path.join(work, "www");
    fs.mkdirSync(path.join(docroot, "posts"), { recursive: true });
    fs.writeFileSync(path.join(docroot, "posts", BENCH_SLUG), page);
    const nginx = await startPinned("nginx", ["-c", nginxConfig(docroot), "-p", work], process.env, `http://127.0.0.1:${NGINX_PORT}/posts/${BENCH_SLUG}`);
    procs.push(nginx);
    console.log(`Post page: ${page.length} bytes; ${SECONDS}s per run, ${CONNECTIONS} connections, wrk on core 0, servers on core 1\n`);

    const rows: Row[] = [];
    rows.push(measure("(a) post page, Broadsheet", appPid, pageUrl));
    rows.push(measure("(a) same bytes, nginx static", nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/posts/${BENCH_SLUG}`));
    rows.push(measure("(b) thread JSON", appPid, `${base}/api/v1/threads/${threadId}/comments?limit=200`));
    rows.push(measure("(c) posting comments", appPid, `${base}/api/v1/threads/${threadId}/comments`, postingScript(work)));
    rows.push(
      measure(
        "(d) view beacons",
        appPid,
        `${base}/api/v1/threads/${threadId}/views`,
        luaScript("beacon.lua", `wrk.method = "POST"\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, { ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128." .. n })\nend\n`),
      ),
    );
    for (const [name, path] of [["(e) front page", "/"], ["(f) label page", "/labels/harbour"]] as const) {
      const bytes = await fetchText(`${base}${path}`);
      const file = name.startsWith("(e)") ? "front" : "label";
      fs.writeFileSync(`${docroot}/${file}`, bytes);
      rows.push(measure(`${name}, Broadsheet`, appPid, `${base}${path}`));
      rows.push(measure(`${name}, same bytes, nginx`, nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/${file}`));
    }
    const rss = rssMb(appPid);
    const committed = Number(
      execFileSync("node", ["-e", `const D=require("better-sqlite3");const d=new D(process.argv[1],{readonly:true});console.log(d.prepare("select count(*) n from comments").get().n)`, path.join(dataDir, "broadsheet.sqlite")], { cwd: root, encoding: "utf8" }).trim(),
    );
    await stop(app);
    const flood = await floodRun(env, quietThreadId);
    const screening = screeningRun();
    rows.push(await searchRun(env));
    const nodes = await nodesRun(nodesOptions);
    report(rows, rss, page.length, committed, screening, flood, nodes);
  } finally {
    for (const p of procs) p.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(work, { recursive: true, force: true });
  }
}


interface FloodResult {
  unloaded: { p50: number; p99: number; rps: number };
  loaded: { p50: number; p99: number; rps: number; non2xx: number };
  flood: { rps: number; "2xx": number; non2xx: number; errors: number };
  /** Server CPU while the flood ran, from /proc. */
  serverCpuMs: number;
  /** Readers' p99 alone and under the flood, ms, per round (the figures above are the median round's). */
  rounds: Array<[number, number]>;
}

/** (i) Readers' post-page latency alone and under a 5,000 posts/s flood from one IP, default rate limit. */
async function floodRun(baseEnv: NodeJS.ProcessEnv, threadId: number): Promise<FloodResult> {
  const { BROADSHEET_COMMENT_WRITES_PER_MINUTE: _limit, ...env } = baseEnv;
  const base = `http://127.0.0.1:${APP_PORT}`;
  const server = await startPinned(process.execPath, [...START_FLAGS, path.join(root, "dist/main.mjs")], env, `${base}/healthz`);
  try {
    const out = execFileSync("taskset", ["-c", "0", process.execPath, "--import", "tsx", path.join(root, "bench/flood.ts"), base, String(threadId), QUIET_SLUG, "readers", String(server.pid)], {
      cwd: root,
      encoding: "utf8",
      timeout: (SECONDS * 7 + 90) * 1000,
    });
    const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as FloodResult;
    console.log(`(i) reader p99 alone ${result.unloaded.p99} ms, under flood ${result.loaded.p99} ms; flood ${result.flood.rps.toFixed(0)} posts/s (${result.flood["2xx"]} accepted)`);
    return result;
  } finally {
    await stop(server);
  }
}

interface ScreeningResult {
  runs: number;
  bytes: number;
  full: { p50: number; p99: number };
  phases: { p50: number; p99: number };
  render: { p50: number; p99: number };
}

/** (h) Screening cost per ~2 KB comment on one core, with the server's Node flags. */
function screeningRun(): ScreeningResult {
  const out = execFileSync("taskset", ["-c", "1", process.execPath, ...START_FLAGS, "--import", "tsx", path.join(root, "bench/screening.ts")], { cwd: root, encoding: "utf8", timeout: 300_000 });
  const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as ScreeningResult;
  console.log(`(h) screening p50 ${result.full.p50.toFixed(3)} ms, p99 ${result.full.p99.toFixed(3)} ms (phases alone p99 ${result.phases.p99.toFixed(3)} ms)`);
  return result;
}

/** Search over 5,000 posts and 100,000 comments, on its own data folder and server process. */
async function searchRun(baseEnv: NodeJS.ProcessEnv): Promise<Row> {
  const dataDir = path.join(work, "search-data");
  console.log("Preparing 5,000 posts and 100,000 comments for search …");
  const words = await setupSearchData(dataDir);
  const port = APP_PORT + 2;
  const env = { ...baseEnv, BROADSHEET_DATA_DIR: dataDir, PORT: String(port) };
  const server = await startPinned(process.execPath, [...START_FLAGS, path.join(root, "dist/main.mjs")], env, `http://127.0.0.1:${port}/healthz`);
  try {
    const lua = luaScript(
      "search.lua",
      `local words = {${words.slice(0, 400).map((w) => JSON.stringify(w)).join(",")}}\nlocal kinds = {"posts", "comments"}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  local path = "/search?q=" .. words[(n * 7919) % #words + 1] .. "&kind=" .. kinds[n % 2 + 1]\n  return wrk.format("GET", path)\nend\n`,
    );
    // One connection: the figure is how long a query takes on one core, not how long a queue waits.
    return measure("(g) search, 100k comments + 5k posts, 1 connection", server.pid as number, `http://127.0.0.1:${port}/search`, lua, 1);
  } finally {
    server.kill("SIGTERM");
  }
}

function report(rows: Row[], rss: number, pageBytes: number, committed: number, screening: ScreeningResult, flood: FloodResult, nodes: NodesResult): void {
  const [page, nginx, json, post, beacon, front, frontNginx, label, labelNginx, searchRow] = rows as [Row, Row, Row, Row, Row, Row, Row, Row, Row, Row];
  const rpsRatio = page.result.rps / nginx.result.rps;
  const cpuRatio = page.cpuMsPerRequest / nginx.cpuMsPerRequest;
  const cpus = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}`;
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (`bench/run.ts`). Servers pinned to core 1, wrk pinned to core 0, loopback only,",
    `${SECONDS} s per run after a 5 s warm-up, ${CONNECTIONS} keep-alive connections. SQLite in WAL mode with synchronous=FULL.`,
    "Figures are ratios against nginx serving the same bytes in the same run; absolute numbers move with machine load.",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
    `- Post page: 200 comments (100 top-level, 100 replies, ~300 bytes each), ${pageBytes} bytes of HTML`,
    "",
    "| run | req/s | p50 ms | p99 ms | server CPU µs/req | server RSS after, MB | non-2xx |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ${r.result.rps.toFixed(0)} | ${r.result.p50ms.toFixed(2)} | ${r.result.p99ms.toFixed(2)} | ${(r.cpuMsPerRequest * 1000).toFixed(1)} | ${r.rssMb.toFixed(0)} | ${r.result.non2xx} |`),
    "",
    "| target | measured | verdict |",
    "|---|---|---|",
    `| (a) post page ≥ 0.5 × nginx req/s | ${rpsRatio.toFixed(2)} × | ${rpsRatio >= 0.5 ? "met" : "missed"} |`,
    `| (a) server CPU per request ≤ 3 × nginx's | ${cpuRatio.toFixed(2)} × | ${cpuRatio <= 3 ? "met" : "missed"} |`,
    `| (c) posting ≥ 1,000 comments/s, durable | ${post.result.rps.toFixed(0)}/s (${committed} comments in the file afterwards) | ${post.result.rps >= 1000 ? "met" : "missed"} |`,
    `| (d) view beacons ≥ 15,000/s | ${beacon.result.rps.toFixed(0)}/s | ${beacon.result.rps >= 15000 ? "met" : "missed"} |`,
    `| server RSS after the runs ≤ 150 MB | ${rss.toFixed(0)} MB | ${rss <= 150 ? "met" : "missed"} |`,
    `| (e) front page ≥ 0.5 × nginx req/s | ${(front.result.rps / frontNginx.result.rps).toFixed(2)} × | ${front.result.rps / frontNginx.result.rps >= 0.5 ? "met" : "missed"} |`,
    `| (f) label page ≥ 0.5 × nginx req/s | ${(label.result.rps / labelNginx.result.rps).toFixed(2)} × | ${label.result.rps / labelNginx.result.rps >= 0.5 ? "met" : "missed"} |`,
    `| (g) search p99 < 50 ms (one core) | ${searchRow.result.p99ms.toFixed(1)} ms | ${searchRow.result.p99ms < 50 ? "met" : "missed"} |`,
    `| (h) screening adds < 1 ms p99 per ~2 KB comment (one core) | p99 ${screening.full.p99.toFixed(2)} ms, p50 ${screening.full.p50.toFixed(2)} ms (${(screening.full.p99 / screening.render.p99).toFixed(1)} × rendering the same comment's Markdown) | ${screening.full.p99 < 1 ? "met" : "missed"} |`,
    `| (i) readers' post-page p99 under a 5,000 posts/s flood from one IP ≤ 2 × unloaded | ${(flood.loaded.p99 / flood.unloaded.p99).toFixed(2)} × (${flood.unloaded.p99} → ${flood.loaded.p99} ms; flood ran at ${flood.flood.rps.toFixed(0)}/s, ${flood.flood["2xx"]} accepted) | ${flood.loaded.p99 <= 2 * flood.unloaded.p99 && flood.flood.rps >= 4500 ? "met" : "missed"} |`,
    `| (j) two nodes on PostgreSQL ≥ 1.6 × one node's post-page rate | ${(nodes.two.rps / nodes.one.result.rps).toFixed(2)} × (${nodes.one.result.rps.toFixed(0)} → ${nodes.two.rps.toFixed(0)} req/s; 2 cores shared with the load generator, see (j) below) | ${nodes.two.rps >= 1.6 * nodes.one.result.rps ? "met" : "missed"} |`,
    ...[
      ["NOTIFY", nodes.liveNotify],
      ["Redis", nodes.liveRedis],
    ].map(([via, r]) =>
      typeof r === "object"
        ? `| (k) comment on node A reaches 1,000 SSE readers on node B, p99 < 100 ms (${via}) | p99 ${r.p99} ms (p50 ${r.p50}, max ${r.max}; ${r.missing} of ${r.posts * r.readers} deliveries missing); of which A's answer to the POST p50 ${r.ackP50} / p99 ${r.ackP99} ms, first reader p50 ${r.firstP50} / p99 ${r.firstP99} ms, first to last reader p50 ${r.spreadP50} / p99 ${r.spreadP99} ms | ${r.p99 < 100 && r.missing === 0 ? "met" : "missed"} |`
        : `| (k) … via ${via} | not run (no Redis) | — |`,
    ),
    `| (l) posting on PostgreSQL ≥ 1,000 comments/s, one node | ${nodes.posting.result.rps.toFixed(0)}/s (${nodes.posting.result.non2xx} non-2xx) | ${nodes.posting.result.rps >= 1000 && nodes.posting.result.non2xx === 0 ? "met" : "missed"} |`,
    "",
    `(j) one node pinned to core 1 with wrk on core 0: ${nodes.one.result.rps.toFixed(0)} req/s, ${(nodes.one.cpuMsPerRequest * 1000).toFixed(1)} µs CPU per request. Two nodes pinned to cores 0 and 1, two wrk processes (${CONNECTIONS / 2} connections each) free to run on either core: ${nodes.two.a.rps.toFixed(0)} + ${nodes.two.b.rps.toFixed(0)} = ${nodes.two.rps.toFixed(0)} req/s, ${(nodes.two.cpuMsPerRequest * 1000).toFixed(1)} µs CPU per request. This machine has ${os.cpus().length} cores, so the two nodes share them with the load generator; the CPU per request staying the same (nodes share nothing on this path) is what says the rate scales with cores where each node has its own.`,
    "",
    `(k) ${nodes.liveNotify.readers} readers, each its own connection to node B (core 1); ${nodes.liveNotify.posts} comments posted one at a time on node A (core 0), after 20 that are not measured (a fresh node compiles its path on the first few; without them the first comment alone set the p99); latency from just before the POST leaves to the reader's chunk arriving, in the client process (core 0), so it includes posting, the bus, node B's read of the comment and 1,000 writes, and the client reading 1,000 sockets.`,
    "",
    `(h) screening, ${screening.runs} distinct comments of ${screening.bytes} bytes against a real SQLite file with a trained model: the whole use case p50 ${screening.full.p50.toFixed(3)} / p99 ${screening.full.p99.toFixed(3)} ms; the phases alone p50 ${screening.phases.p50.toFixed(3)} / p99 ${screening.phases.p99.toFixed(3)} ms; rendering the same Markdown p50 ${screening.render.p50.toFixed(3)} / p99 ${screening.render.p99.toFixed(3)} ms.`,
    "",
    `(i) three rounds of readers alone then under the flood, p99 ms: ${flood.rounds.map(([a, b]) => `${a} → ${b}`).join(", ")}; the median round: readers at ${flood.unloaded.rps.toFixed(0)} req/s: p50 ${flood.unloaded.p50} → ${flood.loaded.p50} ms, p99 ${flood.unloaded.p99} → ${flood.loaded.p99} ms under the flood (default limit: 10 comments a minute per network); ${flood.flood.non2xx} flood requests refused with 429, the server used ${((flood.serverCpuMs / ((SECONDS + 2) * 1000)) * 100).toFixed(0)} % of its core while the flood ran (readers included), ≈ ${((flood.serverCpuMs * 1000) / Math.max(1, flood.flood["2xx"] + flood.flood.non2xx)).toFixed(0)} µs per flood request.`,
    "",
    `(b) thread JSON: ${json.result.rps.toFixed(0)} req/s, ${(json.cpuMsPerRequest * 1000).toFixed(0)} µs CPU per request (${(json.result.rps / nginx.result.rps).toFixed(2)} × nginx's static rate).`,
    "",
  ];
  const text = lines.join("\n");
  console.log(`\n${text}`);
  const file = path.join(root, "BENCHMARKS.md");
  const previous = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const notes = previous.includes("\n## Notes") ? previous.slice(previous.indexOf("\n## Notes")) : "";
  fs.writeFileSync(file, text + notes);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
