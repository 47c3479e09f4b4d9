import type { Phase } from "../screening.js";
import { ACCEPT, hold } from "../verdict.js";

/** Link dumps from people without an approved comment wait for a moderator. */
export const linkCount: Phase = {
  name: "links",
  appliesToStaff: false,
  decide(s) {
    const n = s.linkHosts.length;
    if (n < s.settings.holdLinksFromNewAt || s.history.approved > 0) return ACCEPT;
    const hosts = [...new Set(s.linkHosts)].slice(0, 5).join(", ");
    return hold(`${n} links (${hosts}) from a commenter without an approved comment`);
  },
};
