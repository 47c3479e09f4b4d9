/**
 * PostgreSQL: a statement that PostgreSQL aborted as a deadlock (40P01) is run again, up to three
 * times. Only for single statements: aborted, such a statement left nothing behind, so running it
 * again is safe. A data-modifying WITH locks its rows in an order PostgreSQL does not promise (its
 * parts run "concurrently"): two posts counted in the same author tally, one numbered from the
 * thread and one from a parent comment, each held a row the other wanted. The comment insert now
 * orders its locks (insert-postgres.ts); this stays for any cycle not foreseen.
 */
export async function retryOnDeadlock<T>(statement: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (err) {
      if (attempt >= attempts || (err as { code?: unknown }).code !== "40P01") throw err;
    }
  }
}
