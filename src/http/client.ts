import type { IncomingMessage } from "node:http";
import type { FastifyRequest } from "fastify";

import proxyAddr from "proxy-addr";
import type { AuthorRef } from "../domain/moderation/author.js";
import { hashNetwork } from "../domain/moderation/network.js";
import type { AppDeps } from "./deps.js";

/**
 * The same rule for the fast path, which runs before Fastify: the peer address, or the address a
 * trusted proxy forwarded. Compiled once from the configured list.
 */
export function makeClientAddress(trustedProxies: readonly string[]): (req: IncomingMessage) => string {
  if (trustedProxies.length === 0) return (req) => req.socket.remoteAddress ?? "";
  const trust = proxyAddr.compile([...trustedProxies]);
  return (req) => proxyAddr(req, trust);
}

/** Whether the connection's peer is one of the configured proxies (whose headers are believed). */
export function makeTrustedPeer(trustedProxies: readonly string[]): (req: IncomingMessage) => boolean {
  if (trustedProxies.length === 0) return () => false;
  const trust = proxyAddr.compile([...trustedProxies]);
  return (req) => trust(req.socket.remoteAddress ?? "", 0);
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

/** Who is writing: the client's address and, when signed in, the account (for posting and reporting). */
export function writerOf(req: FastifyRequest) {
  return {
    clientAddress: req.ip,
    account: req.user ? { userId: req.user.id, displayName: req.user.displayName, role: req.user.role, email: req.user.email } : undefined,
  };
}

/** Who is reporting: their account when signed in, otherwise their network (one report each per comment). */
export function reporterOf(deps: Pick<AppDeps, "hasher" | "networkSecret">, req: FastifyRequest): AuthorRef {
  return req.user ? { userId: req.user.id } : { networkHash: hashNetwork(deps.hasher, deps.networkSecret, req.ip) };
}
