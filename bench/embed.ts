// The embedded discussion, as a host page meets it: what it downloads until the first comment shows,
// and how long that takes in Chromium on loopback. (The frame's rate and the counters' rate are wrk
// runs in bench/run.ts.)
import http from "node:http";
import { builtAssetAddress } from "../src/http/routes/assets.js";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { EMBED_HOST, EMBED_PAGE } from "./setup-thread.js";
import { fetchBytes } from "./tools.js";

export interface EmbedBytes {
  readonly loader: number;
  readonly document: number;
  readonly css: number;
  readonly scripts: number;
  /** Loader + frame document + CSS: what the first comment needs (the scripts are deferred modules). */
  readonly toFirstComment: number;
  readonly total: number;
}

const gz = (b: Buffer) => zlib.gzipSync(b, { level: 6 }).length;
const get = fetchBytes;

/** Gzipped bytes of each part, fetched from the running server. */
export async function embedBytes(base: string, frameUrl: string): Promise<EmbedBytes> {
  const [loader, document, css, thread, frame] = await Promise.all([get(`${base}/embed.js`), get(frameUrl), get(`${base}${builtAssetAddress("site.css")}`), get(`${base}${builtAssetAddress("thread.js")}`), get(`${base}${builtAssetAddress("embed-frame.js")}`)]);
  const parts = { loader: gz(loader), document: gz(document), css: gz(css), scripts: gz(thread) + gz(frame) };
  return { ...parts, toFirstComment: parts.loader + parts.document + parts.css, total: parts.loader + parts.document + parts.css + parts.scripts };
}

/**
 * `runs` loads of a host page in fresh Chromium contexts (nothing cached): from the moment the loader
 * has arrived and starts (its resource timing's end) to the frame's first contentful paint, which
 * is the server-rendered comments. Both clocks are the same browser's, on the epoch.
 */
export async function timeToFirstComment(base: string, siteKey: string, runs: number): Promise<{ p50: number; p95: number; samples: number[] }> {
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>Benchmark story</title><link rel="canonical" href="${EMBED_PAGE}"></head>
<body><h1>Benchmark story</h1><div id="broadsheet-thread"></div><script async src="${base}/embed.js" data-site="${siteKey}"></script></body></html>`;
  const host = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page));
  await new Promise<void>((r) => host.listen(Number(new URL(EMBED_HOST).port), "127.0.0.1", r));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.${i}.0 Safari/537.36` });
      const tab = await ctx.newPage();
      await tab.goto(`${EMBED_HOST}/story`);
      const frame = await (await tab.waitForSelector("#broadsheet-thread iframe")).contentFrame();
      if (!frame) throw new Error("no frame");
      await frame.waitForSelector("li.comment");
      // A string, not a function: the TypeScript loader would wrap a function's inner functions in
      // helpers the page does not have.
      const paintedAt = (await frame.evaluate(`new Promise((resolve) => {
        const at = (e) => resolve(performance.timeOrigin + e.startTime);
        const e = performance.getEntriesByName("first-contentful-paint")[0];
        if (e) return at(e);
        new PerformanceObserver((list) => {
          const fcp = list.getEntriesByName("first-contentful-paint")[0];
          if (fcp) at(fcp);
        }).observe({ type: "paint", buffered: true });
      })`)) as number;
      const loaderAt = await tab.evaluate((src) => {
        const entry = performance.getEntriesByName(src)[0] as PerformanceResourceTiming | undefined;
        return entry ? performance.timeOrigin + entry.responseEnd : NaN;
      }, `${base}/embed.js`);
      samples.push(paintedAt - loaderAt);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await new Promise((r) => host.close(r));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: q(0.5), p95: q(0.95), samples };
}
