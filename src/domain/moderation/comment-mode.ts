import type { ThreadMode } from "../threads/thread.js";
import type { ModerationSettings } from "./settings.js";

const STRICTNESS: Record<ThreadMode, number> = { open: 0, moderated: 1, closed: 2, hidden: 3 };

/**
 * The mode a discussion is really in: the stricter of the post's own mode and the site's, and
 * closed once it is older than the site's auto-close age (counted from publication).
 */
export function effectiveMode(
  threadMode: ThreadMode,
  settings: Pick<ModerationSettings, "commentMode" | "autoCloseDays">,
  openedAt: number | null,
  now: number,
): ThreadMode {
  let mode = STRICTNESS[settings.commentMode] > STRICTNESS[threadMode] ? settings.commentMode : threadMode;
  const expired = settings.autoCloseDays > 0 && openedAt !== null && now - openedAt > settings.autoCloseDays * 86_400_000;
  if (expired && STRICTNESS[mode] < STRICTNESS.closed) mode = "closed";
  return mode;
}
