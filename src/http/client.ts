import type { IncomingMessage } from "node:http";
import type { FastifyRequest } from "fastify";

import proxyAddr from "proxy-addr";
import type { AuthorRef } from "../domain/moderation/author.js";
import { hashNetwork } from "../domain/moderation/network.js";
import type { AppDeps } from "./deps.js";

/**
 * Whether an address is one of the configured proxies, remembered per address string: behind a
 * proxy every request asks about the same few addresses, and parsing them (proxy-addr, ipaddr.js)
 * on every request was a quarter of a cached page's CPU.
 */
export function makeProxyTrust(trustedProxies: readonly string[]): (address: string) => boolean {
  if (trustedProxies.length === 0) return () => false;
  const trust = proxyAddr.compile([...trustedProxies]);
  const known = new Map<string, boolean>();
  return (address) => {
    let trusted = known.get(address);
    if (trusted === undefined) {
      trusted = trust(address, 0);
      if (known.size >= 10_000) known.clear();
      known.set(address, trusted);
    }
    return trusted;
  };
}

/**
 * The client's address, by the same rule for the fast path (before Fastify) and for Fastify: the
 * peer, or — when the peer is a trusted proxy — the nearest address in X-Forwarded-For that is not
 * a trusted proxy itself (walking from the right, as proxy-addr does).
 */
export function makeClientAddress(trustedProxies: readonly string[]): (req: IncomingMessage) => string {
  if (trustedProxies.length === 0) return (req) => req.socket.remoteAddress ?? "";
  const trusted = makeProxyTrust(trustedProxies);
  return (req) => {
    let address = req.socket.remoteAddress ?? "";
    const header = req.headers["x-forwarded-for"];
    if (!header || !trusted(address)) return address;
    // As the `forwarded` package reads it: comma-separated, spaces trimmed, empty entries skipped.
    const hops = (Array.isArray(header) ? header.join(",") : header).split(",");
    for (let i = hops.length - 1; i >= 0; i--) {
      let hop = hops[i] ?? "";
      if (hop.charCodeAt(0) === 32 || hop.charCodeAt(hop.length - 1) === 32) hop = hop.replace(/^ +| +$/g, "");
      if (hop === "") continue;
      address = hop;
      // Whether the leftmost hop is a proxy changes nothing (there is no hop beyond it): not asked,
      // so a reader's own address — a new one for nearly every reader — is never looked up.
      if (i === 0 || !trusted(hop)) break;
    }
    return address;
  };
}

/** Whether the connection's peer is one of the configured proxies (whose headers are believed). */
export function makeTrustedPeer(trustedProxies: readonly string[]): (req: IncomingMessage) => boolean {
  const trusted = makeProxyTrust(trustedProxies);
  return (req) => trusted(req.socket.remoteAddress ?? "");
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
