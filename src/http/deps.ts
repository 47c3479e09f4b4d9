import type { StaticPageStore } from "../domain/pages/static-page.js";
import type { ApiTokenStore } from "../domain/users/api-tokens.js";
import type { ImportKeyStore } from "../domain/imports/run-import.js";
import type { SsoTokenReader } from "../domain/embeds/sso-token.js";
import type { WebhookStore } from "../domain/webhooks/webhook.js";
import type { WebhookDispatcher } from "../webhooks/dispatcher.js";
import type { Config } from "../config.js";
import type { CommentStore } from "../domain/comments/ports.js";
import type { PostStore } from "../domain/posts/ports.js";
import type { Clock, Hasher, Random } from "../domain/shared/deps.js";
import type { ImageCodec, MediaStore } from "../domain/media/upload-image.js";
import type { SearchStore } from "../domain/search/search.js";
import type { SiteStore } from "../domain/sites/site.js";
import type { StatsStore } from "../domain/stats/reader-stats.js";
import type { ThreadStore } from "../domain/threads/ports.js";
import type { AccountStore, SessionStore, UserStore } from "../domain/users/ports.js";
import type { AccountMailTemplates } from "../domain/mail/mail.js";
import type { OutboxStore } from "../storage/outbox-store.js";
import type { SubscriptionStore } from "../domain/notifications/subscriptions.js";
import type { QueueNoticeStore } from "../storage/queue-notices.js";
import type { ReaderDataStore } from "../domain/users/reader-data.js";
import type { VoteStore } from "../domain/votes/vote.js";
import type { MailSender } from "../mail/mail-sender.js";
import type { OutboxWorker } from "../mail/outbox-worker.js";
import type { PasswordHasher } from "../domain/users/user.js";
import type { ViewCounter } from "../domain/views/view-counter.js";
import type { EventBus } from "../events/bus.js";
import type { FloodLimits, RateCounter } from "../domain/moderation/flood-control.js";
import type { ModerationStore } from "../domain/moderation/ports.js";

/** Everything the HTTP layer may use, wired by main.ts (or by a test). */
export interface AppDeps {
  readonly config: Config;
  readonly comments: CommentStore;
  readonly threads: ThreadStore;
  /**
   * Threads remembered a few seconds for decisions of access only (votes, view beacons): mode, post
   * and site current (every change is an event), counters perhaps not (storage/remembered-threads.ts).
   */
  readonly accessThreads: Pick<ThreadStore, "findThreadWithPost">;
  readonly posts: PostStore;
  readonly sites: SiteStore;
  readonly webhooks: WebhookStore;
  /** Reads embedding sites' single sign-on tokens. */
  readonly ssoTokens: SsoTokenReader;
  /** What imports brought in, by original id. */
  readonly imports: ImportKeyStore;
  /** Sends stored webhook deliveries (started by main; tests run a round with runOnce). */
  readonly dispatcher: WebhookDispatcher;
  readonly users: UserStore;
  /** Account writes with their mail, in one transaction (sign-up, verification, reset). */
  readonly accounts: AccountStore;
  /** A reader's own data: download, rename, new address, delete. */
  readonly readerData: ReaderDataStore;
  /** Readers' votes on comments and their tallies. */
  readonly votes: VoteStore;
  /** Who wants to hear of replies and new comments. */
  readonly subscriptions: SubscriptionStore;
  /** Staff's choice of mails about the moderation queue. */
  readonly queueNotices: Pick<QueueNoticeStore, "choiceOf" | "setChoice">;
  /** Signs unsubscribe links. */
  readonly unsubscribeKey: string;
  /** Every mail, as staff see it. */
  readonly outbox: OutboxStore;
  readonly mailTemplates: AccountMailTemplates;
  /** Where mail goes: an SMTP server, or .eml files under the data folder. */
  readonly mailSender: MailSender;
  /** Sends the outbox (started by main; tests run a round with runOnce). */
  readonly outboxWorker: OutboxWorker;
  /** Account mails one address may be sent per hour. */
  readonly mailsPerAddressPerHour: number;
  readonly search: SearchStore;
  readonly stats: StatsStore;
  /** Verified uploaded images, and where a public name lives on disk. */
  readonly media: MediaStore & { pathOf(name: string): string | undefined };
  /** Decodes and re-encodes uploaded images (libvips through sharp). */
  readonly images: ImageCodec;
  readonly sessions: SessionStore;
  /** Staff API tokens (hashes only). */
  readonly apiTokens: ApiTokenStore;
  /** About, Contact, Policy: the site's static pages. */
  readonly pages: StaticPageStore;
  readonly moderation: ModerationStore;
  /** Atomic flood counters: in memory on SQLite (one process), shared through the database on PostgreSQL. */
  readonly rateCounter: RateCounter;
  readonly floodLimits: FloodLimits;
  /** Key for hashing client networks (bans, limits, author history). */
  readonly networkSecret: string;
  readonly passwords: PasswordHasher;
  readonly views: ViewCounter;
  /** After-commit events: within the process on SQLite; through PostgreSQL NOTIFY to every node on PostgreSQL. */
  readonly events: EventBus;
  readonly clock: Clock;
  readonly random: Random;
  readonly hasher: Hasher;
  /** Secret for signing cookies (CSRF). */
  readonly cookieSecret: string;
  /** Resolves when the database (and Redis, when used) answers; rejects with an Error naming what is unreachable. */
  readonly ping: (what?: { redis: boolean }) => Promise<void>;
}
