import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import client from "prom-client";
import type { AppDeps } from "./deps.js";
import type { LiveThreads } from "./live/live-threads.js";

/**
 * Prometheus metrics at /metrics: requests and their latency by route, comments posted, views
 * counted, live-thread readers, the moderation queue, refusals for flooding, and Node's own figures.
 * Readable from loopback, or with `Authorization: Bearer $BROADSHEET_METRICS_TOKEN`.
 */
export class Metrics {
  readonly registry = new client.Registry();
  private readonly requests = new client.Counter({ name: "broadsheet_http_requests_total", help: "HTTP requests answered", labelNames: ["route", "method", "status"], registers: [this.registry] });
  private readonly latency = new client.Histogram({
    name: "broadsheet_http_request_duration_seconds",
    help: "Time to answer, by route",
    labelNames: ["route", "method"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly commentsPosted = new client.Counter({ name: "broadsheet_comments_posted_total", help: "Comments stored (any status)", registers: [this.registry] });
  readonly floodRefusals = new client.Counter({ name: "broadsheet_flood_refusals_total", help: "Writes refused for flooding (429)", registers: [this.registry] });

  constructor(deps: Pick<AppDeps, "views" | "moderation" | "events">, live: LiveThreads) {
    client.collectDefaultMetrics({ register: this.registry });
    this.readAtScrape("broadsheet_fast_path_requests_total", "Cached pages answered before the framework (anonymous readers)", () => this.fastPathHits);
    this.readAtScrape("broadsheet_flood_gate_refusals_total", "Writes from networks already over their limit, refused before parsing", () => this.gated);
    this.readAtScrape("broadsheet_views_counted_total", "Views counted by this process", () => deps.views.counted);
    new client.Gauge({
      name: "broadsheet_live_readers",
      help: "Readers connected to live threads (Server-Sent Events)",
      registers: [this.registry],
      collect() {
        this.set(live.size);
      },
    });
    new client.Gauge({
      name: "broadsheet_moderation_queue",
      help: "Comments in each moderation tab",
      labelNames: ["tab"],
      registers: [this.registry],
      async collect() {
        const counts = await deps.moderation.queueCounts();
        for (const [tab, n] of Object.entries(counts)) this.set({ tab }, n);
      },
    });
    deps.events.subscribe((e, { remote }) => {
      // Each node counts what it accepted; Prometheus sums the nodes.
      if (e.type === "comment.created" && !remote) this.commentsPosted.inc();
    });
  }

  /** Requests answered before Fastify: cached pages for anonymous readers, and flood refusals. */
  fastPathHits = 0;
  gated = 0;

  /** A counter kept as a plain integer elsewhere (hot paths pay nothing) and read when scraped. */
  private readAtScrape(name: string, help: string, read: () => number): void {
    new client.Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  register(app: FastifyInstance, token: string | undefined): void {
    app.addHook("onResponse", async (req, reply) => {
      const route = req.routeOptions.url ?? "unmatched";
      this.requests.inc({ route, method: req.method, status: reply.statusCode });
      this.latency.observe({ route, method: req.method }, reply.elapsedTime / 1000);
    });
    app.get("/metrics", { schema: { hide: true } }, async (req, reply) => {
      if (!mayRead(req.raw, req.headers.authorization, token)) return reply.status(403).type("text/plain").send("metrics are for loopback or the metrics token\n");
      return reply.type(this.registry.contentType).header("cache-control", "no-store").send(await this.registry.metrics());
    });
  }
}

/**
 * Loopback may read, unless the request came through a proxy (which forwards the public's requests
 * from loopback too); anyone else needs the token.
 */
function mayRead(raw: IncomingMessage, authorization: string | undefined, token: string | undefined): boolean {
  const peer = raw.socket.remoteAddress ?? "";
  const forwarded = raw.headers["x-forwarded-for"] !== undefined || raw.headers.forwarded !== undefined || raw.headers["x-real-ip"] !== undefined;
  if (!forwarded && (peer === "127.0.0.1" || peer === "::1" || peer === "::ffff:127.0.0.1")) return true;
  return token !== undefined && authorization === `Bearer ${token}`;
}
