// Memory under 50 parallel sign-ins at the real scrypt cost (N=2^17, 128 MiB per hash), with the
// hasher's queue (2 at a time) and without it (all 50 at once), each in a fresh process.
// Run alone: `npx tsx bench/sign-in-memory.ts`; `npm run bench` includes it.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeScryptPasswords } from "../src/security/scrypt-passwords.js";

const PARALLEL = 50;

export interface SignInMemory {
  readonly concurrency: number;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
  readonly seconds: number;
}

async function child(concurrency: number): Promise<void> {
  const passwords = makeScryptPasswords(undefined, concurrency);
  const stored = await passwords.hash("correct horse battery");
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  await Promise.all(Array.from({ length: PARALLEL }, () => passwords.verify("a wrong guess", stored)));
  clearInterval(sampler);
  const result: SignInMemory = { concurrency, baseRssMb: base / 2 ** 20, peakRssMb: peak / 2 ** 20, seconds: (performance.now() - started) / 1000 };
  process.stdout.write(JSON.stringify(result));
}

/** Both runs, each in its own process so one's freed memory does not hide the other's peak. */
export function signInMemoryRun(): SignInMemory[] {
  const me = fileURLToPath(import.meta.url);
  // UV_THREADPOOL_SIZE as Node's default (4): unbounded, four hashes run at once in libuv's pool.
  return [2, PARALLEL].map((c) => JSON.parse(execFileSync(process.execPath, ["--import", "tsx", me, "child", String(c)], { encoding: "utf8", env: { ...process.env, UV_THREADPOOL_SIZE: "4" } })) as SignInMemory);
}

if (process.argv[2] === "child") await child(Number(process.argv[3]));
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of signInMemoryRun()) console.log(`concurrency ${r.concurrency}: rss ${r.baseRssMb.toFixed(0)} → peak ${r.peakRssMb.toFixed(0)} MB, ${PARALLEL} sign-ins in ${r.seconds.toFixed(1)} s`);
}
