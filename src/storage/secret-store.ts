import type { Store } from "./db.js";

/** Named server secrets (cookie signing key). Created once; the first writer wins across nodes. */
export async function getOrCreateSecret({ db }: Store, name: string, candidate: string): Promise<string> {
  await db.insertInto("secrets").values({ name, value: candidate }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const row = await db.selectFrom("secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}
