// Open-loop posting load: comments sent on a fixed schedule (`rate` a second), whatever the server
// answers, each on a keep-alive connection from a pool. Latency is measured from the moment a request
// was due, not from when it was sent, so a server stall counts against every request it delayed
// (no coordinated omission, as wrk2 measures). wrk's closed loop measures something else: at
// saturation its latency is connections ÷ throughput by Little's law, whatever the server does.
//
// Run as its own process, pinned by the caller:  node --import tsx bench/open-loop.ts URL RATE SECONDS ORIGIN TAG [IDS_FILE]
// With IDS_FILE (a JSON array of comment ids) it casts votes instead: URL is the server's base, each
// voter (a reader address whose first octet is TAG, so runs never repeat a vote) votes on every
// comment in turn, up or down. Prints one JSON line: LoadResult plus the generator's own CPU.
import fs from "node:fs";
import http from "node:http";

interface Options {
  readonly url: string;
  readonly rate: number;
  readonly seconds: number;
  readonly origin: string;
  readonly tag: string;
  readonly voteOn?: readonly number[];
}

/** The n-th request: a new comment, or a new reader's vote. */
function requestFor(o: Options, n: number, text: string): { url: string; body: string; ip: string } {
  if (!o.voteOn) return { url: o.url, body: JSON.stringify({ authorName: "Bench", body: `${o.tag} comment ${n}: ${text}` }), ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
  const reader = Math.floor(n / o.voteOn.length);
  return { url: `${o.url}/api/v1/comments/${o.voteOn[n % o.voteOn.length]}/vote`, body: JSON.stringify({ value: (n + reader) % 3 === 0 ? -1 : 1 }), ip: `${o.tag}.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}` };
}

async function run(o: Options): Promise<void> {
  if (!o.url.startsWith("http://127.0.0.1:")) throw new Error("load tests only target 127.0.0.1");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const text = "A benchmark comment of ordinary length. ".repeat(7).slice(0, 240);
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const finished = new Promise<void>((resolve) => {
    const send = (n: number, due: number) => {
      const { url, body, ip } = requestFor(o, n, text);
      const req = http.request(url, {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), origin: o.origin, "x-forwarded-for": ip },
      });
      const settle = () => {
        latencies.push(performance.now() - due);
        if (++done === total) resolve();
      };
      req.on("response", (res) => {
        if (res.statusCode === undefined || res.statusCode >= 300) non2xx++;
        res.resume();
        res.on("end", settle);
      });
      req.on("error", () => {
        errors++;
        settle();
      });
      req.end(body);
    };
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / o.rate <= now) {
        send(sent, start + (sent * 1000) / o.rate);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  console.log(
    JSON.stringify({
      requests: total,
      seconds,
      rps: total / seconds,
      p50ms: q(0.5),
      p99ms: q(0.99),
      maxMs: latencies[latencies.length - 1],
      non2xx,
      errors,
      wrkCpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
}

const [url, rate, seconds, origin, tag, idsFile] = process.argv.slice(2);
if (!url || !rate || !seconds || !origin || !tag) throw new Error("usage: open-loop.ts URL RATE SECONDS ORIGIN TAG [IDS_FILE]");
await run({ url, rate: Number(rate), seconds: Number(seconds), origin, tag, ...(idsFile ? { voteOn: JSON.parse(fs.readFileSync(idsFile, "utf8")) as number[] } : {}) });
