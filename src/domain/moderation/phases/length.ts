import { lengthOf, stripUrls, visiblePart } from "../../shared/text.js";
import { LIMITS } from "../../comments/comment-input.js";
import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";

/** Letters, digits, symbols or emoji that show: anything a reader could read ("ㅤ" is a letter that draws nothing). */
function readable(text: string): boolean {
  return /[\p{L}\p{N}\p{S}]/u.test(visiblePart(text));
}

/** Refuses empty and over-long comments; holds a newcomer's comment that is nothing but links. */
export const length: Phase = {
  name: "length",
  appliesToStaff: true,
  decide(s) {
    if (!readable(s.body)) {
      return reject("empty", { code: "invalid_input", message: "Write something before posting.", field: "body", text: { key: "bodyEmpty" } });
    }
    if (lengthOf(s.body) > LIMITS.bodyChars) {
      return reject("too long", {
        code: "invalid_input",
        message: `A comment can be at most ${LIMITS.bodyChars.toLocaleString("en")} characters.`,
        field: "body",
      });
    }
    if (s.linkHosts.length > 0 && s.history.approved === 0 && !readable(stripUrls(s.body))) return hold("nothing but links, from a commenter without a published comment");
    return ACCEPT;
  },
};
