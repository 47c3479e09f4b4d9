import { Negotiator } from "@fastify/accept-negotiator";

/** The answers for the Accept-Encoding headers seen, bounded (a client may send any header it likes). */
class BoundedCache extends Map<string, string> {
  override set(key: string, value: string): this {
    if (this.size >= 1000) this.clear();
    return super.set(key, value);
  }
}

const negotiator = new Negotiator({ supportedValues: ["gzip", "identity"], cache: new BoundedCache() });

/** Whether the request's Accept-Encoding prefers gzip to the page as it is (q-values honoured). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  return typeof header === "string" && negotiator.negotiate(header) === "gzip";
}
