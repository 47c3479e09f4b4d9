import type { Clock, Hasher, Random } from "../shared/deps.js";
import { DomainError } from "../shared/errors.js";
import { cleanLine, lengthOf } from "../shared/text.js";
import { can, type Permission } from "./policies.js";
import type { User } from "./user.js";

/**
 * Staff API tokens, for scripts and integrations: `Authorization: Bearer bst_…`. A token acts as
 * the member who made it, never beyond their role, and only within its scopes. Shown once; only
 * its SHA-256 is kept (it is 32 random bytes: a slow hash would protect nothing more).
 */
export type TokenScope = "read" | "write:posts" | "moderate";
export const TOKEN_SCOPES: readonly TokenScope[] = ["read", "write:posts", "moderate"];
export const SCOPE_LABELS: Readonly<Record<TokenScope, string>> = {
  read: "Read: the moderation queue, drafts and statistics through the API",
  "write:posts": "Write posts: create, edit, publish and unpublish",
  moderate: "Moderate: approve, file as spam, remove, feature, the word list",
};

/** Tokens are told apart from session tokens by this prefix. */
export const TOKEN_PREFIX = "bst_";
export const MAX_TOKENS_PER_USER = 20;

export interface ApiToken {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
}

export interface ApiTokenStore {
  insertToken(t: Omit<ApiToken, "id" | "lastUsedAt"> & { tokenHash: string }): Promise<ApiToken>;
  /** The token and its member, while it is neither revoked nor expired. */
  findTokenUser(tokenHash: string, now: number): Promise<{ token: ApiToken; user: User } | undefined>;
  listTokens(userId: number): Promise<ApiToken[]>;
  /** Revokes one of the member's own tokens; false when they have none by that id. */
  revokeToken(id: number, userId: number, at: number): Promise<boolean>;
  touchToken(id: number, at: number): Promise<void>;
}

/**
 * Which scope a request with a token needs for a permission: reading through any permission needs
 * "read"; a change needs the scope that names it. null: tokens cannot do it at all (users, sites,
 * settings, imports stay with a signed-in admin).
 */
export function scopeNeeded(permission: Permission, method: string): TokenScope | null {
  if (method === "GET" || method === "HEAD") return "read";
  switch (permission) {
    case "writePosts":
      return "write:posts";
    case "moderateComments":
    case "featureComments":
    case "manageWatchWords":
      return "moderate";
    default:
      return null;
  }
}

/** The scopes a role may give its tokens. */
export function scopesFor(user: Pick<User, "role">): TokenScope[] {
  return TOKEN_SCOPES.filter((s) => s === "read" || (s === "write:posts" ? can.writePosts(user) : can.moderateComments(user)));
}

type Deps = { apiTokens: ApiTokenStore; random: Random; hasher: Hasher; clock: Clock };

/** A member of staff makes a token; its secret is returned this once. */
export async function createApiToken(
  deps: Deps,
  input: { actor: User | null; name: string; scopes: readonly string[]; expiresInDays: number | null },
): Promise<{ secret: string; token: ApiToken }> {
  const actor = input.actor;
  if (!can.useApiTokens(actor)) throw new DomainError("forbidden", "Only staff can make API tokens.");
  const name = cleanLine(input.name);
  if (name === "") throw new DomainError("invalid_input", "Give the token a name, to know later what uses it.", "name");
  if (lengthOf(name) > 80) throw new DomainError("invalid_input", "A token's name can be at most 80 characters.", "name");
  const scopes = TOKEN_SCOPES.filter((s) => input.scopes.includes(s));
  if (scopes.length === 0 || scopes.length !== new Set(input.scopes).size) throw new DomainError("invalid_input", "Choose at least one of the scopes offered.", "scopes");
  const beyond = scopes.find((s) => !scopesFor(actor!).includes(s));
  if (beyond) throw new DomainError("forbidden", `Your role cannot give a token the “${beyond}” scope.`, "scopes");
  const days = input.expiresInDays;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) throw new DomainError("invalid_input", "A token lasts between 1 and 3,650 days, or until revoked.", "expiresInDays");
  if ((await deps.apiTokens.listTokens(actor!.id)).length >= MAX_TOKENS_PER_USER) {
    throw new DomainError("invalid_input", `You have ${MAX_TOKENS_PER_USER} tokens: revoke one first.`, "name");
  }
  const secret = `${TOKEN_PREFIX}${deps.random.token(32)}`;
  const now = deps.clock.now();
  const token = await deps.apiTokens.insertToken({
    userId: actor!.id,
    name,
    scopes,
    createdAt: now,
    expiresAt: days === null ? null : now + days * 24 * 3600 * 1000,
    tokenHash: deps.hasher.sha256(secret),
  });
  return { secret, token };
}

export async function revokeApiToken(deps: Pick<Deps, "apiTokens" | "clock">, input: { actor: User | null; tokenId: number }): Promise<void> {
  if (!input.actor) throw new DomainError("unauthenticated", "Sign in first.");
  if (!(await deps.apiTokens.revokeToken(input.tokenId, input.actor.id, deps.clock.now()))) throw new DomainError("not_found", "You have no such token.");
}

/** Marks a token used at most once a minute: a busy script must not write on every request. */
export const TOUCH_EVERY_MS = 60_000;
