import SQLite from "better-sqlite3";

/** Opens a backup copy read-only and checks it: SQLite's integrity check, and what it holds. */
export function verifySqliteCopy(file: string): { integrity: string; posts: number; comments: number; users: number } {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => (copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { integrity: String(copy.pragma("integrity_check", { simple: true })), posts: count("posts"), comments: count("comments"), users: count("users") };
  } finally {
    copy.close();
  }
}
