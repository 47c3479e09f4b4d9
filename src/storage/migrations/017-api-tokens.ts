import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.js";

/** Staff API tokens: only the SHA-256 of each is kept; scopes as a space-separated list. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bigint = dialect === "postgres" ? "bigint" : "integer";
  const id = dialect === "postgres" ? "serial primary key" : "integer primary key autoincrement";
  await sql
    .raw(
      `create table api_tokens (
        id ${id},
        user_id integer not null references users(id) on delete cascade,
        name text not null,
        scopes text not null,
        token_hash text not null unique,
        created_at ${bigint} not null,
        expires_at ${bigint},
        last_used_at ${bigint},
        revoked_at ${bigint}
      )`,
    )
    .execute(db);
  await sql`create index api_tokens_user on api_tokens (user_id)`.execute(db);
}
