import type { Selectable } from "kysely";
import { TOKEN_SCOPES, type ApiToken, type ApiTokenStore, type TokenScope } from "../domain/users/api-tokens.js";
import type { Store } from "./db.js";
import type { ApiTokensTable } from "./schema.js";
import { toUser } from "./user-store.js";

function toToken(r: Pick<Selectable<ApiTokensTable>, "id" | "user_id" | "name" | "scopes" | "created_at" | "expires_at" | "last_used_at">): ApiToken {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    name: r.name,
    scopes: r.scopes.split(" ").filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s)),
    createdAt: Number(r.created_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  };
}

const TOKEN_COLUMNS = ["api_tokens.id", "api_tokens.user_id", "api_tokens.name", "api_tokens.scopes", "api_tokens.created_at", "api_tokens.expires_at", "api_tokens.last_used_at"] as const;

export function makeApiTokenStore({ db }: Store): ApiTokenStore {
  return {
    async insertToken(t) {
      const r = await db
        .insertInto("api_tokens")
        .values({ user_id: t.userId, name: t.name, scopes: t.scopes.join(" "), token_hash: t.tokenHash, created_at: t.createdAt, expires_at: t.expiresAt })
        .returning(TOKEN_COLUMNS)
        .executeTakeFirstOrThrow();
      return toToken(r);
    },
    async findTokenUser(tokenHash, now) {
      const r = await db
        .selectFrom("api_tokens")
        .innerJoin("users", "users.id", "api_tokens.user_id")
        .select([...TOKEN_COLUMNS, "users.email", "users.display_name", "users.role", "users.created_at as user_created_at", "users.email_verified_at"])
        .where("api_tokens.token_hash", "=", tokenHash)
        .where("api_tokens.revoked_at", "is", null)
        .where("users.disabled_at", "is", null)
        .where((eb) => eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", now)]))
        .executeTakeFirst();
      if (!r) return undefined;
      return { token: toToken(r), user: toUser({ id: r.user_id, email: r.email, display_name: r.display_name, role: r.role, created_at: r.user_created_at, email_verified_at: r.email_verified_at }) };
    },
    async listTokens(userId) {
      const rows = await db.selectFrom("api_tokens").select(TOKEN_COLUMNS).where("user_id", "=", userId).where("revoked_at", "is", null).orderBy("id", "desc").execute();
      return rows.map(toToken);
    },
    async revokeToken(id, userId, at) {
      const r = await db.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", id).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async touchToken(id, at) {
      await db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
    },
  };
}
