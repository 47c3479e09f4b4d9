import type { Phase } from "../screening.js";
import { ACCEPT, hold } from "../verdict.js";

/**
 * A post set to "held for approval" holds every comment: that is what its editor asked for. A site
 * whose ceiling is "moderated" holds them too, except from authors who already had one approved
 * (and none rejected) when the site trusts such authors ("approve once, then trust"). The
 * emergency switch holds everything, trusted or not.
 */
export const premoderation: Phase = {
  name: "pre-moderation",
  appliesToStaff: false,
  decide(s) {
    if (s.settings.premoderateAll) return hold("the site is pre-moderating every comment");
    if (s.threadMode !== "moderated") return ACCEPT;
    if (!s.heldByPost && s.settings.trustApprovedAuthors && s.history.approved > 0 && s.history.rejected === 0) return ACCEPT;
    return hold("comments on this discussion are approved before they appear");
  },
};
