/**
 * Mail, as the domain sees it. Every message goes through the outbox: written in the same
 * transaction as what causes it (an account made, a reply published), sent by the outbox worker
 * (src/mail/outbox-worker.ts), retried with backoff, shown to staff. Account mails are rendered when
 * written (their links hold a single-use token that is stored only as a hash); notifications are
 * rendered when sent, so a reply removed meanwhile is never announced.
 */
export type MailKind = "verify-email" | "reset-password" | "sign-up-exists" | "confirm-subscription" | "reply" | "thread-comment" | "digest" | "queue-notice" | "invite";

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A message to write to the outbox now, rendered. */
export interface OutgoingMail extends RenderedMail {
  readonly kind: MailKind;
  readonly siteId: number;
  readonly to: string;
}

/** What the site says in its mails: its name, language and address. */
export interface MailSite {
  readonly name: string;
  readonly language: string;
  readonly publicUrl: string;
}

/** Account mails, rendered in the site's language (src/views/mail). */
export interface AccountMailTemplates {
  verifyEmail(site: MailSite, p: { displayName: string; link: string; hours: number }): RenderedMail;
  resetPassword(site: MailSite, p: { displayName: string; link: string; minutes: number }): RenderedMail;
  /** An admin made an account for someone: a link to choose its password. */
  invite(site: MailSite, p: { displayName: string; inviter: string; role: string; link: string; days: number }): RenderedMail;
  /** Someone tried to sign up with an address that has an account: its owner is told, nobody else. */
  signUpExists(site: MailSite, p: { displayName: string; signInLink: string; resetLink: string }): RenderedMail;
  confirmSubscription(site: MailSite, p: { link: string; title: string; hours: number }): RenderedMail;
}

/** A mail address as a reader types it: trimmed, lower-cased, one line, plausibly an address. */
export function normaliseEmail(text: string): string | null {
  const email = text.trim().toLowerCase();
  if (email.length > 254 || /[\s\u0000-\u001f\u007f<>,;"]/.test(email)) return null;
  return /^[^@]+@[^@.]+(\.[^@.]+)+$/.test(email) ? email : null;
}
