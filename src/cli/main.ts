import { Command, InvalidArgumentError } from "commander";
import { composeDeps, openStore } from "../compose.js";
import { loadConfig } from "../config.js";
import { DomainError } from "../domain/shared/errors.js";
import { createUser } from "../domain/users/create-user.js";
import { resetUserPassword, setUserRole } from "../domain/users/manage-users.js";
import { isRole, ROLES, type Role } from "../domain/users/user.js";

/** The `broadsheet` command: the same use cases as the web pages, from a terminal. */
const program = new Command("broadsheet").description("Broadsheet administration").showHelpAfterError();

const role = (value: string): Role => {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(", ")}`);
  return value;
};

/** Opens the configured store, runs `fn`, closes the store; domain refusals become a one-line error. */
async function withDeps(fn: (deps: Awaited<ReturnType<typeof composeDeps>>) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    await fn(await composeDeps(config, store));
  } catch (err) {
    if (err instanceof DomainError) {
      console.error(`broadsheet: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    throw err;
  } finally {
    await store.close();
  }
}

program
  .command("migrate")
  .description("bring the database schema up to date (start does this too)")
  .action(() => withDeps(async () => console.log("The database schema is up to date.")));

const user = program.command("user").description("manage accounts");

user
  .command("add")
  .description("add an account; prints a generated password unless --password is given")
  .requiredOption("--email <email>", "sign-in e-mail")
  .requiredOption("--name <name>", "display name")
  .option("--role <role>", `one of ${ROLES.join(", ")}`, role, "editor" as Role)
  .option("--password <password>", "at least 12 characters (prefer the generated one: shell history keeps this)")
  .action((opts: { email: string; name: string; role: Role; password?: string }) =>
    withDeps(async (deps) => {
      const password = opts.password ?? deps.random.token(15);
      const created = await createUser(deps, { email: opts.email, displayName: opts.name, role: opts.role, password });
      console.log(`Added ${created.email} (${created.role}).`);
      if (!opts.password) console.log(`Password (shown once): ${password}`);
    }),
  );

user
  .command("list")
  .description("list accounts")
  .action(() =>
    withDeps(async (deps) => {
      for (const u of await deps.users.listUsers()) console.log(`${u.email}\t${u.role}\t${u.displayName}\t${new Date(u.createdAt).toISOString()}`);
    }),
  );

user
  .command("set-role")
  .description("change an account's role (signs the account out everywhere)")
  .argument("<email>")
  .argument("<role>", `one of ${ROLES.join(", ")}`, role)
  .action((email: string, newRole: Role) =>
    withDeps(async (deps) => {
      const u = await setUserRole(deps, { email, role: newRole });
      console.log(`${u.email} is now ${u.role}.`);
    }),
  );

user
  .command("reset-password")
  .description("set a new random password (printed once) and sign the account out everywhere")
  .argument("<email>")
  .action((email: string) =>
    withDeps(async (deps) => {
      const { user: u, password } = await resetUserPassword(deps, { email });
      console.log(`New password for ${u.email} (shown once): ${password}`);
    }),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`broadsheet: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
