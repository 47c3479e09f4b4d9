import type { FastifyRequest } from "fastify";

/**
 * The client address for rate limits and view identity. Fastify's `request.ip` honours forwarding
 * headers only when trustProxy is configured. An IPv6 client is keyed by its /64, which one
 * subscriber usually controls whole.
 */
export function clientKey(req: FastifyRequest): string {
  const ip = req.ip.startsWith("::ffff:") ? req.ip.slice(7) : req.ip;
  if (!ip.includes(":")) return ip;
  const groups = expandIpv6(ip);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? Array(Math.max(0, 8 - h.length - t.length)).fill("0") : [];
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
}

export function userAgentOf(req: FastifyRequest): string {
  return userAgentOfRaw(req.headers["user-agent"]);
}

export function userAgentOfRaw(header: string | undefined): string {
  return String(header ?? "").slice(0, 512);
}

/** The host of the page a reader came from, when it is another site (host only: nothing else is kept). */
export function referrerHostOf(req: FastifyRequest, ownHosts: ReadonlySet<string>): string | undefined {
  return referrerHost(req.headers.referer, req.headers.host, ownHosts);
}

export function referrerHost(referer: string | undefined, requestHost: string | undefined, ownHosts: ReadonlySet<string>): string | undefined {
  if (!referer) return undefined;
  try {
    const host = new URL(referer).hostname.toLowerCase().replace(/^www\./, "");
    if (!host || host.length > 100 || ownHosts.has(host) || host === (requestHost ?? "").split(":")[0]) return undefined;
    return host;
  } catch {
    return undefined;
  }
}
