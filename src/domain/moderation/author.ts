/** Who wrote a comment, for history, bans and rate limits: an account, or for guests their network. */
export type AuthorRef = { readonly userId: number } | { readonly networkHash: string };

/** Stable key for an author: "user:12" or "net:ab12…". Reports and rate limits key on it. */
export function authorKey(a: AuthorRef): string {
  return "userId" in a ? `user:${a.userId}` : `net:${a.networkHash}`;
}
