import { sql, type Selectable } from "kysely";
import type { AdminUserRow, SessionStore, UserStore } from "../domain/users/ports.js";
import { INVITED_PASSWORD, type Role, type User } from "../domain/users/user.js";
import type { Store } from "./db.js";
import { nameKey } from "../domain/users/reserved-names.js";
import type { UsersTable } from "./schema.js";

export function toUser(r: Pick<Selectable<UsersTable>, "id" | "email" | "display_name" | "role" | "created_at" | "email_verified_at">): User {
  return { id: Number(r.id), email: r.email, displayName: r.display_name, role: r.role as Role, createdAt: Number(r.created_at), emailVerified: r.email_verified_at !== null };
}

function adminUsers(db: Store["db"]) {
  return db
    .selectFrom("users")
    .select(["users.id", "users.email", "users.display_name", "users.role", "users.created_at", "users.email_verified_at", "users.disabled_at", "users.password_hash"])
    .select((eb) => eb.selectFrom("comments").select(eb.fn.countAll().as("n")).whereRef("comments.author_user_id", "=", "users.id").as("comments"));
}

function toAdminRow(r: Pick<Selectable<UsersTable>, "id" | "email" | "display_name" | "role" | "created_at" | "email_verified_at" | "disabled_at" | "password_hash"> & { comments: unknown }): AdminUserRow {
  return { ...toUser(r), disabledAt: r.disabled_at === null ? null : Number(r.disabled_at), comments: Number(r.comments ?? 0), invited: r.password_hash === INVITED_PASSWORD };
}

export function makeUserStore({ db }: Store): UserStore {
  return {
    async countUsers() {
      const r = await db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async countUsersWithRole(role) {
      const r = await db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).where("role", "=", role).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async findUserById(id) {
      const r = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
      return r && toUser(r);
    },
    async findUserByEmail(email) {
      const r = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
      return r && { ...toUser(r), passwordHash: r.password_hash, disabledAt: r.disabled_at === null ? null : Number(r.disabled_at) };
    },
    async searchUsers({ query, limit, role }) {
      let q = adminUsers(db);
      const needle = query.trim().toLowerCase();
      if (needle !== "") {
        const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb(eb.fn("lower", ["users.display_name"]), "like", sql<string>`${like} escape '\\'`), eb("users.email", "like", sql<string>`${like} escape '\\'`)]));
      }
      if (role) q = q.where("users.role", "=", role);
      return (await q.orderBy("users.id", "desc").limit(limit).execute()).map(toAdminRow);
    },
    async findAdminUser(id) {
      const r = await adminUsers(db).where("users.id", "=", id).executeTakeFirst();
      return r && toAdminRow(r);
    },
    async setUserDisabled(id, at) {
      await db.updateTable("users").set({ disabled_at: at }).where("id", "=", id).execute();
    },
    async listUsers() {
      return (await db.selectFrom("users").selectAll().orderBy("id").execute()).map(toUser);
    },
    async insertUser(u) {
      const r = await db
        .insertInto("users")
        .values({ email: u.email, display_name: u.displayName, name_key: nameKey(u.displayName), role: u.role, password_hash: u.passwordHash, created_at: u.createdAt, email_verified_at: u.emailVerifiedAt === undefined ? u.createdAt : u.emailVerifiedAt })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: Number(r.id), email: u.email, displayName: u.displayName, role: u.role, createdAt: u.createdAt, emailVerified: u.emailVerifiedAt !== null };
    },
    async updateUserRole(id, role) {
      await db.updateTable("users").set({ role }).where("id", "=", id).execute();
    },
    async findOrCreateSsoUser(siteId, externalId, reader, createdAt) {
      return db.transaction().execute(async (trx) => {
        const known = await trx
          .selectFrom("sso_identities")
          .innerJoin("users", "users.id", "sso_identities.user_id")
          .selectAll("users")
          .where("sso_identities.site_id", "=", siteId)
          .where("sso_identities.external_id", "=", externalId)
          .executeTakeFirst();
        if (known) {
          if (known.display_name !== reader.displayName) await trx.updateTable("users").set({ display_name: reader.displayName, name_key: nameKey(reader.displayName) }).where("id", "=", known.id).execute();
          return { ...toUser(known), displayName: reader.displayName };
        }
        const row = await trx
          .insertInto("users")
          .values({ email: reader.accountEmail, display_name: reader.displayName, name_key: nameKey(reader.displayName), role: "commenter", password_hash: "!sso", created_at: createdAt })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto("sso_identities").values({ site_id: siteId, external_id: externalId, user_id: row.id }).execute();
        return toUser(row);
      });
    },
    async isNameTaken(key) {
      if (key === "") return false;
      return (await db.selectFrom("users").select("id").where("name_key", "=", key).executeTakeFirst()) !== undefined;
    },
    async updateUserPassword(id, passwordHash) {
      await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", id).execute();
    },
  };
}

export function makeSessionStore({ db }: Store): SessionStore {
  return {
    async insertSession(s) {
      await db.insertInto("sessions").values({ token_hash: s.tokenHash, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
    },
    async findSessionUser(tokenHash, now) {
      const r = await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .select(["users.id", "users.email", "users.display_name", "users.role", "users.created_at", "users.email_verified_at"])
        .where("sessions.token_hash", "=", tokenHash)
        .where("sessions.expires_at", ">", now)
        .where("users.disabled_at", "is", null)
        .executeTakeFirst();
      return r && toUser(r);
    },
    async deleteSession(tokenHash) {
      await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
    },
    async deleteSessionsOfUser(userId) {
      await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
    },
  };
}
