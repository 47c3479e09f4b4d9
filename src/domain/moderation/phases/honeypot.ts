import type { Phase } from "../screening.js";
import { ACCEPT, reject } from "../verdict.js";

/** The form has a field people never see; text in it means a bot filled every box. */
export const honeypot: Phase = {
  name: "honeypot",
  appliesToStaff: true,
  decide: (s) => (s.honeypot.trim() === "" ? ACCEPT : reject("the hidden field was filled in, as bots do")),
};
