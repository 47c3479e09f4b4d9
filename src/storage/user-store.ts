import type { UserStore } from "../domain/users/ports.js";
import type { Role } from "../domain/users/user.js";
import type { Store } from "./db.js";

export function makeUserStore({ db }: Store): UserStore {
  return {
    async countUsers() {
      const r = await db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async findUserByEmail(email) {
      const r = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
      return r && { id: Number(r.id), email: r.email, displayName: r.display_name, role: r.role as Role, createdAt: Number(r.created_at), passwordHash: r.password_hash };
    },
    async insertUser(u) {
      const r = await db
        .insertInto("users")
        .values({ email: u.email, display_name: u.displayName, role: u.role, password_hash: u.passwordHash, created_at: u.createdAt })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: Number(r.id), email: u.email, displayName: u.displayName, role: u.role, createdAt: u.createdAt };
    },
  };
}
