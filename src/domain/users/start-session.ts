import type { Clock, Hasher, Random } from "../shared/deps.js";
import type { SessionStore } from "./ports.js";
import { SESSION_TTL_MS } from "./user.js";

/** Starts a session for a user; the token (for the cookie) is returned once and only its hash is kept. */
export async function startSession(
  deps: { sessions: Pick<SessionStore, "insertSession" | "deleteSession">; clock: Clock; random: Random; hasher: Hasher },
  input: { userId: number; previousToken?: string | undefined },
): Promise<{ token: string; expiresAt: number }> {
  // A new token on every sign-in: a token planted before sign-in (session fixation) is worthless after.
  if (input.previousToken) await deps.sessions.deleteSession(deps.hasher.sha256(input.previousToken));
  const token = deps.random.token(32);
  const now = deps.clock.now();
  const expiresAt = now + SESSION_TTL_MS;
  await deps.sessions.insertSession({ tokenHash: deps.hasher.sha256(token), userId: input.userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}
