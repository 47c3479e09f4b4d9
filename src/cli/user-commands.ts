import { type Command, InvalidArgumentError } from "commander";
import { createUser } from "../domain/users/create-user.js";
import { resetUserPassword } from "../domain/users/manage-users.js";
import { accountByEmail, changeUserRole, inviteUser, OPERATOR, setAccountDisabled } from "../domain/users/admin-users.js";
import { isRole, ROLES, type Role } from "../domain/users/user.js";
import { OWN_SITE_ID } from "../domain/sites/site.js";
import { withDeps } from "./run-with.js";

/** `broadsheet user add|invite|…`: accounts, as the admin console manages them. */
export function registerUserCommands(program: Command): void {
  const role = (value: string): Role => {
    if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(", ")}`);
    return value;
  };

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
    .command("invite")
    .description("make an account and mail it a link to choose its password (7 days), as the admin console does")
    .requiredOption("--email <email>", "the address the invitation goes to")
    .requiredOption("--name <name>", "display name")
    .option("--role <role>", `one of ${ROLES.join(", ")}`, role, "editor" as Role)
    .action((opts: { email: string; name: string; role: Role }) =>
      withDeps(async (deps) => {
        const own = await deps.sites.getSite(OWN_SITE_ID);
        const u = await inviteUser(deps, { id: own.id, name: own.name, language: own.language, publicUrl: deps.config.publicUrl }, { actor: OPERATOR, email: opts.email, displayName: opts.name, role: opts.role });
        const sent = await deps.outboxWorker.runOnce();
        console.log(`Invited ${u.email} (${u.role}); ${sent > 0 ? "the invitation is sent" : "the invitation waits in the outbox for the server to send it"}.`);
      }, { existing: true }),
    );

  user
    .command("list")
    .description("list accounts")
    .action(() =>
      withDeps(async (deps) => {
        for (const u of await deps.users.listUsers()) console.log(`${u.email}\t${u.role}\t${u.displayName}\t${new Date(u.createdAt).toISOString()}`);
      }, { existing: true }),
    );

  user
    .command("set-role")
    .description("change an account's role (signs the account out everywhere; the last admin stays one)")
    .argument("<email>")
    .argument("<role>", `one of ${ROLES.join(", ")}`, role)
    .action((email: string, newRole: Role) =>
      withDeps(async (deps) => {
        const u = await accountByEmail(deps, email);
        await changeUserRole(deps, { actor: OPERATOR, userId: u.id, role: newRole });
        console.log(`${u.email} is now ${newRole}.`);
      }, { existing: true }),
    );

  for (const [name, disabled] of [["disable", true], ["enable", false]] as const) {
    user
      .command(name)
      .description(disabled ? "disable an account: it cannot sign in, its sessions and API tokens stop" : "enable a disabled account again")
      .argument("<email>")
      .action((email: string) =>
        withDeps(async (deps) => {
          const u = await accountByEmail(deps, email);
          await setAccountDisabled(deps, { actor: OPERATOR, userId: u.id, disabled });
          console.log(`${u.email} is ${disabled ? "disabled" : "enabled"}.`);
        }, { existing: true }),
      );
  }

  user
    .command("reset-password")
    .description("set a new random password (printed once) and sign the account out everywhere")
    .argument("<email>")
    .action((email: string) =>
      withDeps(async (deps) => {
        const { user: u, password } = await resetUserPassword(deps, { email });
        console.log(`New password for ${u.email} (shown once): ${password}`);
      }, { existing: true }),
    );
}
