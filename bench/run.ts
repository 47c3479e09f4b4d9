// `npm run bench`: Broadsheet against nginx on this machine, load generator on core 0, servers on core 1.
// A benchmark, never a test: it prints figures and writes BENCHMARKS.md; it asserts nothing.
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodesRun, type NodesResult } from "./nodes.js";
import { setupSearchData } from "./setup-search.js";
import { BENCH_SLUG, COUNTER_URLS, EMBED_HOST, EMBED_PAGE, QUIET_SLUG, setupBenchData } from "./setup-thread.js";
import { embedBytes, timeToFirstComment, type EmbedBytes } from "./embed.js";
import { fetchGzip, fetchText, measureLoad, pooled, measureOpenLoop, postingRun, stop, requireTool, rssMb, startPinned, writeScript, type Row } from "./tools.js";
import { signInMemoryRun, type SignInMemory } from "./sign-in-memory.js";
import { votesRun, type VotesResult } from "./votes.js";
import { notificationsRun, type NotificationsResult } from "./notifications.js";
import { importScaleLines, importScaleOptions, importScaleRun, type ImportScaleRow } from "./import-scale.js";

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
  .filter((a) => a.startsWith("--"))
  // BENCH_PROFILE=DIR: each server writes a V8 CPU profile there when it stops (open in Chrome's DevTools).
  .concat(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])
  // BENCH_NODE_FLAGS="--trace-gc …": more flags for each server (its output is kept in /tmp/bench-node-*.log).
  .concat(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []) ?? [];
const NGINX_PORT = 39_101;
/** Votes a second arriving while the post page is measured in (s). */
const VOTE_LOAD = 1000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "broadsheet-bench-"));

function measure(name: string, pid: number, url: string, script?: string | ((phase: "warm-up" | "run") => string), connections = CONNECTIONS): Row {
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
  server { listen 127.0.0.1:${NGINX_PORT}; root ${docroot}; location / { default_type text/html; gzip_static on; } }
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
  const runNotifications = () => notificationsRun({ root, work, startFlags: START_FLAGS, port: APP_PORT + 3, smtpPort: 39_110 });
  if (process.env.BENCH_ONLY === "mail") {
    // For working on (t) alone: prints, writes nothing.
    await runNotifications();
    return;
  }
  const runImports = () => importScaleRun(importScaleOptions((line) => console.log(line)));
  if (process.env.BENCH_ONLY === "import") {
    // For working on issue 12's import runs alone: prints, writes nothing.
    console.log(importScaleLines(await runImports()).join("\n"));
    return;
  }
  if (process.env.BENCH_ONLY === "nodes") {
    // For working on issue 5's runs alone: prints, writes nothing.
    await nodesRun(nodesOptions);
    return;
  }
  const dataDir = path.join(work, "data");
  console.log(`Preparing a post with 200 comments in ${dataDir} …`);
  const { threadId, quietThreadId, quietCommentIds, embed } = await setupBenchData(dataDir);
  const base = `http://127.0.0.1:${APP_PORT}`;
  // As deployed: behind a reverse proxy on this machine, whose X-Forwarded-For is believed.
  const env = { ...process.env, BROADSHEET_DATA_DIR: dataDir, PORT: String(APP_PORT), LOG_LEVEL: "warn", BROADSHEET_COMMENT_WRITES_PER_MINUTE: "1000000", BROADSHEET_VOTES_PER_MINUTE: "10000000", BROADSHEET_TRUSTED_PROXIES: "127.0.0.1" };
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

    // Readers arriving through the proxy: each request forwards a reader's address (10,000 of them).
    const proxied = luaScript(
      "proxied.lua",
      `local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, { ["X-Forwarded-For"] = "198.51." .. (math.floor(n / 100) % 100) .. "." .. (n % 100) })\nend\n`,
    );
    // The same one reader as the direct run, forwarded: what the proxy setting alone costs.
    const proxiedOne = luaScript("proxied-one.lua", `wrk.headers["X-Forwarded-For"] = "198.51.100.1"\n`);
    const embedUrl = `${base}/embed/thread?${new URLSearchParams({ site: embed.siteKey, url: EMBED_PAGE, title: "Benchmark story", host: EMBED_HOST }).toString()}`;
    const runGzip = async (): Promise<GzipRows> => {
      // As browsers ask for them: gzip. nginx serves the same compressed bytes from a .gz file beside
      // the page (gzip_static: no compression per request, its cheapest way); we serve the page kept
      // compressed in the cache with this request's slots (view count, scores) spliced in.
      const acceptGzip = `wrk.headers["Accept-Encoding"] = "gzip"\n`;
      // wrk.format takes the headers given instead of wrk.headers, not as well: each request names both.
      const proxiedGzip = luaScript(
        "proxied-gzip.lua",
        `local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, { ["Accept-Encoding"] = "gzip", ["X-Forwarded-For"] = "198.51." .. (math.floor(n / 100) % 100) .. "." .. (n % 100) })\nend\n`,
      );
      const nginxGzip = luaScript("gzip.lua", acceptGzip);
      fs.writeFileSync(path.join(docroot, "posts", `${BENCH_SLUG}.gz`), await fetchGzip(pageUrl));
      fs.writeFileSync(`${docroot}/embed.gz`, await fetchGzip(embedUrl));
      return {
        page: measure("(a) post page, via proxy, gzip", appPid, pageUrl, proxiedGzip),
        pageNginx: measure("(a) same gzip bytes, nginx gzip_static", nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/posts/${BENCH_SLUG}`, nginxGzip),
        frame: measure("(n) embedded thread, via proxy, gzip", appPid, embedUrl, proxiedGzip),
        frameNginx: measure("(n) same gzip bytes, nginx gzip_static", nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/embed`, nginxGzip),
        frameBareNode: await measureBareNode(`${docroot}/embed.gz`, nginxGzip),
        pageBytes: fs.statSync(path.join(docroot, "posts", `${BENCH_SLUG}.gz`)).size,
      };
    };
    if (process.env.BENCH_ONLY === "gzip") {
      // For working on the compressed pages alone: prints, writes nothing.
      for (const r of Object.values(await runGzip())) if (typeof r !== "number") console.log(r.name, r.result.rps.toFixed(0), "req/s", (r.cpuMsPerRequest * 1000).toFixed(1), "µs/req", `server ${(r.serverCpuShare * 100).toFixed(0)} %, wrk ${(r.loadCpuShare * 100).toFixed(0)} %`);
      return;
    }
    const runVotes = () => votesRun({ work, base, pid: appPid, pageUrl: `${base}/posts/${QUIET_SLUG}`, pageScript: proxied, ids: quietCommentIds, seconds: SECONDS, connections: CONNECTIONS, rate: VOTE_LOAD });
    if (process.env.BENCH_ONLY === "votes") {
      // For working on (r)–(s) alone: prints, writes nothing.
      await runVotes();
      return;
    }
    if (process.env.BENCH_ONLY === "posting") {
      // For working on (c) alone: prints, writes nothing.
      const only = postingRun(work, base);
      measure("(c) posting comments, via proxy", appPid, `${base}/api/v1/threads/${threadId}/comments`, only.script);
      return;
    }
    const rows: Row[] = [];
    rows.push(measure("(a) post page, Broadsheet, via proxy", appPid, pageUrl, proxied));
    // What the proxy setting alone costs: the same one reader, directly and forwarded, in turns (twice
    // each, pooled). Measured once each in a fixed order, the second run also measured what the
    // first left behind (heap, counters): it came out 1.16 × one day and 0.96 × the next.
    const turns: Row[] = [];
    for (let i = 0; i < 2; i++) turns.push(measure("(a) direct", appPid, pageUrl), measure("(a) via proxy, one reader", appPid, pageUrl, proxiedOne));
    rows.push(pooled("(a) post page, Broadsheet, direct", turns.filter((_, i) => i % 2 === 0)));
    rows.push(pooled("(a) post page, via proxy, one reader", turns.filter((_, i) => i % 2 === 1)));
    rows.push(measure("(a) same bytes, nginx static", nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/posts/${BENCH_SLUG}`));
    rows.push(measure("(b) thread JSON", appPid, `${base}/api/v1/threads/${threadId}/comments?limit=200`));
    // Before posting: afterwards the post page holds the 30,000-odd comments the posting runs add.
    const gzipRows = await runGzip();
    const posting = postingRun(work, base);
    rows.push(measure("(c) posting comments, via proxy", appPid, `${base}/api/v1/threads/${threadId}/comments`, posting.script));
    // The same posting at a fixed 1,000 comments/s (open loop): the latency readers see at that rate.
    const pacedTag = posting.runTag.replace("run-", "paced-");
    const paced = measureOpenLoop("(c) posting at 1,000/s, open loop", appPid, `${base}/api/v1/threads/${threadId}/comments`, {
      seconds: SECONDS,
      rate: 1000,
      origin: base,
      tag: (phase) => (phase === "run" ? pacedTag : `${pacedTag}-warm`),
    });
    if (process.env.BENCH_ONLY === "core") return; // for working on (a)–(c) alone: prints, writes nothing
    rows.push(
      measure(
        "(d) view beacons",
        appPid,
        `${base}/api/v1/threads/${threadId}/views`,
        luaScript("beacon.lua", `wrk.method = "POST"\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, { ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128." .. n, ["Origin"] = "${base}", ["X-Forwarded-For"] = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256) })\nend\n`),
      ),
    );
    for (const [name, path] of [["(e) front page", "/"], ["(f) label page", "/labels/harbour"]] as const) {
      const bytes = await fetchText(`${base}${path}`);
      const file = name.startsWith("(e)") ? "front" : "label";
      fs.writeFileSync(`${docroot}/${file}`, bytes);
      rows.push(measure(`${name}, Broadsheet`, appPid, `${base}${path}`));
      rows.push(measure(`${name}, same bytes, nginx`, nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/${file}`));
    }
    // The embedded discussion: its frame document through the proxy against nginx with the same
    // bytes, the counters for an index page of 50 stories, and what a host page downloads and waits.
    fs.writeFileSync(`${docroot}/embed`, await fetchText(embedUrl));
    const embedRows = {
      frame: measure("(n) embedded thread, Broadsheet, via proxy", appPid, embedUrl, proxied),
      frameNginx: measure("(n) embedded thread, same bytes, nginx", nginx.pid as number, `http://127.0.0.1:${NGINX_PORT}/embed`),
      counts: measure(
        "(o) counters for 50 pages",
        appPid,
        `${base}/api/v1/embed/counts?${new URLSearchParams([["site", embed.siteKey], ...COUNTER_URLS.map((u) => ["url", u])]).toString()}`,
        luaScript("counts.lua", `wrk.headers["Origin"] = "${EMBED_HOST}"\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, { ["X-Forwarded-For"] = "198.51." .. (math.floor(n / 100) % 100) .. "." .. (n % 100) })\nend\n`),
      ),
      bytes: await embedBytes(base, embedUrl),
      firstComment: await timeToFirstComment(base, embed.siteKey, 20),
    };
    console.log(`(p) bytes to the first comment ${embedRows.bytes.toFirstComment} (all ${embedRows.bytes.total}); (q) loader → first comment painted p50 ${embedRows.firstComment.p50.toFixed(0)} ms, p95 ${embedRows.firstComment.p95.toFixed(0)} ms`);
    const votes = await runVotes();
    const rss = rssMb(appPid);
    await stop(app);
    // The measured run's comments as the database holds them after a clean stop, by status.
    const stored = JSON.parse(
      execFileSync(
        "node",
        ["-e", `const D=require("better-sqlite3");const d=new D(process.argv[1],{readonly:true});console.log(JSON.stringify(Object.fromEntries(d.prepare("select status, count(*) n from comments where body_source like ? group by status").all(process.argv[2] + " %").map(r=>[r.status,r.n]))))`, path.join(dataDir, "broadsheet.sqlite"), posting.runTag],
        { cwd: root, encoding: "utf8" },
      ).trim(),
    ) as Record<string, number>;
    const flood = await floodRun(env, quietThreadId);
    const screening = screeningRun();
    rows.push(await searchRun(env));
    const nodes = await nodesRun(nodesOptions);
    const signIns = signInMemoryRun();
    const mail = await runNotifications();
    for (const p of procs.splice(0)) p.kill("SIGTERM"); // the import runs have the machine to themselves
    const imports = process.env.BENCH_IMPORT === "0" ? null : await runImports();
    report(rows, paced, embedRows, gzipRows, votes, mail, rss, page.length, stored, screening, flood, nodes, signIns, imports);
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
      `local words = {${words.slice(0, 400).map((w) => JSON.stringify(w)).join(",")}}\nlocal kinds = {"posts", "comments"}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  local path = "/search?q=" .. words[(n * 7919) % #words + 1] .. "&kind=" .. kinds[n % 2 + 1]\n  return wrk.format("GET", path, { ["X-Forwarded-For"] = "198.51." .. (math.floor(n / 100) % 100) .. "." .. (n % 100) })\nend\n`,
    );
    // One connection: the figure is how long a query takes on one core, not how long a queue waits.
    // Readers through the proxy, each from a network of their own (one network may search 30 times a minute).
    return measure("(g) search, 100k comments + 5k posts, 1 connection", server.pid as number, `http://127.0.0.1:${port}/search`, lua, 1);
  } finally {
    server.kill("SIGTERM");
  }
}

/** The post page and the frame as browsers ask for them (gzip), against nginx's gzip_static. */
interface GzipRows {
  page: Row;
  pageNginx: Row;
  frame: Row;
  frameNginx: Row;
  /** The frame's compressed bytes from node:http with nothing else: what no Node server can go below. */
  frameBareNode: Row;
  /** The compressed post page's size. */
  pageBytes: number;
}

/** The same compressed bytes from bench/bare-node.mjs on core 1: the floor under any Node server. */
async function measureBareNode(file: string, script: string): Promise<Row> {
  const port = NGINX_PORT + 50;
  const bare = await startPinned(process.execPath, [path.join(root, "bench/bare-node.mjs"), file, String(port)], process.env, `http://127.0.0.1:${port}/`);
  try {
    return measure("(n) same gzip bytes, bare node:http", bare.pid as number, `http://127.0.0.1:${port}/`, script);
  } finally {
    await stop(bare);
  }
}

/** A share of one core, as the tables print it. */
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** The same targets for the pages as browsers ask for them, gzip against nginx's gzip_static. */
function gzipTargets(g: GzipRows, bound: (r: Row) => string): string[] {
  const ratios = (ours: Row, theirs: Row) =>
    `${(ours.result.rps / theirs.result.rps).toFixed(2)} × the rate (${ours.result.rps.toFixed(0)} vs ${theirs.result.rps.toFixed(0)} req/s), ${(ours.cpuMsPerRequest / theirs.cpuMsPerRequest).toFixed(2)} × the CPU per request (${(ours.cpuMsPerRequest * 1000).toFixed(1)} vs ${(theirs.cpuMsPerRequest * 1000).toFixed(1)} µs; nginx at ${pct(theirs.serverCpuShare)} of its core, wrk at ${pct(theirs.loadCpuShare)}: ${bound(theirs)})`;
  const met = (ours: Row, theirs: Row, rate: number, cpu: number) => (ours.result.rps >= rate * theirs.result.rps && ours.cpuMsPerRequest <= cpu * theirs.cpuMsPerRequest ? "met" : "missed");
  return [
    `| (a) post page via proxy, gzip (${(g.pageBytes / 1024).toFixed(1)} KB): ≥ 0.5 × nginx gzip_static's rate, CPU per request ≤ 3 × | ${ratios(g.page, g.pageNginx)} | ${met(g.page, g.pageNginx, 0.5, 3)} |`,
    `| (n) embedded thread via proxy, gzip: ≥ 0.8 × nginx gzip_static's rate, CPU per request ≤ 1.5 × | ${ratios(g.frame, g.frameNginx)} | ${met(g.frame, g.frameNginx, 0.8, 1.5)} |`,
    `| (n) the floor: bare node:http with the same gzip bytes against nginx gzip_static (no Node server does better) | ${ratios(g.frameBareNode, g.frameNginx)} | reported |`,
    `| (n) embedded thread via proxy, gzip, against that floor | ${(g.frame.result.rps / g.frameBareNode.result.rps).toFixed(2)} × its rate, ${(g.frame.cpuMsPerRequest / g.frameBareNode.cpuMsPerRequest).toFixed(2)} × its CPU per request (${(g.frame.cpuMsPerRequest * 1000).toFixed(1)} vs ${(g.frameBareNode.cpuMsPerRequest * 1000).toFixed(1)} µs) | reported |`,
  ];
}

interface EmbedRows {
  frame: Row;
  frameNginx: Row;
  counts: Row;
  bytes: EmbedBytes;
  firstComment: { p50: number; p95: number; samples: number[] };
}

function report(rows: Row[], paced: Row, embedRows: EmbedRows, gzipRows: GzipRows, votes: VotesResult, mail: NotificationsResult, rss: number, pageBytes: number, stored: Record<string, number>, screening: ScreeningResult, flood: FloodResult, nodes: NodesResult, signIns: SignInMemory[], imports: readonly ImportScaleRow[] | null): void {
  const [page, direct, proxiedOne, nginx, json, post, beacon, front, frontNginx, label, labelNginx, searchRow] = rows as [Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row];
  const rpsRatio = page.result.rps / nginx.result.rps;
  const cpuRatio = page.cpuMsPerRequest / nginx.cpuMsPerRequest;
  // Like for like: the direct run is one reader (127.0.0.1), so the proxied one here is one reader too.
  const proxyCost = proxiedOne.cpuMsPerRequest / direct.cpuMsPerRequest;
  const cpus = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}`;
  const ok2xx = post.result.requests - post.result.non2xx;
  const storedTotal = Object.values(stored).reduce((a, b) => a + b, 0);
  const published = stored.published ?? 0;
  const held = storedTotal - published;
  const rssShown = Math.round(rss * 10) / 10;
  const [queued, unbounded] = signIns as [SignInMemory, SignInMemory];
  // The baseline is limited by itself only when its server used (nearly) a whole core and wrk did not.
  const baselineBound = (r: Row) => (r.serverCpuShare >= 0.9 ? "nginx-bound" : r.loadCpuShare >= 0.9 ? "load generator-bound: ratio flatters us" : "neither at a full core");
  const lines = [
    "# Benchmarks",
    "",
    "Written whole by `npm run bench` (`bench/run.ts`) on every run: nothing here is carried over from an earlier run.",
    "What earlier profiles showed, and why the code is shaped as it is, is in `docs/performance.md`.",
    "",
    `Servers pinned to core 1, wrk pinned to core 0, loopback only, ${SECONDS} s per run after a 5 s warm-up whose data is never reused`,
    `(a writing run's warm-up posts texts of its own), ${CONNECTIONS} keep-alive connections. SQLite in WAL mode with synchronous=FULL.`,
    "Broadsheet runs as deployed behind a reverse proxy: `BROADSHEET_TRUSTED_PROXIES=127.0.0.1`, each request forwarding a reader's address.",
    "Figures are ratios against nginx serving the same bytes in the same run; absolute numbers move with machine load.",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
    `- Post page: 200 comments (100 top-level, 100 replies, ~300 bytes each), ${pageBytes} bytes of HTML`,
    "",
    "| run | req/s | p50 ms | p99 ms | server CPU µs/req | server CPU share | wrk CPU share | server RSS after, MB | non-2xx |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...[...rows.slice(0, 6), paced, ...rows.slice(6), embedRows.frame, embedRows.frameNginx, embedRows.counts, gzipRows.page, gzipRows.pageNginx, gzipRows.frame, gzipRows.frameNginx, gzipRows.frameBareNode, votes.votes, votes.pageAlone, votes.pageUnderVotes].map(
      (r) =>
        `| ${r.name} | ${r.result.rps.toFixed(0)} | ${r.result.p50ms.toFixed(2)} | ${r.result.p99ms.toFixed(2)} | ${(r.cpuMsPerRequest * 1000).toFixed(1)} | ${pct(r.serverCpuShare)} | ${Number.isNaN(r.loadCpuShare) ? "—" : pct(r.loadCpuShare)} | ${r.rssMb.toFixed(0)} | ${r.result.non2xx} |`,
    ),
    "",
    "| target | measured | verdict |",
    "|---|---|---|",
    `| (a) post page via proxy: server CPU per request ≤ 3 × nginx's (the headline) | ${cpuRatio.toFixed(2)} × (${(page.cpuMsPerRequest * 1000).toFixed(1)} vs ${(nginx.cpuMsPerRequest * 1000).toFixed(1)} µs; nginx at ${pct(nginx.serverCpuShare)} of its core, wrk at ${pct(nginx.loadCpuShare)}: ${baselineBound(nginx)}) | ${cpuRatio <= 3 ? "met" : "missed"} |`,
    `| (a) post page via proxy ≥ 0.5 × nginx req/s | ${rpsRatio.toFixed(2)} × | ${rpsRatio >= 0.5 ? "met" : "missed"} |`,
    `| (a) the proxied path costs no more CPU than the direct one, same reader (≤ 1.05 ×) | ${proxyCost.toFixed(2)} × (two runs of each in turns, pooled: ${(proxiedOne.cpuMsPerRequest * 1000).toFixed(1)} vs ${(direct.cpuMsPerRequest * 1000).toFixed(1)} µs; 10,000 different readers: ${(page.cpuMsPerRequest * 1000).toFixed(1)} µs, the difference being the new readers counted) | ${proxyCost <= 1.05 ? "met" : "missed"} |`,
    `| (c) posting via proxy ≥ 1,000 comments/s with p99 < 50 ms, at saturation (${CONNECTIONS} connections, closed loop) | ${post.result.rps.toFixed(0)}/s, p99 ${post.result.p99ms.toFixed(1)} ms, ${(post.cpuMsPerRequest * 1000).toFixed(0)} µs server CPU per comment | ${post.result.rps >= 1000 && post.result.p99ms < 50 ? "met" : "missed"} |`,
    `| (c) posting via proxy at 1,000 comments/s offered (open loop), p99 < 50 ms | ${paced.result.rps.toFixed(0)}/s, p99 ${paced.result.p99ms.toFixed(1)} ms (max ${(paced.result.maxMs ?? NaN).toFixed(0)}), ${(paced.cpuMsPerRequest * 1000).toFixed(0)} µs server CPU per comment, server at ${pct(paced.serverCpuShare)} of its core; ${paced.result.non2xx} non-2xx | ${paced.result.rps >= 990 && paced.result.p99ms < 50 && paced.result.non2xx === 0 ? "met" : "missed"} |`,
    // Every 2xx is a row; a few more rows than answers are the posts still in flight when wrk stopped counting (at most one per connection).
    `| (c) posting is durable: every 2xx answer is a row afterwards | ${ok2xx} answered 2xx, ${storedTotal} rows of the run found (${published} published, ${held} held: ${JSON.stringify(stored)}; ${storedTotal - ok2xx} more rows than answers, posts in flight when wrk stopped, at most ${CONNECTIONS}) | ${storedTotal >= ok2xx && storedTotal - ok2xx <= CONNECTIONS && post.result.errors === 0 ? "met" : "missed"} |`,
    `| (d) view beacons ≥ 15,000/s | ${beacon.result.rps.toFixed(0)}/s | ${beacon.result.rps >= 15000 ? "met" : "missed"} |`,
    `| server RSS after the runs ≤ 150 MB | ${rssShown.toFixed(1)} MB | ${rssShown <= 150 ? "met" : "missed"} |`,
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
    `| (l) posting on PostgreSQL ≥ 1,000 comments/s, one node | ${nodes.posting.result.rps.toFixed(0)}/s (${nodes.posting.result.non2xx} non-2xx, p99 ${nodes.posting.result.p99ms.toFixed(1)} ms) | ${nodes.posting.result.rps >= 1000 && nodes.posting.result.non2xx === 0 ? "met" : "missed"} |`,
    `| (m) 50 parallel sign-ins at N=2^17: memory bounded by the hashing queue | peak RSS ${queued.peakRssMb.toFixed(0)} MB queued 2 at a time vs ${unbounded.peakRssMb.toFixed(0)} MB unqueued (from ${queued.baseRssMb.toFixed(0)} MB; ${queued.seconds.toFixed(1)} vs ${unbounded.seconds.toFixed(1)} s for all 50) | ${queued.peakRssMb - queued.baseRssMb <= 2.2 * 128 ? "met" : "missed"} |`,
    `| (n) embedded thread (200 comments) via proxy ≥ 0.8 × nginx req/s | ${(embedRows.frame.result.rps / embedRows.frameNginx.result.rps).toFixed(2)} × (${embedRows.frame.result.rps.toFixed(0)} vs ${embedRows.frameNginx.result.rps.toFixed(0)} req/s) | ${embedRows.frame.result.rps >= 0.8 * embedRows.frameNginx.result.rps ? "met" : "missed"} |`,
    `| (n) embedded thread: server CPU per request ≤ 1.5 × nginx's | ${(embedRows.frame.cpuMsPerRequest / embedRows.frameNginx.cpuMsPerRequest).toFixed(2)} × (${(embedRows.frame.cpuMsPerRequest * 1000).toFixed(1)} vs ${(embedRows.frameNginx.cpuMsPerRequest * 1000).toFixed(1)} µs; nginx at ${pct(embedRows.frameNginx.serverCpuShare)} of its core, wrk at ${pct(embedRows.frameNginx.loadCpuShare)}: ${baselineBound(embedRows.frameNginx)}) | ${embedRows.frame.cpuMsPerRequest <= 1.5 * embedRows.frameNginx.cpuMsPerRequest ? "met" : "missed"} |`,
    ...gzipTargets(gzipRows, baselineBound),
    `| (o) counters for 50 pages ≥ 10,000 requests/s | ${embedRows.counts.result.rps.toFixed(0)}/s (${(embedRows.counts.cpuMsPerRequest * 1000).toFixed(1)} µs CPU each, ${embedRows.counts.result.non2xx} non-2xx) | ${embedRows.counts.result.rps >= 10000 && embedRows.counts.result.non2xx === 0 ? "met" : "missed"} |`,
    `| (p) bytes a host page downloads until the first of 200 comments shows (gzipped) | ${(embedRows.bytes.toFirstComment / 1024).toFixed(1)} KB: loader ${(embedRows.bytes.loader / 1024).toFixed(1)}, frame document ${(embedRows.bytes.document / 1024).toFixed(1)}, CSS ${(embedRows.bytes.css / 1024).toFixed(1)}; scripts after it ${(embedRows.bytes.scripts / 1024).toFixed(1)} KB (all ${(embedRows.bytes.total / 1024).toFixed(1)} KB). Script before the first comment: ${(embedRows.bytes.loader / 1024).toFixed(1)} KB, against Disqus's ~250 KB and Artalk's ~37 KB | reported |`,
    `| (q) loader start → first comment painted, Chromium on loopback (20 fresh contexts) | p50 ${embedRows.firstComment.p50.toFixed(0)} ms, p95 ${embedRows.firstComment.p95.toFixed(0)} ms | reported |`,
    `| (r) votes on SQLite via proxy ≥ 5,000/s | ${votes.votes.result.rps.toFixed(0)}/s, p99 ${votes.votes.result.p99ms.toFixed(1)} ms, ${(votes.votes.cpuMsPerRequest * 1000).toFixed(0)} µs server CPU per vote; server at ${pct(votes.votes.serverCpuShare)} of its core, wrk at ${pct(votes.votes.loadCpuShare)}; ${votes.votes.result.non2xx} non-2xx | ${votes.votes.result.rps >= 5000 && votes.votes.result.non2xx === 0 ? "met" : "missed"} |`,
    `| (s) post page under ${votes.rate} votes/s ≥ 0.8 × its rate without them | ${(votes.pageUnderVotes.result.rps / votes.pageAlone.result.rps).toFixed(2)} × (${votes.pageAlone.result.rps.toFixed(0)} → ${votes.pageUnderVotes.result.rps.toFixed(0)} req/s; the votes: ${votes.load.rps.toFixed(0)}/s achieved, p99 ${votes.load.p99ms.toFixed(1)} ms, ${votes.load.non2xx + votes.load.errors} failed) | ${votes.pageUnderVotes.result.rps >= 0.8 * votes.pageAlone.result.rps && votes.load.non2xx + votes.load.errors === 0 ? "met" : "missed"} |`,
    `| (t) 10,000 queued notifications sent to a local SMTP server: throughput against nodemailer alone, memory flat | ${mail.messages} in ${mail.seconds.toFixed(1)} s = ${mail.perSecond.toFixed(0)}/s against ${mail.baselinePerSecond.toFixed(0)}/s (${(mail.perSecond / mail.baselinePerSecond).toFixed(2)} ×), ${mail.serverCpuMsPerMessage.toFixed(2)} ms server CPU each; RSS ${mail.rss.start.toFixed(0)} MB before, peak ${mail.rss.peak.toFixed(0)}, ${mail.rss.end.toFixed(0)} after (every second: ${mail.rss.samples.map((x) => x.toFixed(0)).join(", ")}) | ${mail.failed === 0 && mail.rss.peak - mail.rss.start <= 30 ? "reported; memory flat" : "reported; memory grew"} |`,
    "",
    `(t) one comment on a thread with 10,000 confirmed followers writes 10,000 outbox rows in its transaction; the server's worker renders and sends each (${mail.messageBytes} bytes, text and HTML parts, List-Unsubscribe) to an SMTP server in another process on core 0. The baseline is nodemailer with the same pool (2 connections) sending 10,000 messages of the same size from a bare process on core 1, in the same run.`,
    "",
    `(r) each vote a new one: reader ⌊n ÷ 200⌋ (an address of its own, through the proxy, so a guest's vote key differs) votes up or down on comment n mod 200 of a 200-comment thread; the warm-up's voters are other addresses. (s) the same page as (a), another thread of 200 comments that the votes land on; its scores are slots filled from a per-thread score cache that a vote updates in place, so the cached page is kept. The vote load is bench/open-loop.ts on core 0 at a fixed ${votes.rate} votes/s, beside wrk.`,
    "",
    `(a) the same server answers readers through the proxy (X-Forwarded-For from 10,000 addresses, believed from 127.0.0.1) and directly; nginx serves the page's bytes as a static file. In the nginx run nginx used ${pct(nginx.serverCpuShare)} of its core and wrk ${pct(nginx.loadCpuShare)} of its own; in the proxied run Broadsheet used ${pct(page.serverCpuShare)} and wrk ${pct(page.loadCpuShare)}.`,
    "",
    `(c) ${post.result.requests} posts in the measured run, each a new ~300-byte text (the run's tag and a counter), from a network of its own through the proxy, with our Origin; ${post.result.non2xx} non-2xx, ${post.result.errors} socket errors. The rows were counted from the SQLite file after a clean stop.`,
    "",
    `(c) open loop: comments sent on a fixed schedule of 1,000 a second by bench/open-loop.ts (Node, core 0, keep-alive pool), each timed from when it was due rather than when it left, so a stall counts against every request it delayed. wrk's closed loop cannot show this: at saturation its latency is connections ÷ throughput (Little's law), so its p99 moves with the connection count. At this rate batches are small, so the group commit shares less: ${(paced.cpuMsPerRequest * 1000).toFixed(0)} µs per comment against ${(post.cpuMsPerRequest * 1000).toFixed(0)} µs at saturation.`,
    "",
    `(j) one node pinned to core 1 with wrk on core 0: ${nodes.one.result.rps.toFixed(0)} req/s, ${(nodes.one.cpuMsPerRequest * 1000).toFixed(1)} µs CPU per request. Two nodes pinned to cores 0 and 1, two wrk processes (${CONNECTIONS / 2} connections each) free to run on either core: ${nodes.two.a.rps.toFixed(0)} + ${nodes.two.b.rps.toFixed(0)} = ${nodes.two.rps.toFixed(0)} req/s, ${(nodes.two.cpuMsPerRequest * 1000).toFixed(1)} µs CPU per request. This machine has ${os.cpus().length} cores, so the two nodes share them with the load generator; the CPU per request staying the same (nodes share nothing on this path) is what says the rate scales with cores where each node has its own.`,
    "",
    `(k) ${nodes.liveNotify.readers} readers, each its own connection to node B (core 1); ${nodes.liveNotify.posts} comments posted one at a time on node A (core 0), after 20 that are not measured; latency from just before the POST leaves to the reader's chunk arriving, in the client process (core 0), so it includes posting, the bus, node B's read of the comment and 1,000 writes, and the client reading 1,000 sockets.`,
    "",
    `(h) screening, ${screening.runs} distinct comments of ${screening.bytes} bytes against a real SQLite file with a trained model: the whole use case p50 ${screening.full.p50.toFixed(3)} / p99 ${screening.full.p99.toFixed(3)} ms; the phases alone p50 ${screening.phases.p50.toFixed(3)} / p99 ${screening.phases.p99.toFixed(3)} ms; rendering the same Markdown p50 ${screening.render.p50.toFixed(3)} / p99 ${screening.render.p99.toFixed(3)} ms.`,
    "",
    `(i) three rounds of readers alone then under the flood, p99 ms: ${flood.rounds.map(([a, b]) => `${a} → ${b}`).join(", ")}; the median round: readers at ${flood.unloaded.rps.toFixed(0)} req/s: p50 ${flood.unloaded.p50} → ${flood.loaded.p50} ms, p99 ${flood.unloaded.p99} → ${flood.loaded.p99} ms under the flood (default limit: 10 comments a minute per network); ${flood.flood.non2xx} flood requests refused with 429, the server used ${((flood.serverCpuMs / ((SECONDS + 2) * 1000)) * 100).toFixed(0)} % of its core while the flood ran (readers included), ≈ ${((flood.serverCpuMs * 1000) / Math.max(1, flood.flood["2xx"] + flood.flood.non2xx)).toFixed(0)} µs per flood request.`,
    "",
    `(b) thread JSON: ${json.result.rps.toFixed(0)} req/s, ${(json.cpuMsPerRequest * 1000).toFixed(0)} µs CPU per request (${(json.result.rps / nginx.result.rps).toFixed(2)} × nginx's static rate).`,
    "",
    ...(imports ? importScaleLines(imports) : ["Import at scale (issue 12): not run (BENCH_IMPORT=0).", ""]),
  ];
  const text = lines.join("\n");
  console.log(`\n${text}`);
  fs.writeFileSync(path.join(root, "BENCHMARKS.md"), text);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
