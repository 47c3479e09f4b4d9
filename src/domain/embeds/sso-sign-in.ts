import type { Clock, Hasher, Random } from "../shared/deps.js";
import type { SessionStore, UserStore } from "../users/ports.js";
import type { SiteStore } from "../sites/site.js";
import { startSession } from "../users/start-session.js";
import { findEmbeddingSite } from "./open-page-thread.js";
import { verifySsoToken, type SsoTokenReader } from "./sso-token.js";

export interface SsoSignInDeps {
  readonly sites: Pick<SiteStore, "findSiteByKey" | "getSiteSecret">;
  readonly users: Pick<UserStore, "findOrCreateSsoUser">;
  readonly sessions: Pick<SessionStore, "insertSession" | "deleteSession">;
  readonly hasher: Hasher;
  readonly random: Random;
  readonly clock: Clock;
  readonly ssoTokens: SsoTokenReader;
}

/**
 * A reader signed in on an embedding site becomes a signed-in commenter here: the site's token is
 * checked against its secret, the reader's account found or made, and a session started whose
 * token the widget sends as a header (never a cookie: the widget lives in a third-party frame).
 */
export async function signInWithSso(deps: SsoSignInDeps, input: { siteKey: string; token: string }): Promise<{ token: string; expiresAt: number; displayName: string }> {
  const site = await findEmbeddingSite(deps, input.siteKey);
  const reader = await verifySsoToken(deps.ssoTokens, await deps.sites.getSiteSecret(site.id), input.token, deps.clock.now());
  const accountEmail = `sso-${site.id}-${deps.hasher.sha256(reader.id).slice(0, 32)}@sso.invalid`;
  const user = await deps.users.findOrCreateSsoUser(site.id, reader.id, { displayName: reader.name, accountEmail }, deps.clock.now());
  const session = await startSession(deps, { userId: user.id });
  return { ...session, displayName: user.displayName };
}
