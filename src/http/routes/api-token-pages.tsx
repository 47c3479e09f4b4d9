import { parseId, NO_ID } from "../../domain/shared/ids.js";
import { siteChrome } from "../../views/site-chrome.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import { isDomainError, DomainError } from "../../domain/shared/errors.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { createApiToken, revokeApiToken, scopesFor } from "../../domain/users/api-tokens.js";
import type { User } from "../../domain/users/user.js";
import { ApiTokensPage, type ApiTokensPageProps } from "../../views/api-tokens-page.js";
import { Layout } from "../../views/layout.js";
import type { AppDeps } from "../deps.js";
import { requirePermission } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = Record<string, string | string[] | undefined>;

/** Staff make and revoke their API tokens (the account page links here). */
export function registerApiTokenPages(app: FastifyInstance, deps: AppDeps): void {
  const staff = requirePermission("useApiTokens");
  const page = async (reply: FastifyReply, user: User, extra: Partial<ApiTokensPageProps> = {}) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        renderDocument(
          <Layout title="API tokens" siteName={(await deps.sites.getSite(OWN_SITE_ID)).name}>
            <ApiTokensPage tokens={await deps.apiTokens.listTokens(user.id)} scopes={scopesFor(user)} csrfToken={reply.generateCsrf()} timeZone={siteChrome().timeZone} {...extra} />
          </Layout>,
        ),
      );

  app.get<{ Querystring: { revoked?: string } }>("/account/tokens", { preHandler: staff }, async (req, reply) =>
    page(reply, req.user as User, req.query.revoked === "1" ? { notice: "The token is revoked: it no longer works." } : {}),
  );

  app.post<{ Body: Form }>("/account/tokens", { preValidation: app.csrfProtection, preHandler: staff }, async (req, reply) => {
    const user = req.user as User;
    const body = req.body ?? {};
    const values = { name: String(body.name ?? ""), scopes: [body["scopes[]"] ?? []].flat().map(String), expiresInDays: String(body.expiresInDays ?? "") };
    try {
      const days = values.expiresInDays === "" ? null : Number(values.expiresInDays);
      const { secret, token } = await createApiToken(deps, { actor: user, name: values.name, scopes: values.scopes, expiresInDays: days });
      return page(reply.status(201), user, { created: { name: token.name, secret } });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return page(reply, user, { error: { message: err.message, field: err.field }, values });
    }
  });

  app.post<{ Params: { id: string } }>("/account/tokens/:id/revoke", { preValidation: app.csrfProtection, preHandler: staff }, async (req, reply) => {
    const id = parseId(req.params.id) ?? NO_ID;
    if (!Number.isSafeInteger(id)) throw new DomainError("not_found", "You have no such token.");
    await revokeApiToken(deps, { actor: req.user as User, tokenId: id });
    return reply.redirect("/account/tokens?revoked=1", 303);
  });
}
