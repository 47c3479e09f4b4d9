import type { IncomingMessage } from "node:http";
import fc from "fast-check";
import proxyAddr from "proxy-addr";
import { describe, expect, it } from "vitest";
import { makeClientAddress } from "../../src/http/client.js";

const request = (peer: string, xff: string | undefined) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { "x-forwarded-for": xff } }) as unknown as IncomingMessage;

describe("the client's address behind trusted proxies", () => {
  const trusted = ["127.0.0.1", "10.0.0.0/8", "::1"];
  const address = fc.oneof(fc.constantFrom("127.0.0.1", "10.1.2.3", "::1", "203.0.113.5", "2001:db8::1", "198.51.100.7", "garbage", "", "  10.0.0.9 ", "\t203.0.113.8", " "), fc.ipV4());

  it("is what proxy-addr says, for any peer and any X-Forwarded-For, with the decisions cached", () => {
    const ours = makeClientAddress(trusted);
    const theirs = proxyAddr.compile(trusted);
    fc.assert(
      fc.property(address, fc.option(fc.array(address, { maxLength: 5 }).map((a) => a.join(", ")), { nil: undefined }), (peer, xff) => {
        const req = request(peer, xff);
        expect(ours(req)).toBe(proxyAddr(req, theirs));
      }),
      { numRuns: 2000 },
    );
  });

  it("believes nothing forwarded when no proxy is configured", () => {
    expect(makeClientAddress([])(request("203.0.113.5", "1.2.3.4"))).toBe("203.0.113.5");
  });
});
