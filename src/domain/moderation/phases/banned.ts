import type { Ban } from "../ban.js";
import type { Phase } from "../screening.js";
import { ACCEPT, reject } from "../verdict.js";

const WHAT: Record<Ban["kind"], string> = { user: "account", network: "network", email_domain: "e-mail domain" };

/** A banned author is told so plainly, with the end of the ban when it has one. */
export const banned: Phase = {
  name: "banned",
  appliesToStaff: true,
  decide(s) {
    const ban = s.bans.find((b) => b.expiresAt === null) ?? [...s.bans].sort((a, b) => (b.expiresAt ?? 0) - (a.expiresAt ?? 0))[0];
    if (!ban) return ACCEPT;
    const until = ban.expiresAt === null ? "" : ` until ${new Date(ban.expiresAt).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    return reject(`${WHAT[ban.kind]} banned (ban #${ban.id})`, {
      code: "banned",
      message: `You cannot comment here${until}: a moderator has banned this ${WHAT[ban.kind]}.`,
      text: { key: "banned", params: { kind: ban.kind, ...(ban.expiresAt === null ? {} : { until: ban.expiresAt }) } },
    });
  },
};
