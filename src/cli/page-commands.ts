import type { Command } from "commander";
import { deleteStaticPage, saveStaticPage } from "../domain/pages/static-page.js";
import { DomainError } from "../domain/shared/errors.js";
import { OWN_SITE_ID } from "../domain/sites/site.js";
import { OPERATOR } from "../domain/users/operator.js";
import { readInputFile } from "./input-file.js";
import { withDeps } from "./run-with.js";

/**
 * `broadsheet page list|save|delete`: the blog's static pages (About, Contact, Policy) as the
 * console's pages do them, through the same use cases (checked, logged as the command line).
 */
export function registerPageCommands(program: Command): void {
  const page = program.command("page").description("the blog's static pages (About, Contact, Policy), as /admin/settings does them");

  page
    .command("list")
    .description("the pages, in the navigation's order")
    .action(() =>
      withDeps(async (deps) => {
        const pages = await deps.pages.listPages(OWN_SITE_ID);
        if (pages.length === 0) console.log("No pages yet: broadsheet page save --title About --body-file about.md");
        for (const p of pages) console.log(`/pages/${p.slug}\t${p.title}\t${p.inNav ? `navigation #${p.position}` : "not in the navigation"}`);
      }, { existing: true }),
    );

  page
    .command("save")
    .description("add a page, or change the one at --slug")
    .requiredOption("--title <title>")
    .requiredOption("--body-file <path>", "the page's text, Markdown (- for standard input)")
    .option("--slug <slug>", "its address, /pages/SLUG (default: from the title)")
    .option("--hidden", "keep it out of the navigation")
    .option("--position <n>", "its place in the navigation, 0–999", "0")
    .action((opts: { title: string; bodyFile: string; slug?: string; hidden?: boolean; position: string }) =>
      withDeps(async (deps) => {
        const body = readInputFile(opts.bodyFile, "--body-file").toString("utf8");
        const existing = opts.slug ? await deps.pages.findPage(OWN_SITE_ID, opts.slug.trim().toLowerCase()) : undefined;
        const saved = await saveStaticPage(deps, {
          actor: OPERATOR, siteId: OWN_SITE_ID, id: existing?.id, title: opts.title, slug: opts.slug ?? "", body, inNav: !opts.hidden, position: opts.position,
        });
        console.log(`${existing ? "Changed" : "Added"} /pages/${saved.slug} (${saved.title}).`);
      }, { existing: true }),
    );

  page
    .command("delete")
    .description("delete the page at /pages/SLUG")
    .argument("<slug>")
    .action((slug: string) =>
      withDeps(async (deps) => {
        const found = await deps.pages.findPage(OWN_SITE_ID, slug.trim().toLowerCase());
        if (!found) throw new DomainError("not_found", `There is no page at /pages/${slug}.`);
        await deleteStaticPage(deps, { actor: OPERATOR, id: found.id });
        console.log(`Deleted /pages/${found.slug}.`);
      }, { existing: true }),
    );
}
