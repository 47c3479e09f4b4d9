import type { FastifyInstance, FastifyReply } from "fastify";
import { assetUrl } from "../../views/asset-urls.js";
import type { JSX } from "preact";
import { isDomainError } from "../../domain/shared/errors.js";
import { logIn } from "../../domain/users/log-in.js";
import { startSession } from "../../domain/users/start-session.js";
import type { User } from "../../domain/users/user.js";
import { LoginPage } from "../../views/login-page.js";
import type { AppDeps } from "../deps.js";
import { floodGuard } from "../plugins/flood-guard.js";
import { setSessionCookie, SESSION_COOKIE } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

/**
 * Signing in from inside the embedded frame, where no cookie of ours works: the frame opens this
 * first-party window, the reader signs in here (or is already), and the window hands the frame a
 * session token through postMessage — to our own origin only, so only our frame can receive it.
 */
export function registerEmbedSignIn(app: FastifyInstance, deps: AppDeps): void {
  const secure = deps.config.publicUrl.startsWith("https:");
  const config = { keepsOpener: true };
  const forms = [app.csrfProtection];

  const page = (reply: FastifyReply, body: JSX.Element) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(
        renderDocument(
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <meta name="robots" content="noindex" />
              <title>Sign in to comment</title>
              <link rel="stylesheet" href={assetUrl("site.css")} />
              <script type="module" src={assetUrl("embed-sign-in.js")}></script>
            </head>
            <body>
              <main>{body}</main>
            </body>
          </html>,
        ),
      );

  const handOver = async (reply: FastifyReply, user: User) => {
    const session = await startSession(deps, { userId: user.id });
    return page(
      reply,
      <div class="account-page" id="hand-over" data-token={session.token} data-name={user.displayName}>
        <h1>Signed in</h1>
        <p>You are commenting as {user.displayName}. This window closes by itself; if it does not, close it and return to the discussion.</p>
      </div>,
    );
  };

  app.get("/embed/sign-in", { config }, async (req, reply) => {
    if (!req.user) return page(reply, <LoginPage csrfToken={reply.generateCsrf()} next="/embed/sign-in" action="/embed/sign-in" />);
    return page(
      reply,
      <div class="account-page">
        <h1>Comment as {req.user.displayName}?</h1>
        <form method="post" action="/embed/sign-in/continue" class="comment-form">
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <button type="submit">Continue as {req.user.displayName}</button>
        </form>
      </div>,
    );
  });

  app.post<{ Body: { email?: string; password?: string } }>("/embed/sign-in", { config, onRequest: floodGuard(deps, "login"), preValidation: forms }, async (req, reply) => {
    const form = req.body ?? {};
    try {
      const session = await logIn(deps, { email: String(form.email ?? ""), password: String(form.password ?? ""), previousToken: req.cookies[SESSION_COOKIE] });
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return handOver(reply, session.user);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
      return page(reply, <LoginPage csrfToken={reply.generateCsrf()} next="/embed/sign-in" action="/embed/sign-in" email={String(form.email ?? "")} error={err.message} />);
    }
  });

  app.post("/embed/sign-in/continue", { config, preValidation: forms }, async (req, reply) => {
    if (!req.user) return reply.redirect("/embed/sign-in", 303);
    return handOver(reply, req.user);
  });
}
