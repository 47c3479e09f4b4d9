import { parseId, NO_ID } from "../../domain/shared/ids.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import { isDomainError } from "../../domain/shared/errors.js";
import { changePassword } from "../../domain/users/change-password.js";
import { logIn } from "../../domain/users/log-in.js";
import { startSession } from "../../domain/users/start-session.js";
import type { User } from "../../domain/users/user.js";
import { AccountPage, QUEUE_NOTICE_MINUTES } from "../../views/account-page.js";
import { changeOwnSubscription } from "../../domain/notifications/subscriptions.js";
import { can } from "../../domain/users/policies.js";
import { MessagePage } from "../../views/message-page.js";
import { ConfirmLinkPage } from "../../views/reader-account-pages.js";
import { confirmEmailChange, deleteAccount, downloadReaderData, renameAccount, requestEmailChange } from "../../domain/users/reader-data.js";
import { Layout } from "../../views/layout.js";
import { LoginPage } from "../../views/login-page.js";
import type { AppDeps } from "../deps.js";
import { floodGuard } from "../plugins/flood-guard.js";
import { clearSessionCookie, requirePermission, safeNext, SESSION_COOKIE, setSessionCookie } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = Record<string, string | undefined>;

/** Sign in, sign out, and the account page with the password form. */
export function registerAccountPages(app: FastifyInstance, deps: AppDeps): void {
  const loginFlood = floodGuard(deps, "login");
  const secure = deps.config.publicUrl.startsWith("https:");
  const forms = [app.csrfProtection];
  const siteName = async () => (await deps.sites.getSite(OWN_SITE_ID)).name;
  const page = async (reply: FastifyReply, title: string, body: preact.JSX.Element) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderDocument(<Layout title={title} siteName={await siteName()}>{body}</Layout>));

  app.get<{ Querystring: { next?: string; expired?: string } }>("/login", async (req, reply) => {
    if (req.user) return reply.redirect(safeNext(req.query.next), 303);
    const notice = req.query.expired || req.sessionExpired ? "Your session has expired. Sign in again." : undefined;
    return page(reply, "Sign in", <LoginPage csrfToken={reply.generateCsrf()} next={safeNext(req.query.next)} notice={notice} />);
  });

  app.post<{ Body: Form }>("/login", { onRequest: loginFlood, preValidation: forms }, async (req, reply) => {
    const form = req.body ?? {};
    const next = safeNext(form.next);
    try {
      const session = await logIn(deps, { email: String(form.email ?? ""), password: String(form.password ?? ""), previousToken: req.cookies[SESSION_COOKIE] });
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return reply.redirect(next, 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
      return page(reply, "Sign in", <LoginPage csrfToken={reply.generateCsrf()} next={next} email={String(form.email ?? "")} error={err.message} />);
    }
  });

  app.post("/logout", { preValidation: forms }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deps.sessions.deleteSession(deps.hasher.sha256(token));
    clearSessionCookie(reply);
    return reply.redirect("/", 303);
  });

  /** The account page with everything on it: the reader's subscriptions, and for staff their queue notices. */
  const account = async (reply: FastifyReply, user: User, extra: { notice?: string | undefined; error?: { field?: string | undefined; message: string } }) =>
    page(
      reply,
      "Your account",
      <AccountPage
        user={user}
        csrfToken={reply.generateCsrf()}
        {...extra}
        subscriptions={await deps.subscriptions.describeSubscriptionsOf(user.id, deps.config.publicUrl)}
        queueMinutes={can.moderateComments(user) ? await deps.queueNotices.choiceOf(user.id) : undefined}
      />,
    );

  const NOTICES: Record<string, string> = { verified: "Thank you: your address is confirmed.", sent: "A new link is on its way to your address.", reset: "Your new password is set. Other browsers have been signed out.", subscription: "Your notifications are changed.", queue: "Your queue notices are changed." };
  app.get<{ Querystring: Record<string, string | undefined> }>("/account", { preHandler: requirePermission("useAccount") }, async (req, reply) => {
    const notice = Object.keys(NOTICES).find((k) => req.query[k] === "1");
    return account(reply, req.user as User, { notice: notice ? NOTICES[notice] : undefined });
  });

  /** The account page again, after one of its forms: a notice, or the problem by its form's field. */
  const accountForm = (path: string, act: (user: User, form: Form, reply: FastifyReply) => Promise<string | FastifyReply>, fieldOf: (field: string | undefined) => string | undefined = (f) => f) =>
    app.post<{ Body: Form }>(path, { onRequest: loginFlood, preValidation: forms, preHandler: requirePermission("useAccount") }, async (req, reply) => {
      const user = req.user as User;
      try {
        const done = await act(user, req.body ?? {}, reply);
        if (typeof done !== "string") return done;
        const fresh = (await deps.users.findUserById(user.id)) ?? user;
        return account(reply, fresh, { notice: done });
      } catch (err) {
        if (!isDomainError(err)) throw err;
        reply.status(STATUS_OF[err.code]);
        return account(reply, user, { error: { field: fieldOf(err.field), message: err.message } });
      }
    });
  const mailSite = async () => {
    const s = await deps.sites.getSite(OWN_SITE_ID);
    return { id: s.id, name: s.name, language: s.language, publicUrl: deps.config.publicUrl };
  };

  accountForm("/account/name", async (user, form) => `Your name is now ${await renameAccount(deps, user, String(form.displayName ?? ""))}. Comments you write from now on carry it.`);
  accountForm(
    "/account/email",
    async (user, form) => {
      await requestEmailChange(deps, await mailSite(), user, { email: String(form.email ?? ""), password: String(form.password ?? "") });
      deps.outboxWorker.kick();
      return "A link is on its way to the new address: your address changes when you open it.";
    },
    (f) => (f === "password" ? "emailPassword" : f),
  );
  accountForm(
    "/account/delete",
    async (user, form, reply) => {
      const threads = await deleteAccount(deps, user, { password: String(form.password ?? ""), comments: String(form.comments ?? "") });
      for (const threadId of threads) deps.events.publish({ type: "thread.changed", threadId });
      clearSessionCookie(reply);
      return page(reply, "Account deleted", <MessagePage heading="Account deleted" message="Your account is gone, with your address and your notifications." back={{ href: "/", label: "Back to the front page" }} />);
    },
    (f) => (f === "password" ? "deletePassword" : f),
  );

  // One subscription: a daily digest instead of single mails (digest=1 / 0), or none at all (stop=1).
  app.post<{ Params: { id: string }; Body: Form }>("/account/subscriptions/:id", { preValidation: forms, preHandler: requirePermission("useAccount") }, async (req, reply) => {
    const body = req.body ?? {};
    try {
      await changeOwnSubscription(deps, (req.user as User).id, { subscriptionId: parseId(req.params.id) ?? NO_ID, ...(body.stop === "1" ? { stop: true } : { digest: body.digest === "1" }) });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return account(reply, req.user as User, { error: { field: "subscription", message: err.message } });
    }
    return reply.redirect("/account?subscription=1", 303);
  });

  // Staff: at most one mail about the moderation queue every N minutes, or none.
  app.post<{ Body: Form }>("/account/queue-notices", { preValidation: forms, preHandler: requirePermission("moderateComments") }, async (req, reply) => {
    const raw = String(req.body?.minutes ?? "");
    const minutes = raw === "" ? null : Number(raw);
    if (minutes !== null && !QUEUE_NOTICE_MINUTES.includes(minutes)) {
      reply.status(400);
      return account(reply, req.user as User, { error: { field: "minutes", message: "Choose one of the offered intervals." } });
    }
    await deps.queueNotices.setChoice((req.user as User).id, minutes, deps.clock.now());
    return reply.redirect("/account?queue=1", 303);
  });

  app.get("/account/data.json", { preHandler: requirePermission("useAccount") }, async (req, reply) =>
    reply
      .type("application/json; charset=utf-8")
      .header("cache-control", "no-store")
      .header("content-disposition", 'attachment; filename="broadsheet-account.json"')
      .send(JSON.stringify(await downloadReaderData(deps, req.user as User), null, 2)),
  );

  app.get<{ Querystring: { token?: string } }>("/account/email", async (req, reply) =>
    page(reply, "Confirm your new address", <ConfirmLinkPage csrfToken={reply.generateCsrf()} action="/account/email/confirm" token={String(req.query.token ?? "")} title="Confirm your new address" text="Press the button to make this your account's address." button="Use this address" />),
  );
  app.post<{ Body: Form }>("/account/email/confirm", { preValidation: forms }, async (req, reply) => {
    try {
      await confirmEmailChange(deps, String(req.body?.token ?? ""));
      return reply.redirect("/account?verified=1", 303);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return page(reply, "Confirm your new address", <MessagePage heading="This link does not work" message={err.message} />);
    }
  });

  app.post<{ Body: Form }>("/account/password", { onRequest: loginFlood, preValidation: forms, preHandler: requirePermission("useAccount") }, async (req, reply) => {
    const user = req.user as User; // requirePermission("useAccount") let only signed-in users through
    const form = req.body ?? {};
    try {
      await changePassword(deps, { user, currentPassword: String(form.currentPassword ?? ""), newPassword: String(form.newPassword ?? "") });
      const session = await startSession(deps, { userId: user.id });
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return account(reply, user, { notice: "Your password was changed. Other browsers have been signed out." });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
      return account(reply, user, { error: { field: err.field, message: err.message } });
    }
  });

}
