import { describe, expect, it } from "vitest";
import { can, type Actor, type Permission } from "../../src/domain/users/policies.js";

const ACTORS: Record<string, Actor> = {
  anonymous: null,
  commenter: { role: "commenter" },
  moderator: { role: "moderator" },
  editor: { role: "editor" },
  admin: { role: "admin" },
};

// Rows: permission; columns: anonymous, commenter, moderator, editor, admin.
const MATRIX: Record<Permission, [boolean, boolean, boolean, boolean, boolean]> = {
  postComment: [true, true, true, true, true],
  useAccount: [false, true, true, true, true],
  moderateComments: [false, false, true, true, true],
  featureComments: [false, false, false, true, true],
  manageWatchWords: [false, false, true, true, true],
  useApiTokens: [false, false, true, true, true],
  configureModeration: [false, false, false, false, true],
  viewModerationLog: [false, false, false, false, true],
  writePosts: [false, false, false, true, true],
  viewReaderStatistics: [false, false, false, true, true],
  manageUsers: [false, false, false, false, true],
  manageSites: [false, false, false, false, true],
  configureSite: [false, false, false, false, true],
  importContent: [false, false, false, false, true],
  viewMail: [false, false, false, false, true],
};

describe("permissions", () => {
  it.each(Object.entries(MATRIX))("%s", (permission, expected) => {
    expect(Object.values(ACTORS).map((a) => can[permission as Permission](a))).toEqual(expected);
  });

  it("covers every permission", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(can).sort());
  });
});
