import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySsoToken } from "../../src/domain/embeds/sso-token.js";
import { joseSsoTokens } from "../../src/security/jwt-sso.js";

const SECRET = "bss_test-secret";
const NOW = Date.UTC(2026, 11, 1, 12);
const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const sign = (claims: unknown, secret = SECRET, header: unknown = { alg: "HS256", typ: "JWT" }) => {
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${crypto.createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
};
const exp = NOW / 1000 + 600;

describe("a site's single sign-on token", () => {
  it("names the reader when signed with the site's secret and not expired", async () => {
    await expect(verifySsoToken(joseSsoTokens, SECRET, sign({ sub: "42", name: "  Ines\u202e Vidal ", email: "Ines@Tides.Example", exp }), NOW)).resolves.toEqual({ id: "42", name: "Ines Vidal", email: "ines@tides.example" });
  });

  it.each([
    ["another secret", sign({ sub: "1", name: "N", exp }, "bss_other"), /signature/],
    ["alg none", `${part({ alg: "none" })}.${part({ sub: "1", name: "N", exp })}.`, /HS256/],
    ["alg HS512", sign({ sub: "1", name: "N", exp }, SECRET, { alg: "HS512" }), /HS256/],
    ["no expiry", sign({ sub: "1", name: "N" }), /expiry/],
    ["expired", sign({ sub: "1", name: "N", exp: NOW / 1000 - 1 }), /expired/],
    ["a week long", sign({ sub: "1", name: "N", exp: NOW / 1000 + 7 * 86400 }), /longer than a day/],
    ["no reader", sign({ name: "N", exp }), /sub/],
    ["no name", sign({ sub: "1", name: " \u200b ", exp }), /name/],
    ["not a token", "hello", /not a signed token/],
    ["tampered claims", sign({ sub: "1", name: "N", exp }).replace(/^([^.]+)\.[^.]+/, `$1.${part({ sub: "admin", name: "N", exp })}`), /signature/],
  ])("refuses %s", async (_name, token, why) => {
    await expect(verifySsoToken(joseSsoTokens, SECRET, token, NOW)).rejects.toThrow(why);
  });
});
