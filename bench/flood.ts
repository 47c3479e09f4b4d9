// Other readers' post-page latency while one IP floods the comment endpoint (run pinned to core 0
// by bench/run.ts, against a server on core 1 with the default rate limit). Readers request the
// post page at a fixed, modest rate, first alone, then while the flood runs at a fixed rate of
// 5,000 posts/s; fixed rates keep the latency figures free of coordinated omission.
// Prints one JSON line.
import autocannon from "autocannon";

const [base, threadId, slug] = process.argv.slice(2) as [string, string, string];
if (!base?.startsWith("http://127.0.0.1:")) throw new Error("load tests only target 127.0.0.1");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const READER_RATE = 200;
const FLOOD_RATE = 5000;

function readers(): Promise<autocannon.Result> {
  return autocannon({ url: `${base}/posts/${slug}`, connections: 4, overallRate: READER_RATE, duration: SECONDS });
}

function flood(): Promise<autocannon.Result> {
  return autocannon({
    url: `${base}/api/v1/threads/${threadId}/comments`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ body: "Buy cheap watches now! https://spam.example/w https://spam.example/x" }),
    connections: 32,
    overallRate: FLOOD_RATE,
    duration: SECONDS,
  });
}

async function main(): Promise<void> {
  await autocannon({ url: `${base}/posts/${slug}`, connections: 4, duration: 3 }); // warm-up
  const alone = await readers();
  const [loaded, flooded] = await Promise.all([readers(), flood()]);
  const statuses = (r: autocannon.Result) => ({ "2xx": r["2xx"], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts });
  console.log(
    JSON.stringify({
      unloaded: { p50: alone.latency.p50, p99: alone.latency.p99, rps: alone.requests.average, ...statuses(alone) },
      loaded: { p50: loaded.latency.p50, p99: loaded.latency.p99, rps: loaded.requests.average, ...statuses(loaded) },
      flood: { rps: flooded.requests.average, ...statuses(flooded) },
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
