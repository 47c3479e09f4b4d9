import { errors, jwtVerify } from "jose";
import type { SsoTokenReader } from "../domain/embeds/sso-token.js";
import { refuseSso } from "../domain/embeds/sso-token.js";

/**
 * A site's single sign-on token read with jose: HS256 only (so "none" and public-key algorithms
 * cannot be chosen by the token), signature checked against the site's secret, `exp` and `sub`
 * required and checked at the clock's time.
 */
export const joseSsoTokens: SsoTokenReader = {
  async read(secret, token, nowMs) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ["HS256"],
        requiredClaims: ["exp", "sub"],
        currentDate: new Date(nowMs),
      });
      return payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw refuseSso("it has expired");
      if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) throw refuseSso("it must be signed with HS256");
      if (err instanceof errors.JWSSignatureVerificationFailed) throw refuseSso("its signature does not match this site's secret");
      if (err instanceof errors.JWTClaimValidationFailed) throw refuseSso(err.claim === "exp" ? "it has no expiry (exp)" : err.claim === "sub" ? "it names no reader (sub)" : `its ${err.claim} claim is not valid`);
      if (err instanceof errors.JOSEError) throw refuseSso("it is not a signed token");
      throw err;
    }
  },
};
