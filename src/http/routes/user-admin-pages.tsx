import { siteChrome } from "../../views/site-chrome.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, isDomainError } from "../../domain/shared/errors.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { changeUserRole, inviteUser, sendPasswordResetFor, setAccountDisabled } from "../../domain/users/admin-users.js";
import { isRole, type User } from "../../domain/users/user.js";
import { UserPage, UsersPage } from "../../views/admin/users-page.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = Record<string, string | string[] | undefined>;
const DONE: Record<string, string> = { invited: "The invitation is on its way.", role: "The role is changed; their sessions ended.", disabled: "The account is disabled.", enabled: "The account is enabled again.", reset: "A reset link is on its way." };

/** The admins' accounts console: the same use cases the `broadsheet user` commands call. */
export function registerUserAdminPages(app: FastifyInstance, deps: AppDeps): void {
  const admins = { preHandler: requirePermission("manageUsers") };
  const forms = { preValidation: app.csrfProtection, preHandler: requirePermission("manageUsers") };
  const actor = (req: FastifyRequest) => req.user as User;
  const site = async () => {
    const s = await deps.sites.getSite(OWN_SITE_ID);
    return { id: s.id, name: s.name, language: s.language, publicUrl: deps.config.publicUrl };
  };
  const page = async (reply: FastifyReply, title: string, body: preact.JSX.Element) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderDocument(<Layout title={title} siteName={(await site()).name}>{body}</Layout>));

  const list = async (reply: FastifyReply, q: { q?: string; role?: string }, extra: { notice?: string; error?: { message: string; field?: string | undefined }; values?: Record<string, string> } = {}) => {
    const query = String(q.q ?? "").slice(0, 200);
    const role = isRole(String(q.role ?? "")) ? (q.role as User["role"]) : undefined;
    const users = await deps.users.searchUsers({ query, role, limit: 200 });
    return page(reply, "Accounts", <UsersPage users={users} query={query} role={role ?? ""} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} {...extra} />);
  };

  app.get<{ Querystring: { q?: string; role?: string; done?: string } }>("/admin/users", admins, async (req, reply) => list(reply, req.query, { ...(req.query.done && DONE[req.query.done] ? { notice: DONE[req.query.done] } : {}) }));

  app.post<{ Body: Form }>("/admin/users/invite", forms, async (req, reply) => {
    const values = { email: String(req.body?.email ?? ""), displayName: String(req.body?.displayName ?? ""), role: String(req.body?.role ?? "") };
    try {
      await inviteUser(deps, await site(), { actor: actor(req), ...values });
      return reply.redirect("/admin/users?done=invited", 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return list(reply, {}, { error: { message: err.message, field: err.field }, values });
    }
  });

  const userId = (raw: string) => {
    if (!/^\d{1,12}$/.test(raw)) throw new DomainError("not_found", "There is no such account.");
    return Number(raw);
  };
  const one = async (req: FastifyRequest, reply: FastifyReply, id: number, extra: { notice?: string; error?: { message: string } } = {}) => {
    const user = await deps.users.findAdminUser(id);
    if (!user) throw new DomainError("not_found", "There is no such account.");
    return page(reply, user.displayName, <UserPage user={user} data={await deps.readerData.collect(id)} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} isSelf={actor(req).id === id} {...extra} />);
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>("/admin/users/:id", admins, async (req, reply) =>
    one(req, reply, userId(req.params.id), req.query.done && DONE[req.query.done] ? { notice: DONE[req.query.done] } : {}),
  );

  const action = (path: string, done: string, run: (req: FastifyRequest<{ Body: Form }>, id: number) => Promise<unknown>) =>
    app.post<{ Params: { id: string }; Body: Form }>(`/admin/users/:id/${path}`, forms, async (req, reply) => {
      const id = userId(req.params.id);
      try {
        await run(req, id);
        return reply.redirect(`/admin/users/${id}?done=${done}`, 303);
      } catch (err) {
        if (!isDomainError(err) || err.code === "not_found") throw err;
        reply.status(STATUS_OF[err.code]);
        return one(req, reply, id, { error: { message: err.message } });
      }
    });
  action("role", "role", (req, id) => changeUserRole(deps, { actor: actor(req), userId: id, role: String(req.body?.role ?? "") }));
  action("disable", "disabled", (req, id) => setAccountDisabled(deps, { actor: actor(req), userId: id, disabled: true }));
  action("enable", "enabled", (req, id) => setAccountDisabled(deps, { actor: actor(req), userId: id, disabled: false }));
  action("reset", "reset", async (req, id) => sendPasswordResetFor(deps, await site(), { actor: actor(req), userId: id }));
}
