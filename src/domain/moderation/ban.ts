/** A ban keeps one author out: an account, a network (hashed IP, IPv6 /64) or an e-mail domain. */
export type BanKind = "user" | "network" | "email_domain";

export interface Ban {
  readonly id: number;
  readonly kind: BanKind;
  /** User id, network hash or lower-case domain. */
  readonly value: string;
  readonly reason: string;
  readonly createdBy: number | null;
  readonly createdAt: number;
  /** Null for a permanent ban. */
  readonly expiresAt: number | null;
  readonly liftedAt: number | null;
  /** The one site the ban holds on; null: every site of this installation. */
  readonly siteId: number | null;
}

export const BAN_KINDS: readonly BanKind[] = ["user", "network", "email_domain"];

/** Does the ban keep its author out of this site's discussions? */
export function banCoversSite(b: Pick<Ban, "siteId">, siteId: number): boolean {
  return b.siteId === null || b.siteId === siteId;
}

/** Is the ban in force at `now`? */
export function isBanActive(b: Pick<Ban, "expiresAt" | "liftedAt">, now: number): boolean {
  return b.liftedAt === null && (b.expiresAt === null || b.expiresAt > now);
}

/** The lower-case domain of an e-mail address, or null. */
export function emailDomainOf(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf("@") ?? -1;
  if (!email || at < 0) return null;
  const domain = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, "");
  return domain === "" ? null : domain;
}

/** Does a ban on `banned` cover `domain` (the domain itself or any subdomain)? */
export function domainCovered(domain: string, banned: string): boolean {
  return domain === banned || domain.endsWith(`.${banned}`);
}
