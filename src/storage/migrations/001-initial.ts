import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** Sites, users, threads with URL aliases, posts, numbered comments, view tallies, secrets. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  // An auto-assigned integer key: SERIAL on PostgreSQL, INTEGER PRIMARY KEY AUTOINCREMENT on SQLite.
  const withId = (name: string) =>
    dialect === "postgres"
      ? db.schema.createTable(name).addColumn("id", "serial", (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());

  await withId("sites")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("allow_anonymous", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("max_depth", "integer", (c) => c.notNull().defaultTo(3))
    .addColumn("created_at", bigint, (c) => c.notNull())
    .execute();

  await withId("users")
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", bigint, (c) => c.notNull())
    .execute();

  await withId("threads")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("mode", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("view_count", bigint, (c) => c.notNull().defaultTo(0))
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("thread_urls")
    .addColumn("url", "text", (c) => c.primaryKey())
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id"))
    .execute();

  await withId("posts")
    .addColumn("site_id", "integer", (c) => c.notNull().references("sites.id"))
    .addColumn("thread_id", "integer", (c) => c.notNull().unique().references("threads.id"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("standfirst", "text")
    .addColumn("body_source", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("dateline", "text")
    .addColumn("lead_image_url", "text")
    .addColumn("lead_image_caption", "text")
    .addColumn("lead_image_credit", "text")
    .addColumn("source_outlet", "text")
    .addColumn("source_url", "text")
    .addColumn("source_published_at", bigint)
    .addColumn("canonical_to_source", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("published_at", bigint)
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("updated_at", bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("posts_published").on("posts").columns(["status", "published_at"]).execute();

  await withId("comments")
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id"))
    .addColumn("parent_id", "integer", (c) => c.references("comments.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("number_path", "text", (c) => c.notNull())
    .addColumn("root_number", "integer", (c) => c.notNull())
    .addColumn("last_child_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("replying_to_id", "integer", (c) => c.references("comments.id"))
    .addColumn("author_name", "text")
    .addColumn("author_website", "text")
    .addColumn("body_source", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", bigint, (c) => c.notNull())
    .addColumn("edited_at", bigint)
    .addColumn("removed_at", bigint)
    .addColumn("edit_token_hash", "text", (c) => c.notNull())
    .addColumn("original_id", "text")
    .addUniqueConstraint("comments_number_path_unique", ["thread_id", "number_path"])
    .execute();
  await db.schema.createIndex("comments_thread_root").on("comments").columns(["thread_id", "root_number"]).execute();
  await db.schema.createIndex("comments_parent").on("comments").column("parent_id").execute();

  await db.schema
    .createTable("view_salts")
    .addColumn("day", "text", (c) => c.primaryKey())
    .addColumn("salt", "text", (c) => c.notNull())
    .execute();
  // Written in bulk by every view flush: on SQLite a WITHOUT ROWID table keeps it to one B-tree.
  const readers = db.schema
    .createTable("view_readers")
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("reader_hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("view_readers_pk", ["day", "reader_hash"]);
  await (dialect === "sqlite" ? readers.modifyEnd(sql`without rowid`) : readers).execute();
  await db.schema
    .createTable("view_days")
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("view_days_pk", ["thread_id", "day"])
    .execute();

  await db.schema
    .createTable("secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
