import { lengthOf, stripUrls } from "../../shared/text.js";
import { LIMITS } from "../../comments/comment-input.js";
import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";

/** Letters, digits, symbols or emoji: anything a reader could read. */
const READABLE = /[\p{L}\p{N}\p{S}]/u;

/** Refuses empty and over-long comments; holds a newcomer's comment that is nothing but links. */
export const length: Phase = {
  name: "length",
  appliesToStaff: true,
  decide(s) {
    if (!READABLE.test(s.body)) {
      return reject("empty", { code: "invalid_input", message: "Write something before posting.", field: "body", text: { key: "bodyEmpty" } });
    }
    if (lengthOf(s.body) > LIMITS.bodyChars) {
      return reject("too long", {
        code: "invalid_input",
        message: `A comment can be at most ${LIMITS.bodyChars.toLocaleString("en")} characters.`,
        field: "body",
      });
    }
    if (s.linkHosts.length > 0 && s.history.approved === 0 && !READABLE.test(stripUrls(s.body))) return hold("nothing but links, from a commenter without a published comment");
    return ACCEPT;
  },
};
