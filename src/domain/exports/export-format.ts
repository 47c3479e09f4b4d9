/**
 * Broadsheet's own export format, version 1 (docs/export-format.md): JSON Lines — one JSON object
 * per line, so a decade of comments is written and read as a stream. The first line says what the
 * file is; the last line counts the records, so a cut-off file is recognised. In between, records
 * of each type in the order below (parents before what refers to them), each ordered by its key.
 *
 * Every record is a row of ours with its field names in camelCase; times are ISO 8601 in UTC with
 * milliseconds; `json` fields are JSON values, not strings. Fields marked secret (password hashes,
 * site secrets) are written only when asked; without them a restore gives each user an unusable
 * password (reset it) and each site a new secret.
 */
export const EXPORT_FORMAT = "broadsheet-export";
export const EXPORT_VERSION = 3;
/** Versions this Broadsheet reads: an older file lacks the fields added since (read as null). */
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

/** How a field is written: whole number, text, ISO time, 0/1 as true/false, a JSON value; `?` may be null. */
export type FieldKind = "int" | "text" | "time" | "bool" | "json" | "int?" | "text?" | "time?" | "json?";

export interface RecordType {
  /** Our table the records are rows of. */
  readonly table: string;
  /** Columns in the order they are written, with how. */
  readonly fields: Readonly<Record<string, FieldKind>>;
  /** Columns written only when secrets are asked for. */
  readonly secret?: readonly string[];
  /** The columns that order the records (a unique key). */
  readonly orderBy: readonly string[];
  /** How a record belongs to a site, for `export --site`: its own column, or its thread's or post's. */
  readonly site: "id" | "site_id" | "thread_id" | "post_id" | "comment_id" | "all";
  /** Nullable columns added after version 1, with the version that added them. */
  readonly added?: Readonly<Record<string, number>>;
}

/** The record types, in the order a file holds them. */
export const RECORD_TYPES = {
  site: {
    table: "sites",
    fields: { id: "int", name: "text", language: "text", origins: "json", allow_anonymous: "bool", max_depth: "int", moderation: "json", votes: "text", public_key: "text", secret: "text", webhook_url: "text?", created_at: "time", look: "json?" },
    secret: ["secret"],
    orderBy: ["id"],
    site: "id",
    added: { look: 3 },
  },
  user: {
    table: "users",
    fields: { id: "int", email: "text", display_name: "text", role: "text", password_hash: "text", created_at: "time", email_verified_at: "time?", queue_mail_minutes: "int?", disabled_at: "time?" },
    secret: ["password_hash"],
    orderBy: ["id"],
    site: "all",
    added: { queue_mail_minutes: 2, disabled_at: 3 },
  },
  thread: {
    table: "threads",
    fields: { id: "int", site_id: "int", mode: "text", view_count: "int", comment_count: "int", last_number: "int", page_url: "text?", page_title: "text?", created_at: "time" },
    orderBy: ["id"],
    site: "site_id",
  },
  "thread-address": { table: "thread_urls", fields: { thread_id: "int", url: "text" }, orderBy: ["thread_id", "url"], site: "thread_id" },
  "embed-page": { table: "embed_pages", fields: { site_id: "int", thread_id: "int", url: "text", created_at: "time" }, orderBy: ["thread_id", "url"], site: "site_id" },
  post: {
    table: "posts",
    fields: {
      id: "int", site_id: "int", thread_id: "int", slug: "text", status: "text", title: "text", standfirst: "text?", dateline: "text?",
      body_source: "text", body_html: "text", lead_image_url: "text?", lead_image_caption: "text?", lead_image_credit: "text?",
      source_outlet: "text?", source_url: "text?", source_published_at: "time?", canonical_to_source: "bool",
      author_id: "int?", published_at: "time?", created_at: "time", updated_at: "time",
    },
    orderBy: ["id"],
    site: "site_id",
  },
  "static-page": {
    table: "static_pages",
    fields: { id: "int", site_id: "int", slug: "text", title: "text", body_source: "text", body_html: "text", in_nav: "bool", position: "int", created_at: "time", updated_at: "time" },
    orderBy: ["id"],
    site: "site_id",
  },
  "post-label": { table: "post_labels", fields: { post_id: "int", label: "text" }, orderBy: ["post_id", "label"], site: "post_id" },
  "post-revision": { table: "post_revisions", fields: { id: "int", post_id: "int", author_id: "int?", created_at: "time", snapshot: "json" }, orderBy: ["id"], site: "post_id" },
  comment: {
    table: "comments",
    fields: {
      id: "int", thread_id: "int", parent_id: "int?", number: "int", number_path: "text", root_number: "int", last_child_number: "int",
      replying_to_id: "int?", status: "text", author_user_id: "int?", author_name: "text?", author_website: "text?",
      body_source: "text", body_html: "text", original_id: "text?", screening: "json?", upvotes: "int", downvotes: "int",
      created_at: "time", edited_at: "time?", removed_at: "time?", moderated_at: "time?", moderated_by: "int?", featured_at: "time?",
    },
    orderBy: ["id"],
    site: "thread_id",
    added: { featured_at: 2 },
  },
  "comment-vote": { table: "comment_votes", fields: { comment_id: "int", voter_key: "text", value: "int", created_at: "time" }, orderBy: ["comment_id", "voter_key"], site: "comment_id" },
  subscription: {
    table: "subscriptions",
    fields: { id: "int", site_id: "int", thread_id: "int", comment_id: "int?", user_id: "int?", email: "text", digest: "int", confirmed_at: "time?", created_at: "time" },
    orderBy: ["id"],
    site: "site_id",
  },
  "view-day": { table: "view_days", fields: { thread_id: "int", day: "text", views: "int" }, orderBy: ["thread_id", "day"], site: "thread_id" },
  "import-key": {
    table: "import_keys",
    fields: { site_id: "int", kind: "text", source: "text", original_id: "text", target_id: "int", imported_at: "time" },
    orderBy: ["site_id", "kind", "source", "original_id"],
    site: "site_id",
  },
  "sso-identity": { table: "sso_identities", fields: { site_id: "int", external_id: "text", user_id: "int" }, orderBy: ["site_id", "external_id"], site: "site_id" },
} as const satisfies Record<string, RecordType>;

export type RecordTypeName = keyof typeof RECORD_TYPES;
export const RECORD_TYPE_NAMES = Object.keys(RECORD_TYPES) as RecordTypeName[];

/** The first line of a file. */
export interface ExportHeader {
  readonly type: typeof EXPORT_FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  /** The one site exported, or null for all of them. */
  readonly site: number | null;
  readonly secrets: boolean;
}

/** The last line: how many records of each type came before it. */
export interface ExportEnd {
  readonly type: "end";
  readonly counts: Readonly<Record<string, number>>;
}

/** A record: `type` and the fields of its row, as JSON values. */
export type ExportRecord = { readonly type: RecordTypeName } & Readonly<Record<string, unknown>>;

/** The field name a column is written as: created_at → createdAt. */
export const fieldName = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * What is wrong with a record, or null: unknown type, a field missing, of the wrong kind, or one
 * we do not know (a newer version's file is refused rather than half-read).
 */
export function recordProblem(record: unknown, secrets: boolean, version = EXPORT_VERSION): string | null {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return "not a JSON object";
  const r = record as Record<string, unknown>;
  const type = r.type;
  if (typeof type !== "string" || !(type in RECORD_TYPES)) return `unknown record type ${JSON.stringify(type)}`;
  const spec: RecordType = RECORD_TYPES[type as RecordTypeName];
  const expected = new Set(["type"]);
  for (const [column, kind] of Object.entries(spec.fields)) {
    const name = fieldName(column);
    if (!secrets && spec.secret?.includes(column)) continue;
    expected.add(name);
    if (!(name in r) && (spec.added?.[column] ?? 1) > version) {
      r[name] = null; // a field added since the file's version
      continue;
    }
    if (!(name in r)) return `${type}: field ${name} is missing`;
    const problem = valueProblem(r[name], kind);
    if (problem) return `${type}: field ${name} ${problem}`;
  }
  for (const name of Object.keys(r)) if (!expected.has(name)) return `${type}: unknown field ${name}`;
  return null;
}

function valueProblem(value: unknown, kind: FieldKind): string | null {
  const nullable = kind.endsWith("?");
  if (value === null) return nullable ? null : "must not be null";
  switch (kind.replace("?", "")) {
    case "int":
      return Number.isSafeInteger(value) ? null : "must be a whole number";
    case "text":
      return typeof value === "string" ? null : "must be text";
    case "bool":
      return typeof value === "boolean" ? null : "must be true or false";
    case "time":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "must be an ISO time in UTC (2024-06-19T09:00:00.000Z)";
    default:
      return null; // json: any JSON value
  }
}
