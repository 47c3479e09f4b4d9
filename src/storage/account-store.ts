import type { AccountStore, MailToken, TokenPurpose } from "../domain/users/ports.js";
import type { Role } from "../domain/users/user.js";
import { nameKey } from "../domain/users/reserved-names.js";
import { withTransaction, type Store } from "./db.js";
import { insertMails } from "./outbox-store.js";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

async function insertToken(db: Kysely<Database>, t: MailToken): Promise<void> {
  // A new link replaces the old ones of its kind: only the latest works.
  if (t.userId !== null) {
    await db.updateTable("mail_tokens").set({ used_at: t.createdAt }).where("user_id", "=", t.userId).where("purpose", "=", t.purpose).where("used_at", "is", null).execute();
  }
  await db
    .insertInto("mail_tokens")
    .values({ token_hash: t.tokenHash, purpose: t.purpose, user_id: t.userId, subscription_id: t.subscriptionId, email: t.email, created_at: t.createdAt, expires_at: t.expiresAt, used_at: null })
    .execute();
}

async function useToken(db: Kysely<Database>, tokenHash: string, purpose: TokenPurpose, now: number): Promise<MailToken | undefined> {
  const r = await db
    .updateTable("mail_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returningAll()
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    tokenHash: r.token_hash,
    purpose: r.purpose as TokenPurpose,
    userId: r.user_id === null ? null : Number(r.user_id),
    subscriptionId: r.subscription_id === null ? null : Number(r.subscription_id),
    email: r.email,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  };
}

export function makeAccountStore(store: Store): AccountStore {
  return {
    createReader: (input) =>
      withTransaction(store, async (trx) => {
        const role: Role = "commenter";
        const row = await trx
          .insertInto("users")
          .values({ email: input.email, display_name: input.displayName, name_key: nameKey(input.displayName), role, password_hash: input.passwordHash, created_at: input.createdAt, email_verified_at: null })
          .returning("id")
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await insertToken(trx, { ...input.token, userId: id });
        await insertMails(trx, [input.mail], input.createdAt);
        return { id, email: input.email, displayName: input.displayName, role, createdAt: input.createdAt, emailVerified: false };
      }),
    issueToken: (token, mail) =>
      withTransaction(store, async (trx) => {
        await insertToken(trx, token);
        await insertMails(trx, [mail], token.createdAt);
      }),
    queueMail: (mail, now) => withTransaction(store, (trx) => insertMails(trx, [mail], now)),
    useToken: (tokenHash, purpose, now) => withTransaction(store, (trx) => useToken(trx, tokenHash, purpose, now)),
    setEmailVerified: (userId, email, now) =>
      withTransaction(store, async (trx) => {
        const r = await trx.updateTable("users").set({ email_verified_at: now }).where("id", "=", userId).where("email", "=", email).executeTakeFirst();
        // Notifications asked for before the address was proved start now.
        await trx.updateTable("subscriptions").set({ confirmed_at: now }).where("user_id", "=", userId).where("email", "=", email).where("confirmed_at", "is", null).execute();
        return Number(r.numUpdatedRows) > 0;
      }),
    resetPassword: (tokenHash, now, passwordHash) =>
      withTransaction(store, async (trx) => {
        const token = await useToken(trx, tokenHash, "reset-password", now);
        if (!token || token.userId === null) return undefined;
        // The link proved the address too.
        await trx.updateTable("users").set({ password_hash: passwordHash, email_verified_at: now }).where("id", "=", token.userId).where("email", "=", token.email).execute();
        await trx.deleteFrom("sessions").where("user_id", "=", token.userId).execute();
        return token.userId;
      }),
  };
}
