import type { Phase } from "../screening.js";
import { ACCEPT, reject } from "../verdict.js";

/** A closed (or hidden) discussion takes no new comments, from anyone. */
export const threadClosed: Phase = {
  name: "thread closed",
  appliesToStaff: true,
  decide: (s) =>
    s.threadMode === "open" || s.threadMode === "moderated"
      ? ACCEPT
      : reject(`the discussion is ${s.threadMode}`, { code: "thread_closed", message: "This discussion is closed to new comments.", text: { key: "threadClosed" } }),
};
