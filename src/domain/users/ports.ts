import type { Role, User } from "./user.js";

export interface UserStore {
  countUsers(): Promise<number>;
  findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  insertUser(user: { email: string; displayName: string; role: Role; passwordHash: string; createdAt: number }): Promise<User>;
}
