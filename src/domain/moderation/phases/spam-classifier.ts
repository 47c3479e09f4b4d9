import type { Phase } from "../screening.js";
import { ACCEPT, hold, reject } from "../verdict.js";

/** The local classifier, trained by moderators' decisions: likely spam waits, near-certain spam is filed. */
export const spamClassifier: Phase = {
  name: "classifier",
  appliesToStaff: false,
  decide(s) {
    const p = s.spamProbability;
    if (p === null) return ACCEPT;
    const pct = `${(p * 100).toFixed(1)} % likely spam`;
    if (p >= s.settings.spamRejectAt) return reject(pct);
    if (p >= s.settings.spamHoldAt) return hold(pct);
    return ACCEPT;
  },
};
