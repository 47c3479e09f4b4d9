import { type Command, InvalidArgumentError } from "commander";
import { addSite, rotateSiteSecret, updateSite } from "../domain/sites/manage-sites.js";
import { LANGUAGES } from "../domain/sites/languages.js";
import { embedSnippet } from "../domain/embeds/snippet.js";
import type { VoteMode } from "../domain/sites/site.js";
import { DomainError } from "../domain/shared/errors.js";
import { withDeps } from "./run-with.js";

/** `broadsheet site add|list|set|rotate-secret|deliveries`: the sites that embed our discussions. */
export function registerSiteCommands(program: Command): void {
  const site = program.command("site").description("manage the sites that embed our discussions");
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const depth = (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError("must be a whole number");
    return n;
  };
  const yesNo = (value: string) => {
    if (value !== "yes" && value !== "no") throw new InvalidArgumentError("must be yes or no");
    return value === "yes";
  };

  site
    .command("add")
    .description("add an embedding site; prints its key, its secret (shown once) and the snippet")
    .requiredOption("--name <name>", "the site's name")
    .requiredOption("--origin <url>", "an origin allowed to embed (scheme://host[:port]); repeat for more", collect)
    .option("--language <lang>", `interface language: ${LANGUAGES.join(", ")}`)
    .option("--anonymous <yes|no>", "may readers comment without a name", yesNo)
    .option("--max-depth <n>", "deepest reply level", depth)
    .action((opts: { name: string; origin: string[]; language?: string; anonymous?: boolean; maxDepth?: number }) =>
      withDeps(async (deps) => {
        // Site 1 is our own blog, made by the first start: an embedding site must not take its place.
        if ((await deps.sites.listSites()).length === 0) throw new DomainError("conflict", "Start the blog once (npm start) before adding embedding sites: the first site is the blog itself.");
        const { site: made, secret } = await addSite(deps, { name: opts.name, origins: opts.origin, language: opts.language, allowAnonymous: opts.anonymous, maxDepth: opts.maxDepth });
        console.log(`Added site ${made.id}, ${made.name}: ${made.origins.join(" ")}`);
        console.log(`Key: ${made.publicKey}`);
        console.log(`Secret (shown once; signs SSO tokens and webhooks): ${secret}`);
        console.log(`Snippet:\n${embedSnippet(deps.config.publicUrl, made.publicKey)}`);
      }),
    );

  site
    .command("list")
    .description("list sites: id, key, name, origins")
    .action(() =>
      withDeps(async (deps) => {
        for (const s of await deps.sites.listSites()) console.log(`${s.id}\t${s.publicKey}\t${s.name}\t${s.origins.join(" ") || "(our own blog)"}\t${s.language}`);
      }, { existing: true }),
    );

  site
    .command("set")
    .description("change a site's name, origins (replaced by those given), language or discussion settings")
    .argument("<site>", "the site's id or key")
    .option("--name <name>")
    .option("--origin <url>", "an allowed origin; repeat for more (replaces the list)", collect)
    .option("--language <lang>", LANGUAGES.join(", "))
    .option("--anonymous <yes|no>", "may readers comment without a name", yesNo)
    .option("--max-depth <n>", "deepest reply level", depth)
    .option("--webhook <url>", "HTTPS endpoint for comment events (http only for 127.0.0.1), or none")
    .option("--votes <mode>", "readers' votes on comments: updown, like or none")
    .action((ref: string, opts: { name?: string; origin?: string[]; language?: string; anonymous?: boolean; maxDepth?: number; webhook?: string; votes?: string }) =>
      withDeps(async (deps) => {
        const s = await updateSite(deps, await siteIdOf(deps, ref), {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.origin !== undefined ? { origins: opts.origin } : {}),
          ...(opts.language !== undefined ? { language: opts.language } : {}),
          ...(opts.anonymous !== undefined ? { allowAnonymous: opts.anonymous } : {}),
          ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
          ...(opts.webhook !== undefined ? { webhookUrl: opts.webhook === "none" ? null : opts.webhook } : {}),
          ...(opts.votes !== undefined ? { votes: opts.votes as VoteMode } : {}),
        });
        console.log(`Site ${s.id}, ${s.name}: ${s.origins.join(" ") || "(our own blog)"}, ${s.language}, anonymous ${s.allowAnonymous ? "yes" : "no"}, depth ${s.maxDepth}, webhook ${s.webhookUrl ?? "none"}, votes ${s.votes}`);
      }, { existing: true }),
    );

  site
    .command("rotate-secret")
    .description("give a site a new secret (printed once); the old one stops working at once")
    .argument("<site>", "the site's id or key")
    .action((ref: string) =>
      withDeps(async (deps) => {
        const secret = await rotateSiteSecret(deps, await siteIdOf(deps, ref));
        console.log(`New secret (shown once): ${secret}`);
      }, { existing: true }),
    );

  site
    .command("deliveries")
    .description("a site's latest webhook deliveries: time, event, status, attempts, last answer")
    .argument("<site>", "the site's id or key")
    .option("--limit <n>", "how many", depth, 20)
    .action((ref: string, opts: { limit: number }) =>
      withDeps(async (deps) => {
        for (const d of await deps.webhooks.listDeliveries(await siteIdOf(deps, ref), opts.limit)) {
          console.log(`${new Date(d.createdAt).toISOString()}\t${d.event}\t${d.status}\t${d.attempts}\t${d.lastResult ?? "-"}\t${d.id}`);
        }
      }, { existing: true }),
    );

  async function siteIdOf(deps: { sites: { findSiteByKey(key: string): Promise<{ id: number } | undefined> } }, ref: string): Promise<number> {
    if (/^\d+$/.test(ref)) return Number(ref);
    const found = await deps.sites.findSiteByKey(ref);
    if (!found) throw new DomainError("not_found", `No site has the key ${ref}.`);
    return found.id;
  }
}
