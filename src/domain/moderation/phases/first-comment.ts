import type { Phase } from "../screening.js";
import { ACCEPT, hold } from "../verdict.js";

/** Where the site asks for it, someone never seen before waits for a moderator once. */
export const firstComment: Phase = {
  name: "first comment",
  appliesToStaff: false,
  decide: (s) => (s.settings.holdFirstComments && s.history.total === 0 ? hold("first comment from a new commenter") : ACCEPT),
};
