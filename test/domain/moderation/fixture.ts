import type { Ban } from "../../../src/domain/moderation/ban.js";
import type { Screening } from "../../../src/domain/moderation/screening.js";
import { DEFAULT_MODERATION, type ModerationSettings } from "../../../src/domain/moderation/settings.js";

/** A screening of an ordinary comment by a returning reader on an open thread; override what a test is about. */
export function screening(over: Partial<Omit<Screening, "settings">> & { settings?: Partial<ModerationSettings> } = {}): Screening {
  const { settings, ...rest } = over;
  return {
    body: "I think the harbour plan is sensible, but the cost estimate looks low.",
    honeypot: "",
    linkHosts: [],
    threadMode: "open",
    heldByPost: false,
    authorIsStaff: false,
    history: { total: 3, approved: 3, rejected: 0, firstSeenAt: 0 },
    bans: [],
    copies: 0,
    spamProbability: null,
    now: 1_800_000_000_000,
    ...rest,
    settings: { ...DEFAULT_MODERATION, ...settings },
  };
}

export const NEWCOMER = { total: 0, approved: 0, rejected: 0, firstSeenAt: null };

export function ban(over: Partial<Ban> = {}): Ban {
  return { id: 7, kind: "network", value: "abc", reason: "", createdBy: 1, createdAt: 0, expiresAt: null, liftedAt: null, siteId: null, ...over };
}
