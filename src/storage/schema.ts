import type { Generated } from "kysely";

/** Table shapes as Kysely sees them. Times are milliseconds since the epoch; booleans are 0/1. */
export interface Database {
  sites: SitesTable;
  users: UsersTable;
  threads: ThreadsTable;
  thread_urls: ThreadUrlsTable;
  embed_pages: EmbedPagesTable;
  sso_identities: SsoIdentitiesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_events: WebhookEventsTable;
  import_keys: ImportKeysTable;
  import_staging: ImportStagingTable;
  mail_tokens: MailTokensTable;
  subscriptions: SubscriptionsTable;
  outbox: OutboxTable;
  comment_votes: CommentVotesTable;
  posts: PostsTable;
  comments: CommentsTable;
  view_salts: ViewSaltsTable;
  view_readers: ViewReadersTable;
  view_drains: ViewDrainsTable;
  view_days: ViewDaysTable;
  secrets: SecretsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  static_pages: StaticPagesTable;
  post_labels: PostLabelsTable;
  post_revisions: PostRevisionsTable;
  site_days: SiteDaysTable;
  referrer_days: ReferrerDaysTable;
  site_reader_days: SiteReaderDaysTable;
  site_referrer_days: SiteReferrerDaysTable;
  comment_reports: CommentReportsTable;
  bans: BansTable;
  moderation_log: ModerationLogTable;
  spam_tokens: SpamTokensTable;
  rate_counters: RateCountersTable;
  author_stats: AuthorStatsTable;
}

export interface AuthorStatsTable {
  author_key: string;
  total: number;
  published: number;
  rejected: number;
  first_seen: number;
}

export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  /** "user:<id>" or "net:<network hash>": one report per reader per comment. */
  reporter_key: string;
  reason: string;
  created_at: number;
  resolved_at: number | null;
}

export interface BansTable {
  id: Generated<number>;
  kind: string;
  value: string;
  reason: string;
  created_by: number | null;
  created_at: number;
  expires_at: number | null;
  lifted_at: number | null;
  /** The one site it holds on; null: every site (migration 023). */
  site_id: number | null;
}

export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  comment_id: number | null;
  detail: string;
  reason: string;
  created_at: number;
  /** The site the entry concerns (migration 021); null for the whole installation. */
  site_id: Generated<number | null>;
}

/** Training documents of each class that contained the token. The token "" counts documents. */
export interface SpamTokensTable {
  token: string;
  spam: Generated<number>;
  ham: Generated<number>;
}

/** Fixed-window rate counters shared by every node (PostgreSQL deployments). */
export interface RateCountersTable {
  key: string;
  window_start: number;
  count: number;
}

export interface SiteDaysTable {
  day: string;
  readers: number;
  views: number;
}

export interface ReferrerDaysTable {
  day: string;
  host: string;
  views: number;
}

export interface SiteReaderDaysTable {
  site_id: number;
  day: string;
  readers: number;
}

export interface SiteReferrerDaysTable {
  site_id: number;
  day: string;
  host: string;
  views: number;
}

export interface PostLabelsTable {
  post_id: number;
  label: string;
}

export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  author_id: number | null;
  created_at: number;
  snapshot: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** Space-separated TokenScope values. */
  scopes: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface SitesTable {
  id: Generated<number>;
  name: string;
  allow_anonymous: number;
  max_depth: number;
  created_at: number;
  /** ModerationSettings as JSON; missing keys take defaults. */
  moderation: Generated<string>;
  /** In the embedding snippet (migration 010). */
  public_key: string;
  /** Signs SSO tokens and webhooks; shown once, rotatable. */
  secret: string;
  /** JSON array of allowed origins (scheme://host[:port]); empty for our own blog. */
  origins: Generated<string>;
  language: Generated<string>;
  webhook_url: string | null;
  /** "updown", "like" or "none" (migration 014). */
  votes: Generated<string>;
  /** SiteLook as JSON (migration 019); missing keys take defaults. */
  look: Generated<string>;
}

export interface StaticPagesTable {
  id: Generated<number>;
  site_id: number;
  slug: string;
  title: string;
  body_source: string;
  body_html: string;
  in_nav: number;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: number;
  /** When the reader proved the address (migration 013); null until then. */
  email_verified_at: Generated<number | null>;
  /** The display name's reservation key (domain/users/reserved-names.ts). */
  name_key: Generated<string | null>;
  /** Staff: at most one mail about the moderation queue every this many minutes (null: none). */
  queue_mail_minutes: Generated<number | null>;
  queue_mailed_at: Generated<number | null>;
  queue_notices_since: Generated<number | null>;
  /** When an admin disabled the account; null while it is in use. */
  disabled_at: Generated<number | null>;
}

/** A single-use link's token, by its hash: verify an address, reset a password, confirm a subscription. */
export interface MailTokensTable {
  token_hash: string;
  purpose: string;
  user_id: number | null;
  subscription_id: number | null;
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Someone who wants replies to a comment (comment_id) or every new comment of a thread (null). */
export interface SubscriptionsTable {
  id: Generated<number>;
  site_id: number;
  thread_id: number;
  comment_id: number | null;
  user_id: number | null;
  email: string;
  digest: Generated<number>;
  confirmed_at: number | null;
  created_at: number;
}

/** One reader's vote on one comment: +1 or -1 ("like" is +1). */
export interface CommentVotesTable {
  comment_id: number;
  voter_key: string;
  value: number;
  created_at: number;
}

/** Every mail, written with what causes it and sent by the outbox worker. */
export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  site_id: number;
  to_address: string;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  subscription_id: number | null;
  comment_id: number | null;
  created_at: number;
  next_attempt_at: number;
  attempts: Generated<number>;
  status: Generated<string>;
  claimed_until: number | null;
  last_error: string | null;
  sent_at: number | null;
  /** A held notification: the digest row carrying it (migration 016). */
  digest_id: Generated<number | null>;
}

export interface ThreadsTable {
  id: Generated<number>;
  site_id: number;
  mode: string;
  view_count: Generated<number>;
  comment_count: Generated<number>;
  /** Last top-level number handed out. */
  last_number: Generated<number>;
  version: Generated<number>;
  created_at: number;
  /** An embedding site's page: its first normalised URL and title (null for our own posts). */
  page_url: string | null;
  page_title: string | null;
}

/** The page addresses (normalised URLs) by which an embedding site's thread is found. */
export interface EmbedPagesTable {
  site_id: number;
  url: string;
  thread_id: number;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  site_id: number;
  url: string;
  event: string;
  body: string;
  created_at: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  status: Generated<string>;
  last_result: string | null;
  last_attempt_at: number | null;
}

/** A comment event a site's webhook must hear of, written with its cause (migration 022). */
export interface WebhookEventsTable {
  id: Generated<number>;
  site_id: number;
  comment_id: number;
  event: string;
  at: number;
}

/** Comments of an import run held until the file is read (migration 012). */
export interface ImportStagingTable {
  run_id: string;
  original_id: string;
  post_original_id: string;
  published_at: number;
  started_at: number;
  /** The ImportedComment as JSON. */
  record: string;
}

/** An imported post or comment: (site, kind, source, original id) → ours. */
export interface ImportKeysTable {
  site_id: number;
  kind: string;
  source: string;
  original_id: string;
  target_id: number;
  imported_at: number;
}

/** A reader a site signed in for us (single sign-on). */
export interface SsoIdentitiesTable {
  site_id: number;
  external_id: string;
  user_id: number;
}

/** Every URL a thread is reached by; a URL is never the thread's key. */
export interface ThreadUrlsTable {
  url: string;
  thread_id: number;
}

export interface PostsTable {
  id: Generated<number>;
  site_id: number;
  thread_id: number;
  slug: string;
  title: string;
  standfirst: string | null;
  body_source: string;
  body_html: string;
  dateline: string | null;
  lead_image_url: string | null;
  lead_image_caption: string | null;
  lead_image_credit: string | null;
  source_outlet: string | null;
  source_url: string | null;
  source_published_at: number | null;
  canonical_to_source: number;
  status: string;
  published_at: number | null;
  author_id: number | null;
  created_at: number;
  updated_at: number;
  /** When the post was moved to the trash (status "trashed"); purged 30 days later. */
  trashed_at: Generated<number | null>;
}

export interface CommentsTable {
  id: Generated<number>;
  thread_id: number;
  parent_id: number | null;
  /** Number under its parent (or in the thread, for top-level comments). Never reused. */
  number: number;
  /** "4.2.1": the numbers from the top-level ancestor down; unique per thread. */
  number_path: string;
  /** Number of the top-level ancestor, for paginating whole sub-threads. */
  root_number: number;
  /** Last reply number handed out under this comment. */
  last_child_number: Generated<number>;
  replying_to_id: number | null;
  /** The account it was posted from, when the author was signed in. */
  author_user_id: Generated<number | null>;
  author_name: string | null;
  author_website: string | null;
  body_source: string;
  body_html: string;
  status: string;
  created_at: number;
  edited_at: number | null;
  removed_at: number | null;
  edit_token_hash: string;
  /** Id in the system it was imported from, if any. */
  original_id: string | null;
  network_hash: Generated<string | null>;
  /** Hash of the folded text (see duplicate-text.ts), for finding repeats by index. */
  fingerprint: Generated<string | null>;
  /** JSON array of screening reasons ("phase: reason"). */
  screening: Generated<string | null>;
  spam_score: Generated<number | null>;
  /** What the spam model learnt from this comment: "spam", "ham" or null. */
  trained_as: Generated<string | null>;
  moderated_at: Generated<number | null>;
  moderated_by: Generated<number | null>;
  upvotes: Generated<number>;
  downvotes: Generated<number>;
  /** When an editor featured the comment (null: not featured). */
  featured_at: Generated<number | null>;
}

export interface ViewSaltsTable {
  day: string;
  salt: string;
}

export interface ViewDrainsTable {
  id: string;
  applied_at: number;
}

export interface ViewReadersTable {
  day: string;
  reader_hash: string;
}

export interface ViewDaysTable {
  thread_id: number;
  day: string;
  views: number;
}

export interface SecretsTable {
  name: string;
  value: string;
}
