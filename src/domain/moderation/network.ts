import ipaddr from "ipaddr.js";
import type { Hasher } from "../shared/deps.js";

/**
 * The network a client address stands for: an IPv4 address as itself, an IPv6 address as its /64
 * (one subscriber usually controls a whole /64, so per-address limits there mean nothing).
 * IPv4-mapped IPv6 addresses count as the IPv4 address. Unparseable input is kept as given.
 */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(":")}::/64`;
}

/** A keyed hash of the network: comparable for bans and limits, useless to anyone without the key. */
export function hashNetwork(hasher: Hasher, secret: string, address: string): string {
  return hasher.sha256(`${secret}\u0000${networkOf(address)}`).slice(0, 32);
}
