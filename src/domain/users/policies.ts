import type { Role } from "./user.js";

/** Who is asking: a signed-in user's role, or null for an anonymous reader. */
export type Actor = { readonly role: Role } | null;

const roleIn =
  (...roles: Role[]) =>
  (a: Actor): boolean =>
    a !== null && roles.includes(a.role);

/** Every permission, one line each. Routes, pages and the CLI ask these and nothing else. */
export const can = {
  postComment: (_a: Actor) => true,
  useAccount: (a: Actor) => a !== null,
  writePosts: roleIn("editor", "admin"),
  moderateComments: roleIn("moderator", "editor", "admin"),
  /** Featuring is an editorial choice: editors and admins, not moderators. */
  featureComments: roleIn("editor", "admin"),
  /** The words that hold a comment or file it as spam: whoever meets the insults in the queue. */
  manageWatchWords: roleIn("moderator", "editor", "admin"),
  /** Tokens for scripts and integrations, within the member's own role. */
  useApiTokens: roleIn("moderator", "editor", "admin"),
  configureModeration: roleIn("admin"),
  viewModerationLog: roleIn("admin"),
  viewReaderStatistics: roleIn("editor", "admin"),
  manageUsers: roleIn("admin"),
  manageSites: roleIn("admin"),
  /** The blog's own settings (name, look, navigation) and its static pages. */
  configureSite: roleIn("admin"),
  importContent: roleIn("admin"),
  viewMail: roleIn("admin"),
} as const;

export type Permission = keyof typeof can;
