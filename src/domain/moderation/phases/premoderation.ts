import type { Phase } from "../screening.js";
import { ACCEPT, hold } from "../verdict.js";

/**
 * Moderated threads hold every comment, unless its author already had one approved and the site
 * trusts such authors. The site-wide emergency switch holds everything, trusted or not.
 */
export const premoderation: Phase = {
  name: "pre-moderation",
  appliesToStaff: false,
  decide(s) {
    if (s.settings.premoderateAll) return hold("the site is pre-moderating every comment");
    if (s.threadMode !== "moderated") return ACCEPT;
    if (s.settings.trustApprovedAuthors && s.history.approved > 0 && s.history.rejected === 0) return ACCEPT;
    return hold("comments on this discussion are approved before they appear");
  },
};
